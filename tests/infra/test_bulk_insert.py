"""Fast bulk inserts write the same rows as ``bulk_create``, and one history row each."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from assessments.models import (
    EvaluationTrigger,
    RefractoryEvaluation,
    Reminder,
    ReminderKind,
    SweepState,
)
from infra.audit import audited, audited_bulk_create, audited_bulk_update
from infra.bulk_insert import (
    insert_rows,
    insert_with_history,
    update_with_history,
    upsert_rows,
)

WHEN = dt.datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC)
SKIPPED = {"id", "patient_id", "created_at", "updated_at"}


def reminder_row(patient_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "kind": ReminderKind.FOLLOW_UP,
        "due_period": "2025-04",
        "due_date": dt.date(2025, 4, 1),
        "reason": "No visit for six months",
        "source": "follow-up/1",
        "notify_on": dt.date(2025, 4, 1),
        **extra,
    }


def values(obj: models.Model, skipped: set[str] = SKIPPED) -> dict[str, Any]:
    return {
        field.attname: getattr(obj, field.attname)
        for field in type(obj)._meta.concrete_fields
        if field.attname not in skipped
    }


def test_a_row_comes_out_as_bulk_create_makes_it(personas):
    before = timezone.now()
    (pk,) = insert_with_history(
        Reminder, [reminder_row(personas.patient.pk)], when=WHEN, reason="Raised by the rules"
    )
    with audited(reason="Raised by the rules"):
        (made,) = audited_bulk_create(
            Reminder, [Reminder(**reminder_row(personas.other_patient.pk))], default_date=WHEN
        )

    row = Reminder.objects.get(pk=pk)
    assert values(row) == values(Reminder.objects.get(pk=made.pk))
    assert (row.version, row.status, row.resolution_reason) == (1, "open", "")
    assert before <= row.created_at <= row.updated_at <= timezone.now()


def test_each_row_gets_one_identical_history_row_with_date_reason_and_user(personas):
    ids = insert_with_history(
        Reminder,
        [reminder_row(personas.patient.pk), reminder_row(personas.other_patient.pk)],
        when=WHEN,
        reason="Raised by the rules",
        user_id=personas.clinician.pk,
    )

    for pk in ids:
        history = Reminder.history.get(id=pk)
        assert values(history, {"history_id"}) | {"history_date": WHEN} == {
            **values(Reminder.objects.get(pk=pk), set()),
            "history_type": "+",
            "history_change_reason": "Raised by the rules",
            "history_user_id": personas.clinician.pk,
            "history_date": WHEN,
        }
        assert history.history_date == WHEN


def test_without_a_user_the_history_row_has_none(personas):
    (pk,) = insert_with_history(
        Reminder, [reminder_row(personas.patient.pk)], when=WHEN, reason="Raised by the rules"
    )

    assert Reminder.history.get(id=pk).history_user_id is None


def test_ids_are_returned_in_row_order(personas):
    rows = [reminder_row(personas.patient.pk, due_period=f"2025-{m:02d}") for m in range(1, 4)]

    ids = insert_with_history(Reminder, rows, when=WHEN, reason="Raised by the rules")

    periods = dict(Reminder.objects.values_list("pk", "due_period"))
    assert [periods[pk] for pk in ids] == ["2025-01", "2025-02", "2025-03"]


def test_nothing_to_insert_writes_nothing(db):
    assert insert_with_history(Reminder, [], when=WHEN, reason="Raised by the rules") == []
    insert_rows(RefractoryEvaluation, [])

    assert not Reminder.history.exists()


def evaluation_row(patient_id: int) -> dict[str, Any]:
    return {
        "patient_id": patient_id,
        "evaluated_at": WHEN,
        "as_of": dt.date(2025, 3, 4),
        "trigger": EvaluationTrigger.SWEEP,
        "status": "responding",
        "reason": "TIS 40 — moderate improvement",
        "rule_version": "refractory/1",
        "parameters": {"window_months": 3, "drugs": ["mtx", "ivig"], "note": 'tab\t"é"\n'},
        "inputs": {"visits": [1, 2], "courses": [], "nested": {"a": None, "b": 1.5}},
        "tis_total": Decimal("40.0"),
        "tis_category": "moderate",
        "doi_met": True,
    }


def test_unaudited_rows_and_their_json_round_trip_as_bulk_create_writes_them(personas):
    insert_rows(RefractoryEvaluation, [evaluation_row(personas.patient.pk)])
    RefractoryEvaluation.objects.bulk_create(
        [RefractoryEvaluation(**evaluation_row(personas.other_patient.pk))]
    )

    fast = RefractoryEvaluation.objects.get(patient=personas.patient)
    slow = RefractoryEvaluation.objects.get(patient=personas.other_patient)
    assert values(fast) == values(slow)
    assert fast.parameters == evaluation_row(0)["parameters"]
    assert fast.inputs == evaluation_row(0)["inputs"]


def test_upsert_inserts_new_rows_and_updates_existing_ones(personas):
    SweepState.objects.create(
        patient=personas.patient,
        fingerprint="old",
        checked_on=dt.date(2025, 1, 1),
        recheck_on=dt.date(2025, 1, 2),
    )

    upsert_rows(
        SweepState,
        [
            {
                "patient_id": patient.pk,
                "fingerprint": f"new-{patient.pk}",
                "checked_on": dt.date(2025, 3, 4),
                "recheck_on": dt.date(2025, 3, 5),
            }
            for patient in (personas.patient, personas.other_patient)
        ],
        unique="patient",
        update=["fingerprint", "checked_on", "recheck_on"],
    )

    states = SweepState.objects.values_list("patient_id", "fingerprint", "checked_on", "recheck_on")
    assert set(states) == {
        (patient.pk, f"new-{patient.pk}", dt.date(2025, 3, 4), dt.date(2025, 3, 5))
        for patient in (personas.patient, personas.other_patient)
    }


CHANGED = ["status", "resolution_reason", "resolved_at", "version", "updated_at"]
LATER = WHEN + dt.timedelta(days=30)
HISTORY = {"history_id", "history_date", "history_change_reason", "history_type"}
HISTORY |= {"history_user_id"}


def reminders(personas, count: int = 2) -> list[Reminder]:
    rows = [reminder_row(personas.patient.pk, due_period=f"2025-0{n}") for n in range(count)]
    ids = insert_with_history(Reminder, rows, when=WHEN, reason="Raised by the rules")
    return list(Reminder.objects.filter(pk__in=ids).order_by("pk"))


def close(reminder: Reminder) -> Reminder:
    reminder.status, reminder.resolution_reason = "done", "Biopsy repeated"
    reminder.resolved_at = reminder.updated_at = LATER
    reminder.version += 1
    return reminder


def test_an_update_writes_only_the_given_fields_of_the_given_rows(personas):
    first, second, untouched = reminders(personas, 3)
    periods = [first.due_period, second.due_period]
    for reminder in (first, second):
        close(reminder).due_period = "not written"

    update_with_history(Reminder, [first, second], CHANGED, when=LATER, reason="Closed")

    for reminder, period in zip((first, second), periods, strict=True):
        row = Reminder.objects.get(pk=reminder.pk)
        assert values(row) == {**values(reminder), "due_period": period}
        assert (row.status, row.version, row.updated_at) == ("done", 2, LATER)
    assert values(Reminder.objects.get(pk=untouched.pk), set()) == values(untouched, set())
    assert not Reminder.history.filter(id=untouched.pk, history_type="~").exists()


def test_each_updated_row_gets_one_history_row_equal_to_it_with_date_reason_and_user(personas):
    first, second = map(close, reminders(personas))
    second._change_reason = "Closed: a biopsy was repeated"  # type: ignore[attr-defined]

    with audited(reason="Outer block", user=personas.clinician):
        update_with_history(
            Reminder, [first, second], CHANGED, when=LATER, reason="Updated by the rules"
        )

    for reminder, reason in ((first, "Updated by the rules"), (second, second._change_reason)):
        (history,) = Reminder.history.filter(id=reminder.pk, history_type="~")
        assert values(history, HISTORY) == values(Reminder.objects.get(pk=reminder.pk), set())
        assert (history.history_date, history.history_change_reason) == (LATER, reason)
        assert history.history_user_id == personas.clinician.pk


def test_a_history_row_is_the_one_simple_history_writes(personas):
    fast, slow = map(close, reminders(personas))
    slow._change_reason = fast._change_reason = "Closed"  # type: ignore[attr-defined]

    for user in (None, personas.clinician):
        with audited(reason="Updated by the rules", user=user):
            update_with_history(
                Reminder, [fast], CHANGED, when=LATER, reason="Updated by the rules"
            )
            audited_bulk_update(Reminder, [slow], CHANGED, default_date=LATER)
        fast.version += 1
        slow.version += 1

    ours = Reminder.history.filter(id=fast.pk, history_type="~").order_by("history_id")
    theirs = Reminder.history.filter(id=slow.pk, history_type="~").order_by("history_id")
    ignored = {"history_id", "id", "due_period", "created_at"}
    assert [values(row, ignored) for row in ours] == [values(row, ignored) for row in theirs]
    assert [row.history_user_id for row in ours] == [None, personas.clinician.pk]


def test_nothing_to_update_writes_nothing(personas):
    update_with_history(Reminder, [], ["status"], when=LATER, reason="Updated by the rules")

    assert not Reminder.history.exists()


def test_an_update_refuses_what_it_cannot_write_faithfully(personas):
    (reminder,) = reminders(personas, 1)
    state = SweepState(patient=personas.patient, checked_on=WHEN.date(), recheck_on=WHEN.date())

    with pytest.raises(ValueError, match="keeps no history"):
        update_with_history(SweepState, [state], ["fingerprint"], when=LATER, reason="x")
    with pytest.raises(ValueError, match="reason"):
        update_with_history(Reminder, [reminder], ["status"], when=LATER, reason=" ")
    with pytest.raises(ValueError, match="fields"):
        update_with_history(Reminder, [reminder], [], when=LATER, reason="x")
    with pytest.raises(ValueError, match="other than the id"):
        update_with_history(Reminder, [reminder], ["id"], when=LATER, reason="x")
    with pytest.raises(ValueError, match="only once"):
        update_with_history(Reminder, [reminder, reminder], ["status"], when=LATER, reason="x")
    assert not Reminder.history.filter(history_type="~").exists()


def test_each_helper_refuses_the_wrong_kind_of_model(personas):
    with pytest.raises(ValueError, match="keeps no history"):
        insert_with_history(SweepState, [], when=WHEN, reason="x")
    with pytest.raises(ValueError, match="audited"):
        insert_rows(Reminder, [reminder_row(personas.patient.pk)])
    with pytest.raises(ValueError, match="audited"):
        upsert_rows(Reminder, [], unique="id", update=["reason"])
    with pytest.raises(ValueError, match="reason"):
        insert_with_history(Reminder, [reminder_row(personas.patient.pk)], when=WHEN, reason=" ")

    assert not Reminder.objects.exists()
