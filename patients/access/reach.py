"""Cohort and exports: which departments (and so which patients) each right reaches."""

from django.db.models import QuerySet

from patients.access.rules import ROLES_ADMIN, ROLES_CLINICAL
from patients.access.scope import AnyUser, departments_for
from patients.access.user_rules import can_export_deidentified
from patients.models import Department, ExportContent, Patient


def cohort_departments(user: AnyUser) -> QuerySet[Department]:
    """Return the departments whose cohort the user may browse (``can_view_cohort``)."""
    return departments_for(user, roles=ROLES_CLINICAL)


def cohort_patients(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients on the user's cohort page and dashboard."""
    return Patient.objects.filter(department__in=cohort_departments(user))


def can_view_a_cohort(user: AnyUser) -> bool:
    """Clinicians and admins open the cohort pages; nurses do not."""
    return cohort_departments(user).exists()


def export_departments(user: AnyUser, *, content: str) -> QuerySet[Department]:
    """Return the departments whose patients the user may export with this content.

    Identified: departments where ``can_export_identified`` holds. De-identified: every
    department for a registry admin (``can_export_deidentified``), else the departments
    the user may export identified (less data than they already may take).
    """
    if content == ExportContent.IDENTIFIED:
        return departments_for(user, roles=ROLES_ADMIN)
    if content != ExportContent.DEIDENTIFIED:
        return Department.objects.none()
    if can_export_deidentified(user):
        return Department.objects.all()
    return departments_for(user, roles=ROLES_ADMIN)


def export_contents(user: AnyUser) -> list[str]:
    """Return the contents (identified, de-identified) the user may export at all."""
    return [
        content
        for content in ExportContent.values
        if export_departments(user, content=content).exists()
    ]


def can_export(user: AnyUser) -> bool:
    """Department and registry admins export; nurses and clinicians never do."""
    return bool(export_contents(user))


def exportable_patients(user: AnyUser, *, content: str) -> QuerySet[Patient]:
    """Return the patients the user may export with this content."""
    return Patient.objects.filter(department__in=export_departments(user, content=content))


def patients_for_identified_export(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may export with names: departments they administer."""
    return exportable_patients(user, content=ExportContent.IDENTIFIED)


def patients_for_deidentified_export(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may export without names."""
    return exportable_patients(user, content=ExportContent.DEIDENTIFIED)


def browsable_departments(user: AnyUser) -> QuerySet[Department]:
    """Return every department the user may pick in a cohort filter (page or export)."""
    ids = set(cohort_departments(user).values_list("pk", flat=True))
    for content in ExportContent.values:
        ids |= set(export_departments(user, content=content).values_list("pk", flat=True))
    return Department.objects.filter(pk__in=ids)
