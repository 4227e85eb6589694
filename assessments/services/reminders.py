"""Write reminders: what the jobs raise and close, and what clinicians do with them.

Handling a reminder (snooze, done, dismiss) is a clinical change: it is saved with the
user in the audit history and refused if someone else changed the reminder since the
form was loaded (``version``). Who may handle one is the view's business (clinician or
department admin of the patient's department: ``patients.access.can_handle_reminders``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Reminder, ReminderKind, ReminderStatus
from assessments.models.reminders import PENDING
from assessments.services.reminder_rules import CLOSED_NOT_FOLLOWED, ReminderPlan
from infra.bulk_insert import insert_with_history, update_with_history
from patients.models import FollowUpStatus

MAX_SNOOZE_DAYS = 366
CHANGED_FIELDS = [
    "due_date",
    "reason",
    "source",
    "notify_on",
    "status",
    "snoozed_until",
    "resolution_reason",
    "resolved_by",
    "resolved_at",
    "version",
    "updated_at",
]


def reminders_apply(*, plan: ReminderPlan, now: dt.datetime) -> None:
    """Write a reconciliation plan: bulk create, bulk change, each with its history rows.

    At most five queries whatever the plan's size on PostgreSQL (ids, rows and history;
    read the rows to change; one update writing their history too). A closed reminder
    gets no user: the job closed it.
    """
    if plan.create:
        insert_with_history(
            Reminder,
            [
                {
                    "patient_id": new.patient_id,
                    "kind": new.spec.kind,
                    "due_period": new.spec.due_period,
                    "due_date": new.due_date,
                    "reason": new.spec.reason,
                    "source": new.spec.source,
                    "notify_on": new.notify_on,
                }
                for new in plan.create
            ],
            when=now,
            reason="Raised by the rules",
        )
    if not plan.change:
        return
    changes = {change.id: change for change in plan.change}
    rows = list(Reminder.objects.filter(pk__in=changes))
    for row in rows:
        change = changes[row.pk]
        row.due_date, row.reason, row.source = change.due_date, change.reason, change.source
        row.notify_on = change.notify_on
        row._change_reason = "Updated by the rules"  # type: ignore[attr-defined]
        if change.reopen:
            row.status, row.resolution_reason, row.resolved_at = ReminderStatus.OPEN, "", None
            row._change_reason = "Reopened: applies again"  # type: ignore[attr-defined]
        elif change.close_reason is not None:
            row.status, row.snoozed_until = ReminderStatus.DONE, None
            row.resolution_reason, row.resolved_at = change.close_reason, now
            row._change_reason = change.close_reason  # type: ignore[attr-defined]
        row.version += 1
        row.updated_at = now
    update_with_history(Reminder, rows, CHANGED_FIELDS, when=now, reason="Updated by the rules")


def _bulk_change(rows: list[Reminder], *, now: dt.datetime, reason: str) -> int:
    for row in rows:
        row.version += 1
        row.updated_at = now
    update_with_history(Reminder, rows, CHANGED_FIELDS, when=now, reason=reason)
    return len(rows)


def reminders_wake(*, today: dt.date | None = None) -> int:
    """Reopen snoozed reminders whose snooze has ended; they become news on that day."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update().filter(
                status=ReminderStatus.SNOOZED, snoozed_until__lte=today
            )
        )
        for row in rows:
            assert row.snoozed_until is not None
            row.status, row.notify_on, row.snoozed_until = (
                ReminderStatus.OPEN,
                row.snoozed_until,
                None,
            )
        return _bulk_change(rows, now=now, reason="Snooze ended")


def reminders_close_unfollowed() -> int:
    """Close the pending reminders of patients no longer in follow-up (discharged, ...)."""
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Reminder.objects.select_for_update()
            .filter(status__in=PENDING)
            .exclude(patient__follow_up_status=FollowUpStatus.ACTIVE)
        )
        for row in rows:
            row.status, row.snoozed_until = ReminderStatus.DONE, None
            row.resolution_reason, row.resolved_at = CLOSED_NOT_FOLLOWED, now
        return _bulk_change(rows, now=now, reason=CLOSED_NOT_FOLLOWED)


def _claim(reminder: Reminder, version: int | None) -> Reminder:
    """Lock and re-read the reminder; refuse a stale form or a resolved reminder."""
    current = Reminder.objects.select_for_update().get(pk=reminder.pk)
    if version is not None and current.version != version:
        raise ValidationError(
            "Someone else changed this reminder since you opened the page. "
            "It has been reloaded: check it and try again."
        )
    if current.status not in PENDING:
        raise ValidationError(f"This reminder is already {current.get_status_display().lower()}.")
    return current


def _save(reminder: Reminder, *, user: User, reason: str) -> Reminder:
    reminder.version += 1
    reminder._history_user = user  # type: ignore[attr-defined]
    reminder._change_reason = reason  # type: ignore[attr-defined]
    reminder.full_clean()
    reminder.save()
    return reminder


def reminder_snooze(
    *, reminder: Reminder, user: User, until: dt.date, version: int | None = None
) -> Reminder:
    """Snooze a pending reminder until a later date (within a year)."""
    today = timezone.localdate()
    if until <= today:
        raise ValidationError({"until": "Choose a date after today."})
    if until > today + dt.timedelta(days=MAX_SNOOZE_DAYS):
        raise ValidationError({"until": "Snooze for at most a year."})
    with transaction.atomic():
        current = _claim(reminder, version)
        current.status, current.snoozed_until = ReminderStatus.SNOOZED, until
        return _save(current, user=user, reason=f"Snoozed until {until.isoformat()}")


def reminder_done(
    *, reminder: Reminder, user: User, note: str = "", version: int | None = None
) -> Reminder:
    """Mark a pending reminder done, with an optional note.

    A cancer screen marked done re-evaluates the patient after commit: the rules read
    it as "malignancy excluded" (``PatientFacts.malignancy_excluded``).
    """
    with transaction.atomic():
        current = _claim(reminder, version)
        current.status, current.snoozed_until = ReminderStatus.DONE, None
        current.resolution_reason = note.strip()
        current.resolved_by, current.resolved_at = user, timezone.now()
        saved = _save(current, user=user, reason="Marked done")
        if saved.kind == ReminderKind.CANCER_SCREENING:
            # A recorded screen excludes malignancy: the seronegative prompt may close.
            from assessments.services.refractory import patient_schedule_reevaluation

            patient_schedule_reevaluation(patient_id=saved.patient_id)
        return saved


def reminder_dismiss(
    *, reminder: Reminder, user: User, reason: str, version: int | None = None
) -> Reminder:
    """Dismiss a pending reminder; the reason is required and kept in the record."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the reminder does not apply."})
    with transaction.atomic():
        current = _claim(reminder, version)
        current.status, current.snoozed_until = ReminderStatus.DISMISSED, None
        current.resolution_reason = reason.strip()
        current.resolved_by, current.resolved_at = user, timezone.now()
        return _save(current, user=user, reason="Dismissed")
