"""Reads of reminders for the inbox, the patient page and the worker status page.

Reminders reach users only through ``patients_visible_to``: a reminder of another
department's patient does not exist for them (404).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from assessments.models import (
    ContactAttempt,
    ContactMethod,
    ContactOutcome,
    Reminder,
    ReminderStatus,
    SweepRun,
    WorkerHeartbeat,
)
from assessments.models.reminders import PENDING
from patients.access import (
    ROLES_ALL,
    ROLES_CLINICAL,
    AnyUser,
    can_edit_clinical,
    can_handle_reminders,
    departments_for,
    patients_visible_to,
)
from patients.models import Patient

STALE_AFTER = dt.timedelta(minutes=15)
# The options of the inline contact-attempt form (``partials/contact_form.html``).
CONTACT_CHOICES = {
    "contact_methods": ContactMethod.choices,
    "contact_outcomes": ContactOutcome.choices,
}


def reminders_visible_to(user: AnyUser) -> QuerySet[Reminder]:
    """Return the reminders of the patients the user may see."""
    return Reminder.objects.filter(patient__in=patients_visible_to(user))


def _department_ids(user: AnyUser, roles: tuple[str, ...]) -> set[int]:
    return set(departments_for(user, roles=roles).values_list("pk", flat=True))


def handling_departments(*, user: AnyUser) -> set[int]:
    """Return the ids of the departments where ``can_handle_reminders`` holds (one query)."""
    return _department_ids(user, ROLES_CLINICAL)


def recording_departments(*, user: AnyUser) -> set[int]:
    """Return the ids of the departments where ``can_edit_clinical`` holds (one query)."""
    return _department_ids(user, ROLES_ALL)


def with_contact_attempts(reminders: QuerySet[Reminder]) -> QuerySet[Reminder]:
    """Fetch each reminder's contact attempts, latest first, in one more query.

    ``reminder.contact_attempts.all`` then reads the fetched rows: its length is the
    count and its first row the last attempt.
    """
    attempts = ContactAttempt.objects.select_related("recorded_by").order_by("-attempted_on", "-pk")
    return reminders.prefetch_related(Prefetch("contact_attempts", queryset=attempts))


def _due_now(today: dt.date) -> Q:
    """Open reminders, and snoozed ones whose snooze has ended (before the wake job runs)."""
    return Q(status=ReminderStatus.OPEN) | Q(
        status=ReminderStatus.SNOOZED, snoozed_until__lte=today
    )


def reminder_inbox(
    *,
    user: AnyUser,
    kind: str = "",
    due_from: dt.date | None = None,
    due_to: dt.date | None = None,
    include_snoozed: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Reminder]:
    """Return the pending reminders of the user's departments, earliest due first.

    Open reminders (overdue ones included), optionally filtered by kind and a due-date
    range; with ``include_snoozed`` also those still snoozed. One query with the
    patient and department joined, and one for the contact attempts of the page.
    """
    today = today or timezone.localdate()
    reminders = reminders_visible_to(user)
    if include_snoozed:
        reminders = reminders.filter(status__in=PENDING)
    else:
        reminders = reminders.filter(_due_now(today))
    if kind:
        reminders = reminders.filter(kind=kind)
    if due_from is not None:
        reminders = reminders.filter(due_date__gte=due_from)
    if due_to is not None:
        reminders = reminders.filter(due_date__lte=due_to)
    reminders = reminders.select_related("patient", "patient__department")
    return with_contact_attempts(reminders).order_by("due_date", "pk")


def reminders_for_patient(patient: Patient) -> list[Reminder]:
    """Return the patient's pending reminders, earliest due first, with their attempts.

    Two queries. The caller has already reached the patient through
    ``patient_get_for_user``.
    """
    reminders = Reminder.objects.filter(patient=patient, status__in=PENDING)
    return list(
        with_contact_attempts(reminders.select_related("patient")).order_by("due_date", "pk")
    )


@dataclass(frozen=True)
class WorkerStatus:
    """What an admin needs to see that the background jobs are alive."""

    heartbeats: list[WorkerHeartbeat]
    latest: WorkerHeartbeat | None
    stale: bool
    last_sweep: SweepRun | None
    sweep_chunks_finished: int
    schedules: list[PeriodicTask]


def worker_status(*, now: dt.datetime | None = None) -> WorkerStatus:
    """Return the worker heartbeats, the last sweep and the beat schedules (four queries).

    The workers count as stale when no heartbeat is more recent than ``STALE_AFTER``.
    """
    now = now or timezone.now()
    heartbeats = list(WorkerHeartbeat.objects.order_by("-last_seen")[:20])
    latest = heartbeats[0] if heartbeats else None
    last_sweep = SweepRun.objects.order_by("-started_at", "-pk").first()
    finished = (
        0 if last_sweep is None else last_sweep.chunks.filter(finished_at__isnull=False).count()
    )
    schedules = list(
        PeriodicTask.objects.filter(task__startswith="assessments.")
        .select_related("crontab", "interval")
        .order_by("name")
    )
    return WorkerStatus(
        heartbeats=heartbeats,
        latest=latest,
        stale=latest is None or now - latest.last_seen > STALE_AFTER,
        last_sweep=last_sweep,
        sweep_chunks_finished=finished,
        schedules=schedules,
    )


def reminders_panel(*, user: AnyUser, patient: Patient, next_url: str) -> dict[str, object]:
    """Return the context of ``assessments/partials/patient_reminders.html`` (four queries).

    ``patient`` must come from ``patient_get_for_user``; ``next_url`` is the patient page,
    where the actions return.
    """
    return {
        "reminders": reminders_for_patient(patient),
        "can_handle_reminders": can_handle_reminders(user, patient.department),
        "can_record_contact": can_edit_clinical(user, patient.department),
        **CONTACT_CHOICES,
        "today": timezone.localdate(),
        "next": next_url,
    }
