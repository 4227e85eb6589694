"""The nightly sweep covers every patient in follow-up, in chunks, and is idempotent."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RefractoryEvaluation, Reminder, SweepChunk, SweepRun
from assessments.services.refractory import patients_reevaluate
from assessments.services.sweeps import sweep_chunk_run, sweep_resume, sweep_start
from tests.assessments.jobs.conftest import SEED_AS_OF, make_seed_case
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def run_sweep(as_of, chunk_size=2):
    run = sweep_start(as_of=as_of, chunk_size=chunk_size, send=False)
    for chunk in run.chunks.all():
        sweep_chunk_run(patient_ids=chunk.patient_ids, as_of=as_of, chunk_id=chunk.pk)
    run.refresh_from_db()
    return run


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
