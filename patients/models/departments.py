"""Departments and the roles users hold in them."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_FOLLOW_UP_MONTHS = 24


class Department(models.Model):
    """A rheumatology department: the unit of data ownership and of lab defaults."""

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    ck_uln = models.DecimalField(
        "CK upper limit of normal", max_digits=8, decimal_places=2, default=Decimal("190")
    )
    ldh_uln = models.DecimalField(
        "LDH upper limit of normal", max_digits=8, decimal_places=2, default=Decimal("250")
    )
    aldolase_uln = models.DecimalField(
        "Aldolase upper limit of normal", max_digits=8, decimal_places=2, default=Decimal("7.6")
    )
    alt_uln = models.DecimalField(
        "ALT upper limit of normal", max_digits=8, decimal_places=2, default=Decimal("45")
    )
    ast_uln = models.DecimalField(
        "AST upper limit of normal", max_digits=8, decimal_places=2, default=Decimal("40")
    )
    follow_up_months_active = models.PositiveSmallIntegerField(
        default=3, help_text="Follow-up interval for refractory or active disease, in months."
    )
    follow_up_months_stable = models.PositiveSmallIntegerField(
        default=6, help_text="Follow-up interval otherwise, in months."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="department_uln_positive",
                condition=Q(ck_uln__gt=0)
                & Q(ldh_uln__gt=0)
                & Q(aldolase_uln__gt=0)
                & Q(alt_uln__gt=0)
                & Q(ast_uln__gt=0),
            ),
            models.CheckConstraint(
                name="department_follow_up_intervals",
                condition=Q(follow_up_months_active__gte=1)
                & Q(follow_up_months_active__lte=MAX_FOLLOW_UP_MONTHS)
                & Q(follow_up_months_stable__gte=models.F("follow_up_months_active"))
                & Q(follow_up_months_stable__lte=MAX_FOLLOW_UP_MONTHS),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    NURSE = "nurse", "Nurse"
    CLINICIAN = "clinician", "Clinician"
    DEPARTMENT_ADMIN = "department_admin", "Department admin"
    REGISTRY_ADMIN = "registry_admin", "Registry admin"


class Membership(models.Model):
    """A user's role in one department; a user may belong to several departments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="membership_one_role_per_department"
            ),
            models.CheckConstraint(name="membership_role_valid", condition=Q(role__in=Role.values)),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.department}"
