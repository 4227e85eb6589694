"""Managing the users of a department: the services behind the members page.

A department admin (or a registry admin of the department) adds existing users,
creates new ones, changes roles and removes members. They may grant roles up to their
own, never act on their own membership (another admin must), and never act on a member
whose role is above theirs. Every change is written to the security log.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from patients.access import can_manage_users, role_in
from patients.models import Department, Membership, Role

ROLE_RANK = {Role.NURSE: 0, Role.CLINICIAN: 1, Role.DEPARTMENT_ADMIN: 2, Role.REGISTRY_ADMIN: 3}


def assignable_roles(*, actor: AbstractBaseUser, department: Department) -> list[Role]:
    """Return the roles the actor may grant in the department: up to their own."""
    own = role_in(actor, department.pk)
    if own is None:
        return []
    return [role for role in Role if ROLE_RANK[role] <= ROLE_RANK[Role(own)]]


def membership_add(
    *, actor: AbstractBaseUser, department: Department, username: str, role: str
) -> Membership:
    """Give an existing user a role in the department."""
    _check_manager(actor, department)
    _check_role(actor, department, role)
    user = get_user_model()._default_manager.filter(username=username.strip()).first()
    if user is None:
        raise ValidationError({"username": "No user has this username. Create a new user instead."})
    if Membership.objects.filter(user=user, department=department).exists():
        raise ValidationError({"username": f"{username} already belongs to this department."})
    with transaction.atomic():
        membership = Membership(user=user, department=department, role=role)
        membership.full_clean()
        membership.save()
        _log(actor, membership, "added")
    return membership


def member_create(
    *,
    actor: AbstractBaseUser,
    department: Department,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    password: str,
    role: str,
) -> Membership:
    """Create a user with an initial password and give them a role in the department."""
    _check_manager(actor, department)
    _check_role(actor, department, role)
    user = get_user_model()(
        username=username.strip(), first_name=first_name, last_name=last_name, email=email
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        membership = Membership(user=user, department=department, role=role)
        membership.full_clean()
        membership.save()
        _log(actor, membership, "created and added")
    return membership


def membership_change_role(
    *, actor: AbstractBaseUser, membership: Membership, role: str
) -> Membership:
    """Change a member's role in their department."""
    _check_manager(actor, membership.department)
    _check_target(actor, membership)
    _check_role(actor, membership.department, role)
    old_role = membership.role
    with transaction.atomic():
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role"])
        _log(actor, membership, "role changed", old_role=old_role)
    return membership


def membership_remove(*, actor: AbstractBaseUser, membership: Membership) -> None:
    """Remove a member from the department (their account stays, for the audit trail)."""
    _check_manager(actor, membership.department)
    _check_target(actor, membership)
    with transaction.atomic():
        _log(actor, membership, "removed")
        membership.delete()


def _check_manager(actor: AbstractBaseUser, department: Department) -> None:
    if not can_manage_users(actor, department):
        raise PermissionDenied("can_manage_users")


def _check_role(actor: AbstractBaseUser, department: Department, role: str) -> None:
    if role not in assignable_roles(actor=actor, department=department):
        raise ValidationError({"role": "You cannot grant this role."})


def _check_target(actor: AbstractBaseUser, membership: Membership) -> None:
    if membership.user_id == actor.pk:
        raise ValidationError("You cannot change your own membership; ask another admin.")
    own = role_in(actor, membership.department_id)
    if own is None or ROLE_RANK[Role(membership.role)] > ROLE_RANK[Role(own)]:
        raise ValidationError("Only a registry admin can change a registry admin's membership.")


def _log(actor: AbstractBaseUser, membership: Membership, action: str, **extra: str) -> None:
    security_event_record(
        kind=SecurityEventKind.MEMBERSHIP_CHANGE,
        user=actor,
        detail={
            "action": action,
            "member": membership.user.get_username(),
            "department": membership.department.code,
            "role": membership.role,
            **extra,
        },
    )
