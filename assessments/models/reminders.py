"""Reminders the jobs raise from the rules engine, and the daily digest bookkeeping."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.sources import REMINDER_SOURCES
from patients.models import ClinicalRecord, Patient


class ReminderKind(models.TextChoices):
    """What a reminder asks for (issue 6, clinical-rules.md §8-§10)."""

    FOLLOW_UP = "follow_up", "Follow-up visit"
    REPEAT_BIOPSY = "repeat_biopsy", "Repeat biopsy"
    ANTIBODY_TESTING = "antibody_testing", "Antibody testing"
    CANCER_SCREENING = "cancer_screening", "Cancer screening"
    SAFETY = "safety", "Safety"
    TREATMENT = "treatment", "Treatment review"


class ReminderStatus(models.TextChoices):
    """The lifecycle: open -> snoozed (until a date) -> done or dismissed (with a reason)."""

    OPEN = "open", "Open"
    SNOOZED = "snoozed", "Snoozed"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"


PENDING = (ReminderStatus.OPEN, ReminderStatus.SNOOZED)
RESOLVED = (ReminderStatus.DONE, ReminderStatus.DISMISSED)


class Reminder(ClinicalRecord):
    """One reminder for one patient, unique per kind and due period.

    ``due_period`` is the key that makes a job idempotent: a follow-up is keyed by the
    month it falls due in, a screening by its year after onset, a prompt by what it asks
    for. ``source`` names the rule (and its version) that raised it. ``notify_on`` is the
    day the reminder becomes news for the daily digest: the due date, the day it was
    raised if that is later, or the end of a snooze. Handling a reminder is a clinical
    change, so the rows are audited (``history``) and versioned like every clinical row.
    """

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField()
    due_period = models.CharField(max_length=40)
    reason = models.TextField()
    source = models.CharField(max_length=60, help_text="The rule (and version) that raised it.")
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.OPEN
    )
    notify_on = models.DateField()
    snoozed_until = models.DateField(null=True, blank=True)
    resolution_reason = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when a job closed it because its condition no longer holds.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="reminder_status_due_idx"),
            models.Index(fields=["status", "notify_on"], name="reminder_status_notify_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind", "due_period"], name="reminder_once_per_due_period"
            ),
            models.CheckConstraint(
                name="reminder_kind_valid", condition=Q(kind__in=ReminderKind.values)
            ),
            models.CheckConstraint(
                name="reminder_status_valid", condition=Q(status__in=ReminderStatus.values)
            ),
            models.CheckConstraint(name="reminder_has_period", condition=~Q(due_period="")),
            models.CheckConstraint(name="reminder_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(name="reminder_has_source", condition=~Q(source="")),
            models.CheckConstraint(
                name="reminder_snoozed_iff_until",
                condition=Q(status=ReminderStatus.SNOOZED, snoozed_until__isnull=False)
                | (~Q(status=ReminderStatus.SNOOZED) & Q(snoozed_until__isnull=True)),
            ),
            models.CheckConstraint(
                name="reminder_dismissed_has_reason",
                condition=~Q(status=ReminderStatus.DISMISSED) | ~Q(resolution_reason=""),
            ),
            models.CheckConstraint(
                name="reminder_resolved_iff_resolved_at",
                condition=Q(status__in=RESOLVED, resolved_at__isnull=False)
                | (Q(status__in=PENDING) & Q(resolved_at__isnull=True)),
            ),
            models.CheckConstraint(
                name="reminder_pending_has_no_resolver",
                condition=Q(status__in=RESOLVED) | Q(resolved_by__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_date} ({self.get_status_display()})"

    @property
    def rule_source(self) -> str:
        """Return the rule this kind of reminder applies (shown beside it)."""
        return REMINDER_SOURCES[self.kind]


class ReminderDigest(models.Model):
    """One daily digest sent to one user: claimed before sending, so a rerun sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_digests"
    )
    sent_on = models.DateField()
    reminder_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="digest_once_per_user_per_day")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.user} on {self.sent_on}"
