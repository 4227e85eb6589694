"""The nightly sweep covers every patient in follow-up, in chunks, and is idempotent."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import (
    RefractoryEvaluation,
    Reminder,
    SweepChunk,
    SweepRun,
    SweepState,
)
from assessments.services.refractory import patients_reevaluate, safety_recheck_on
from assessments.services.sweeps import (
    sweep_chunk_run,
    sweep_resume,
    sweep_run_inline,
    sweep_start,
)
from tests.assessments.jobs.conftest import SEED_AS_OF, make_responding_patient, make_seed_case
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)

pytestmark = pytest.mark.django_db


def run_sweep(as_of, chunk_size=2):
    return sweep_run_inline(as_of=as_of, chunk_size=chunk_size)


def snapshot():
    evaluations = list(RefractoryEvaluation.objects.order_by("pk").values())
    reminders = list(Reminder.objects.order_by("pk").values())
    return evaluations, reminders, Reminder.history.count()


def test_sweeping_twice_leaves_the_same_rows():
    for _ in range(3):
        make_seed_case()
    PatientFactory()

    first = run_sweep(SEED_AS_OF)
    after_first = snapshot()
    second = run_sweep(SEED_AS_OF)

    assert snapshot() == after_first
    assert len(after_first[0]) == 4
    assert (first.chunk_count, first.patient_count) == (2, 4)
    assert first.finished_at is not None
    assert second.finished_at is not None


def test_a_chunk_reads_and_writes_with_the_same_number_of_queries_for_more_patients():
    def queries_for(count):
        ids = [make_seed_case().pk for _ in range(count)]
        with CaptureQueriesContext(connection) as context:
            patients_reevaluate(patient_ids=ids, as_of=SEED_AS_OF)
        return len(context.captured_queries)

    assert queries_for(1) == queries_for(8)


def test_a_chunk_delivered_twice_runs_once(seed_case):
    run = sweep_start(as_of=SEED_AS_OF, send=False)
    chunk = run.chunks.get()

    sweep_chunk_run(patient_ids=chunk.patient_ids, as_of=SEED_AS_OF, chunk_id=chunk.pk)
    again = sweep_chunk_run(patient_ids=chunk.patient_ids, as_of=SEED_AS_OF, chunk_id=chunk.pk)

    assert again.skipped
    assert RefractoryEvaluation.objects.count() == 1


def test_time_passing_makes_a_patient_evaluable_without_new_data(seed_case):
    run_sweep(dt.date(2006, 4, 1))
    run_sweep(SEED_AS_OF)

    assert list(RefractoryEvaluation.objects.values_list("status", "trigger")) == [
        ("refractory", "sweep"),
        ("not_yet_evaluable", "sweep"),
    ]


def test_the_sweep_leaves_out_patients_no_longer_followed_and_closes_their_reminders():
    followed = make_seed_case()
    discharged = make_seed_case()
    patients_reevaluate(patient_ids=[discharged.pk], as_of=SEED_AS_OF)
    discharged.follow_up_status = "discharged"
    discharged.save()

    run = run_sweep(SEED_AS_OF)

    assert run.patient_count == 1
    assert RefractoryEvaluation.objects.filter(patient=followed).exists()
    assert not Reminder.objects.filter(patient=discharged, status="open").exists()


def test_an_unfinished_chunk_is_sent_again_and_a_finished_one_is_not(
    django_capture_on_commit_callbacks,
):
    for _ in range(3):
        make_seed_case()
    run = sweep_start(as_of=SEED_AS_OF, chunk_size=2, send=False)
    done, left = run.chunks.order_by("index")
    sweep_chunk_run(patient_ids=done.patient_ids, as_of=SEED_AS_OF, chunk_id=done.pk)

    with django_capture_on_commit_callbacks() as callbacks:
        resent = sweep_resume(older_than=dt.timedelta(0))

    assert (resent, len(callbacks)) == (1, 1)
    assert SweepChunk.objects.get(pk=left.pk).dispatched_at > left.dispatched_at
    assert SweepRun.objects.get().finished_at is None


def test_an_empty_registry_sweep_finishes_at_once():
    run = sweep_start(as_of=SEED_AS_OF, send=False)

    assert (run.chunk_count, run.finished_at is not None) == (0, True)


def test_a_second_sweep_skips_patients_whose_inputs_did_not_change(seed_case):
    run_sweep(SEED_AS_OF)
    run = sweep_start(as_of=SEED_AS_OF, send=False)
    chunk = run.chunks.get()

    outcome = sweep_chunk_run(patient_ids=chunk.patient_ids, as_of=SEED_AS_OF, chunk_id=chunk.pk)

    assert outcome.patients == 0
    assert SweepChunk.objects.get(pk=chunk.pk).finished_at is not None


def test_a_visit_saved_without_a_queued_reevaluation_is_caught_by_the_next_sweep(seed_case):
    run_sweep(SEED_AS_OF)
    VisitFactory(patient=seed_case, date=dt.date(2006, 9, 20), physician_global=Decimal("1"))

    run_sweep(SEED_AS_OF)

    latest = RefractoryEvaluation.objects.filter(patient=seed_case).first()
    assert latest.followup_visit.date == dt.date(2006, 9, 20)
    assert Reminder.objects.filter(due_period="after:2006-09-20", status="open").exists()


def test_a_statin_stopping_later_is_rechecked_the_day_after_it_stops():
    patient = make_seed_case()
    AntibodyResultFactory(
        panel=AntibodyPanelFactory(patient=patient, date=dt.date(2006, 9, 1)),
        antibody="hmgcr",
        result="positive",
    )
    TherapyCourseFactory(
        patient=patient,
        drug=drug("Atorvastatin"),
        start=dt.date(2005, 1, 1),
        stop=dt.date(2006, 10, 10),
        stop_reason="adverse_event",
        line_of_therapy=None,
    )
    run_sweep(SEED_AS_OF)
    safety_net = safety_recheck_on(patient.pk, SEED_AS_OF)
    expected = min(dt.date(2006, 10, 11), safety_net)
    assert SweepState.objects.get(patient=patient).recheck_on == expected

    run_sweep(dt.date(2006, 10, 10))
    assert Reminder.objects.get(kind="safety").status == "open"
    run_sweep(dt.date(2006, 10, 11))

    assert Reminder.objects.get(kind="safety").status == "done"


def test_every_patient_is_rechecked_within_four_weeks_at_most():
    patient = make_responding_patient()

    run_sweep(dt.date(2024, 1, 10))

    state = SweepState.objects.get(patient=patient)
    assert state.recheck_on - state.checked_on <= dt.timedelta(days=28)


def test_the_safety_net_spreads_patients_over_the_nights_of_four_weeks():
    as_of = dt.date(2024, 1, 10)

    days = [safety_recheck_on(patient_id, as_of) for patient_id in range(1000, 1028)]

    assert sorted(days) == [as_of + dt.timedelta(days=n) for n in range(1, 29)]


def test_a_patients_safety_net_day_does_not_move_when_it_is_checked_again_earlier():
    first = safety_recheck_on(4242, dt.date(2024, 1, 10))

    again = [safety_recheck_on(4242, first - dt.timedelta(days=n)) for n in range(1, 28)]

    assert set(again) == {first}
    assert safety_recheck_on(4242, first) == first + dt.timedelta(days=28)


def test_the_command_runs_a_sweep_inline():
    from io import StringIO

    from django.core.management import call_command

    make_seed_case()
    out = StringIO()

    call_command("sweep_refractory", "--inline", "--as-of", "2006-09-30", stdout=out)

    assert out.getvalue() == "Sweep of 2006-09-30: 1 patients re-evaluated.\n"
    assert RefractoryEvaluation.objects.get().status == "refractory"


def test_the_command_refuses_a_malformed_date():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("sweep_refractory", "--inline", "--as-of", "30/09/2006")
