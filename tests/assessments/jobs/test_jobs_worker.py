"""Real worker processes: a saved visit is re-evaluated; a killed sweep loses nothing."""

import datetime as dt
import os
import signal
from decimal import Decimal

import pytest
from django.db import transaction

from assessments.models import RefractoryEvaluation, Reminder, SweepChunk, SweepRun
from assessments.services.refractory import patient_schedule_reevaluation, patients_reevaluate
from assessments.tasks import sweep_refractory
from tests.factories import PatientFactory, TherapyCourseFactory, VisitFactory, drug
from tests.worker import celery_worker, purge_broker, wait_for

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def treated_patient():
    patient = PatientFactory()
    for name in ("Prednisolone", "Methotrexate"):
        TherapyCourseFactory(patient=patient, drug=drug(name), start=dt.date(2024, 1, 1))
    VisitFactory(patient=patient, date=dt.date(2024, 1, 1))
    return patient


def show_log_on_failure(worker, check):
    try:
        check()
    except AssertionError:
        if worker.poll() is None:
            worker.terminate()
        print(worker.communicate(timeout=30)[0])
        raise


def test_a_saved_visit_is_re_evaluated_by_a_real_worker():
    purge_broker()
    patient = treated_patient()
    with celery_worker() as worker:
        with transaction.atomic():
            VisitFactory(
                patient=patient,
                date=dt.date(2024, 6, 1),
                physician_global=Decimal("1"),
                patient_global=Decimal("1"),
                extramuscular_global=Decimal("0.5"),
            )
            patient_schedule_reevaluation(patient_id=patient.pk)

        show_log_on_failure(
            worker,
            lambda: wait_for(
                lambda: RefractoryEvaluation.objects.filter(patient=patient).exists(),
                timeout=90,
                what="the evaluation row written by the worker",
            ),
        )

    evaluation = RefractoryEvaluation.objects.get(patient=patient)
    assert (evaluation.status, evaluation.trigger) == ("responding", "change")
    assert Reminder.objects.filter(patient=patient, kind="follow_up").exists()


def test_a_worker_killed_mid_sweep_and_restarted_loses_and_duplicates_nothing():
    purge_broker()
    patients = [treated_patient() for _ in range(48)]
    today = dt.date.today().isoformat()

    with celery_worker() as first:
        # Small chunks, watched closely: the kill must land while most are still to run.
        sweep_refractory.delay(today, chunk_size=2)
        show_log_on_failure(
            first,
            lambda: wait_for(
                lambda: SweepChunk.objects.filter(finished_at__isnull=False).exists(),
                timeout=90,
                what="the first chunk to finish",
                interval=0.01,
            ),
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert SweepRun.objects.get().finished_at is None, "the sweep finished before the kill"

    with celery_worker() as second:
        show_log_on_failure(
            second,
            lambda: wait_for(
                lambda: SweepRun.objects.filter(finished_at__isnull=False).exists(),
                timeout=120,
                what="the restarted worker to finish the sweep",
            ),
        )

    assert RefractoryEvaluation.objects.count() == len(patients)
    assert {row.patient_id for row in RefractoryEvaluation.objects.all()} == {
        patient.pk for patient in patients
    }
    reminders = Reminder.objects.count()
    assert reminders >= len(patients)
    outcome = patients_reevaluate(patient_ids=[patient.pk for patient in patients])
    assert (outcome.evaluations_written, outcome.reminders_changed) == (0, 0)
