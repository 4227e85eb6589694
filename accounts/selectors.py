"""Reads for the account pages."""

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from patients.models import Department, Membership


def department_members(*, department: Department) -> QuerySet[Membership]:
    """Return the department's memberships with their users and whether they use two-factor."""
    devices = TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)
    return (
        department.memberships.select_related("user")
        .annotate(has_two_factor=Exists(devices))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
