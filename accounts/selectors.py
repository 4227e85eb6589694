"""Reads for the account pages."""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent
from patients.access import ROLES_ADMIN, AnyUser, departments_for, is_registry_admin
from patients.models import Department, Membership


def department_members(*, department: Department) -> QuerySet[Membership]:
    """Return the department's memberships with their users and whether they use two-factor."""
    devices = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        department.memberships.select_related("user")
        .annotate(has_two_factor=Exists(devices))
        .order_by("user__last_name", "user__first_name", "user__username")
    )


def security_events_visible_to(user: AnyUser) -> QuerySet[SecurityEvent]:
    """Return the security events the user may read.

    Registry admins read the whole log. Department admins read the events of the members
    of the departments they administer, including failed logins typed with a member's
    username. Everyone else reads nothing.
    """
    if is_registry_admin(user):
        return SecurityEvent.objects.all()
    members = Membership.objects.filter(
        department__in=departments_for(user, roles=ROLES_ADMIN)
    ).values("user_id")
    usernames = get_user_model()._default_manager.filter(pk__in=members).values("username")
    return SecurityEvent.objects.filter(
        Q(user_id__in=members) | Q(user__isnull=True, username__in=usernames)
    )
