"""Contact attempts: what staff did to reach a patient about a reminder (a recall)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from assessments.models.reminders import Reminder
from patients.models import ClinicalRecord


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


class ContactOutcome(models.TextChoices):
    REACHED = "reached", "Reached"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Message left"
    LETTER_SENT = "letter_sent", "Letter sent"
    OTHER = "other", "Other"


class ContactAttempt(ClinicalRecord):
    """One attempt to reach the patient about a pending reminder ("phoned, no answer").

    Recorded by any member of the patient's department who edits clinical data; the
    latest attempt shows beside the reminder in the inbox and on the patient page.
    """

    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    attempted_on = models.DateField()
    method = models.CharField(max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(max_length=15, choices=ContactOutcome.choices)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-attempted_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="contact_attempt_method_valid", condition=Q(method__in=ContactMethod.values)
            ),
            models.CheckConstraint(
                name="contact_attempt_outcome_valid",
                condition=Q(outcome__in=ContactOutcome.values),
            ),
            models.CheckConstraint(
                name="contact_attempt_other_has_note",
                condition=~Q(outcome=ContactOutcome.OTHER) | ~Q(note=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} — {self.get_outcome_display()} on {self.attempted_on}"
