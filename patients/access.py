"""The one way in to patients: every view, export and task reaches patients through here.

A user sees the patients of the departments they hold a membership in, whatever their
role. A patient outside that scope is reported as missing (404), never as forbidden, so
its existence is not revealed.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from patients.models import Department, Membership, Patient, Role

AnyUser = AbstractBaseUser | AnonymousUser


def departments_for(user: AnyUser, *, roles: tuple[str, ...] | None = None) -> QuerySet[Department]:
    """Return the departments the user belongs to, optionally only those where they hold a role."""
    if not user.is_authenticated:
        return Department.objects.none()
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Department.objects.filter(pk__in=memberships.values("department_id"))


def patients_visible_to(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may see: those of their own departments."""
    return Patient.objects.filter(department__in=departments_for(user))


def patient_get_for_user(*, user: AnyUser, registry_id: str) -> Patient:
    """Return one visible patient by registry id, or raise Http404."""
    try:
        return patients_visible_to(user).select_related("department").get(registry_id=registry_id)
    except Patient.DoesNotExist:
        raise Http404("No such patient") from None


def role_in(user: AnyUser, department_id: int) -> str | None:
    """Return the user's role in a department, or None when they hold none."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user_id=user.pk, department_id=department_id).first()
    return membership.role if membership else None


ROLES_ALL = tuple(Role.values)
ROLES_CLINICAL = (Role.CLINICIAN, Role.DEPARTMENT_ADMIN, Role.REGISTRY_ADMIN)
