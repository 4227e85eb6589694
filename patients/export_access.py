"""Who may open the cohort pages and export what: one condition per line.

Kept in one small module so it can be folded into ``patients/access.py``. The rules:

- cohort page and dashboard: clinicians, department admins and registry admins, for the
  departments where they hold one of those roles (identified, as on every other page);
- identified exports: only departments where the user is a department admin or a
  registry admin, so identified data never leaves a user's own departments;
- de-identified exports: a registry admin (in any department) gets every department; a
  department admin gets their own departments;
- nurses and clinicians never export.
"""

from django.db.models import QuerySet

from patients.access import AnyUser, departments_for
from patients.models import Department, ExportContent, Patient, Role

COHORT_ROLES = (Role.CLINICIAN, Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)
IDENTIFIED_EXPORT_ROLES = (Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)
DEIDENTIFIED_OWN_DEPARTMENT_ROLES = (Role.DEPARTMENT_ADMIN,)
REGISTRY_WIDE_ROLES = (Role.REGISTRY_ADMIN,)


def cohort_departments(user: AnyUser) -> QuerySet[Department]:
    """Return the departments whose cohort the user may browse, identified."""
    return departments_for(user, roles=COHORT_ROLES)


def cohort_patients(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients on the user's cohort page."""
    return Patient.objects.filter(department__in=cohort_departments(user))


def is_registry_wide(user: AnyUser) -> bool:
    """Return whether the user holds a registry-wide role in any department."""
    return departments_for(user, roles=REGISTRY_WIDE_ROLES).exists()


def export_departments(user: AnyUser, *, content: str) -> QuerySet[Department]:
    """Return the departments whose patients the user may export with this content."""
    if content == ExportContent.IDENTIFIED:
        return departments_for(user, roles=IDENTIFIED_EXPORT_ROLES)
    if content != ExportContent.DEIDENTIFIED:
        return Department.objects.none()
    if is_registry_wide(user):
        return Department.objects.all()
    return departments_for(user, roles=DEIDENTIFIED_OWN_DEPARTMENT_ROLES)


def export_contents(user: AnyUser) -> list[str]:
    """Return the contents (identified, de-identified) the user may export at all."""
    return [
        content
        for content in ExportContent.values
        if export_departments(user, content=content).exists()
    ]


def can_export(user: AnyUser) -> bool:
    """Return whether the user may export anything."""
    return bool(export_contents(user))


def exportable_patients(user: AnyUser, *, content: str) -> QuerySet[Patient]:
    """Return the patients the user may export with this content."""
    return Patient.objects.filter(department__in=export_departments(user, content=content))


def browsable_departments(user: AnyUser) -> QuerySet[Department]:
    """Return every department the user may pick in a cohort filter (page or export)."""
    ids = set(cohort_departments(user).values_list("pk", flat=True))
    for content in ExportContent.values:
        ids |= set(export_departments(user, content=content).values_list("pk", flat=True))
    return Department.objects.filter(pk__in=ids)
