"""Rules that do not depend on one department: registry admin, security log, two factors."""

from collections.abc import Callable

from patients.access.rules import ROLES_ADMIN
from patients.access.scope import AnyUser, departments_for
from patients.models import Membership, Role

UserRule = Callable[[AnyUser], bool]


def is_registry_admin(user: AnyUser) -> bool:
    """Return whether the user is a registry admin in at least one department."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, role=Role.REGISTRY_ADMIN).exists()


def can_export_deidentified(user: AnyUser) -> bool:
    """Registry admins export de-identified data across every department."""
    return is_registry_admin(user)


def can_view_security_log(user: AnyUser) -> bool:
    """Department admins read their members' events; registry admins read all of them."""
    return departments_for(user, roles=ROLES_ADMIN).exists()


def can_view_worker_status(user: AnyUser) -> bool:
    """Staff users and department or registry admins see whether the workers run."""
    if getattr(user, "is_staff", False):
        return True
    return departments_for(user, roles=ROLES_ADMIN).exists()


def requires_two_factor(user: AnyUser) -> bool:
    """Superusers and anyone holding an admin role must log in with a second factor."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return departments_for(user, roles=ROLES_ADMIN).exists()
