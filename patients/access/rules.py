"""Rules: what a role may do in a department, one condition each.

Roles build on each other within a department (see ``patients.access``).
"""

from collections.abc import Callable

from patients.access.scope import AnyUser, role_in
from patients.models import Department, Role

DepartmentRule = Callable[[AnyUser, Department], bool]

ROLES_ALL = tuple(Role.values)
ROLES_CLINICAL = (Role.CLINICIAN, Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)
ROLES_ADMIN = (Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)


def can_read_patient(user: AnyUser, department: Department) -> bool:
    """Every role reads the patients of its departments."""
    return role_in(user, department.pk) in ROLES_ALL


def can_edit_clinical(user: AnyUser, department: Department) -> bool:
    """Every role enters and edits visits, biopsies, panels, tests and therapy courses."""
    return role_in(user, department.pk) in ROLES_ALL


def can_change_diagnosis(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins record diagnosis changes; nurses do not."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_handle_reminders(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins act on follow-up reminders."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_view_cohort(user: AnyUser, department: Department) -> bool:
    """Clinicians and admins see cohort views of their departments."""
    return role_in(user, department.pk) in ROLES_CLINICAL


def can_export_identified(user: AnyUser, department: Department) -> bool:
    """Department and registry admins export identified data of their own departments."""
    return role_in(user, department.pk) in ROLES_ADMIN


def can_manage_users(user: AnyUser, department: Department) -> bool:
    """Department and registry admins manage the users of their own departments."""
    return role_in(user, department.pk) in ROLES_ADMIN


def can_configure_department(user: AnyUser, department: Department) -> bool:
    """Department and registry admins set their own department's intervals and lab limits."""
    return role_in(user, department.pk) in ROLES_ADMIN


def rights_in(user: AnyUser, department: Department, *rules: DepartmentRule) -> dict[str, bool]:
    """Return whether each rule allows the user in ``department``, keyed by name sans ``can_``.

    For templates, to hide what the user cannot use: ``rights.change_diagnosis``.
    """
    return {rule.__name__.removeprefix("can_"): rule(user, department) for rule in rules}
