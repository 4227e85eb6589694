"""The database refuses evaluations, reminders, contact attempts and sweep rows gone wrong.

Every write goes straight to ``objects.create``, skipping model validation, so only a
database constraint can stop it. Each case breaks exactly one rule.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import ContactAttempt, RefractoryEvaluation, Reminder, ReminderDigest
from assessments.models.sweeps import SweepChunk, SweepRun, SweepState
from patients.models import Patient
from tests.db_constraints import Violation, covered, refused_by
from tests.factories import PatientFactory, UserFactory

NOW = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)
DAY = dt.date(2024, 3, 1)


def evaluation(existing: Patient, **values: Any) -> RefractoryEvaluation:
    fields: dict[str, Any] = {
        "patient": existing,
        "evaluated_at": NOW,
        "as_of": DAY,
        "trigger": "sweep",
        "status": "insufficient_data",
        "reason": "No visit yet",
        "rule_version": "refractory/1",
    }
    return RefractoryEvaluation.objects.create(**(fields | values))


COMPARED_SCORES = {"tis_total": Decimal("10.0"), "tis_category": "none", "doi_met": False}


def reminder(existing: Patient, **values: Any) -> Reminder:
    fields: dict[str, Any] = {
        "patient": existing,
        "kind": "follow_up",
        "due_date": DAY,
        "due_period": "2024-03",
        "reason": "Follow-up visit due",
        "source": "follow-up/1",
        "notify_on": DAY,
    }
    return Reminder.objects.create(**(fields | values))


def reminder_twice(existing: Patient) -> None:
    reminder(existing)
    reminder(existing)


def contact_attempt(existing: Patient, **values: Any) -> ContactAttempt:
    fields: dict[str, Any] = {
        "reminder": reminder(existing),
        "attempted_on": DAY,
        "method": "phone",
        "outcome": "no_answer",
        "recorded_by": UserFactory(),
    }
    return ContactAttempt.objects.create(**(fields | values))


def digest_twice(existing: Patient) -> None:
    user = UserFactory()
    ReminderDigest.objects.create(user=user, sent_on=DAY)
    ReminderDigest.objects.create(user=user, sent_on=DAY)


def run(**values: Any) -> SweepRun:
    fields: dict[str, Any] = {
        "as_of": DAY,
        "started_at": NOW,
        "patient_count": 1,
        "chunk_count": 1,
    }
    return SweepRun.objects.create(**(fields | values))


def chunk_twice(existing: Patient) -> None:
    sweep = run()
    SweepChunk.objects.create(run=sweep, index=0, dispatched_at=NOW)
    SweepChunk.objects.create(run=sweep, index=0, dispatched_at=NOW)


def state(existing: Patient, recheck_on: dt.date) -> SweepState:
    return SweepState.objects.create(
        patient=existing, fingerprint="f" * 64, checked_on=DAY, recheck_on=recheck_on
    )


V = Violation
CASES = [
    V(RefractoryEvaluation, "evaluation_status_valid", "unknown",
      lambda p: evaluation(p, status="cured")),
    V(RefractoryEvaluation, "evaluation_trigger_valid", "unknown",
      lambda p: evaluation(p, trigger="whim")),
    V(RefractoryEvaluation, "evaluation_has_reason", "empty",
      lambda p: evaluation(p, reason="")),
    V(RefractoryEvaluation, "evaluation_has_version", "empty",
      lambda p: evaluation(p, rule_version="")),
    V(RefractoryEvaluation, "evaluation_tis_category_valid", "unknown",
      lambda p: evaluation(p, status="responding", **COMPARED_SCORES | {"tis_category": "huge"})),
    V(RefractoryEvaluation, "evaluation_tis_range", "above-100",
      lambda p: evaluation(p, status="responding", **COMPARED_SCORES | {"tis_total": 100.5})),
    V(RefractoryEvaluation, "evaluation_compared_has_scores", "refractory-without-tis",
      lambda p: evaluation(p, status="refractory", tis_category="none", doi_met=False)),
    V(RefractoryEvaluation, "evaluation_uncompared_has_no_scores", "insufficient-with-tis",
      lambda p: evaluation(p, **COMPARED_SCORES)),
    V(RefractoryEvaluation, "evaluation_window_after_start", "end-before-start",
      lambda p: evaluation(p, adequate_since=DAY, window_end=DAY - dt.timedelta(days=1))),
    V(RefractoryEvaluation, "evaluation_window_after_start", "end-without-start",
      lambda p: evaluation(p, window_end=DAY)),
    V(Reminder, "reminder_once_per_due_period", "twice", reminder_twice),
    V(Reminder, "reminder_kind_valid", "unknown", lambda p: reminder(p, kind="horoscope")),
    V(Reminder, "reminder_has_period", "empty", lambda p: reminder(p, due_period="")),
    V(Reminder, "reminder_has_reason", "empty", lambda p: reminder(p, reason="")),
    V(Reminder, "reminder_has_source", "empty", lambda p: reminder(p, source="")),
    V(Reminder, "reminder_snoozed_iff_until", "snoozed-without-date",
      lambda p: reminder(p, status="snoozed")),
    V(Reminder, "reminder_snoozed_iff_until", "open-with-date",
      lambda p: reminder(p, snoozed_until=DAY)),
    V(Reminder, "reminder_dismissed_has_reason", "no-reason",
      lambda p: reminder(p, status="dismissed", resolved_at=NOW)),
    V(Reminder, "reminder_resolved_iff_resolved_at", "done-without-time",
      lambda p: reminder(p, status="done")),
    V(Reminder, "reminder_resolved_iff_resolved_at", "open-with-time",
      lambda p: reminder(p, resolved_at=NOW)),
    V(Reminder, "reminder_pending_has_no_resolver", "open-with-resolver",
      lambda p: reminder(p, resolved_by=UserFactory())),
    V(ContactAttempt, "contact_attempt_method_valid", "unknown",
      lambda p: contact_attempt(p, method="pigeon")),
    V(ContactAttempt, "contact_attempt_outcome_valid", "unknown",
      lambda p: contact_attempt(p, outcome="maybe")),
    V(ContactAttempt, "contact_attempt_other_has_note", "other-without-note",
      lambda p: contact_attempt(p, outcome="other")),
    V(ReminderDigest, "digest_once_per_user_per_day", "twice", digest_twice),
    V(SweepRun, "sweep_finishes_after_start", "before-start",
      lambda p: run(finished_at=NOW - dt.timedelta(seconds=1))),
    V(SweepChunk, "sweep_chunk_once", "twice", chunk_twice),
    V(SweepState, "sweep_state_recheck_after_check", "same-day", lambda p: state(p, DAY)),
]  # fmt: skip
# An unknown reminder status is neither pending nor resolved, so it also breaks
# ``reminder_resolved_iff_resolved_at``; which of the two PostgreSQL names is its choice.
COVERED_CONSTRAINTS = covered(CASES) | {"reminder_status_valid"}


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_job_row_breaking_the_rule(
    existing: Patient, case: Violation
) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


def test_a_complete_refractory_evaluation_is_accepted(existing: Patient) -> None:
    stored = evaluation(
        existing,
        status="refractory",
        adequate_since=DAY - dt.timedelta(days=90),
        window_end=DAY,
        **COMPARED_SCORES,
    )

    assert RefractoryEvaluation.objects.get(pk=stored.pk).get_status_display() == "Refractory"


def test_a_dismissed_reminder_with_its_reason_and_resolver_is_accepted(existing: Patient) -> None:
    stored = reminder(
        existing,
        status="dismissed",
        resolution_reason="Done elsewhere",
        resolved_at=timezone.now(),
        resolved_by=UserFactory(),
    )

    assert Reminder.objects.get(pk=stored.pk).status == "dismissed"


def test_an_other_outcome_with_its_note_is_accepted(existing: Patient) -> None:
    stored = contact_attempt(existing, method="other", outcome="other", note="Spoke to GP")

    assert ContactAttempt.objects.get(pk=stored.pk).get_outcome_display() == "Other"


def test_the_database_refuses_a_reminder_of_unknown_status(existing: Patient) -> None:
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        reminder(existing, status="lost")

    named = {"reminder_status_valid", "reminder_resolved_iff_resolved_at"}
    assert any(name in str(caught.value) for name in named), caught.value
