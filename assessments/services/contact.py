"""Record contact attempts on reminders: "phoned, no answer", "letter sent".

An attempt is a clinical row of its own (audited, with the user and the reason in its
history); the reminder itself is not changed, so a form loaded before someone else
snoozed the reminder still records the attempt. Only a pending (open or snoozed)
reminder takes attempts. Who may record one is the view's business (any role of the
patient's department: ``patients.access.can_edit_clinical``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from assessments.models import ContactAttempt, ContactOutcome, Reminder, ReminderStatus
from assessments.models.reminders import PENDING
from patients.services.editing import audited_save, check_dates, raise_if

RECORDED = "Contact attempt recorded"


def _errors(reminder: Reminder, data: Mapping[str, Any]) -> dict[str, str]:
    errors = check_dates(
        data=data, fields=["attempted_on"], date_of_birth=reminder.patient.date_of_birth
    )
    if data.get("outcome") == ContactOutcome.OTHER and not str(data.get("note", "")).strip():
        errors["note"] = "Say what happened when the outcome is “Other”."
    return errors


def contact_attempt_record(
    *, reminder: Reminder, data: Mapping[str, Any], recorded_by: User
) -> ContactAttempt:
    """Record one attempt to reach the patient about a pending reminder.

    ``data`` holds ``attempted_on``, ``method``, ``outcome`` and an optional ``note``.
    Raises ValidationError by field (a date in the future or before the patient's birth,
    no note for an "other" outcome) or, for a done or dismissed reminder, on the form.
    """
    raise_if(_errors(reminder, data))
    with transaction.atomic():
        current = Reminder.objects.select_for_update().get(pk=reminder.pk)
        if current.status not in PENDING:
            status = ReminderStatus(current.status).label.lower()
            raise_if({"__all__": f"This reminder is already {status}: it takes no attempts."})
        attempt = ContactAttempt(
            reminder=current,
            attempted_on=data["attempted_on"],
            method=data["method"],
            outcome=data["outcome"],
            note=str(data.get("note", "")).strip(),
            recorded_by=recorded_by,
        )
        audited_save(attempt, user=recorded_by, reason=RECORDED)
        return attempt
