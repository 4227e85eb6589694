"""The append-only security log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove a security event."""


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCESS = "login_success", "Login"
    LOGIN_FAILURE = "login_failure", "Failed login"
    LOGOUT = "logout", "Logout"
    LOCKOUT = "lockout", "Lockout"
    OTP_FAILURE = "otp_failure", "Wrong two-factor code"
    OTP_ENROLLED = "otp_enrolled", "Two-factor device enrolled"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued", "Recovery codes issued"
    RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
    PERMISSION_DENIED = "permission_denied", "Permission denied"
    EXPORT = "export", "Export"
    MEMBERSHIP_CHANGE = "membership_change", "Department membership changed"
    DEPARTMENT_SETTINGS = "department_settings", "Department settings changed"


class SecurityEventQuerySet(models.QuerySet["SecurityEvent"]):
    """Reads only: bulk updates and deletes are refused."""

    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("The security log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The security log is append-only.")


class SecurityEvent(models.Model):
    """One security-relevant event: who, from where, what, when. Never changed once written.

    ``user`` is protected: an account that has events is deactivated, never deleted, so
    the log keeps pointing at it. ``username`` keeps what was typed at a failed login.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=24, choices=SecurityEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="security_events",
    )
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "at"]), models.Index(fields=["kind", "at"])]
        constraints = [
            models.CheckConstraint(
                name="security_event_kind_valid", condition=Q(kind__in=SecurityEventKind.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The security log is append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The security log is append-only.")
