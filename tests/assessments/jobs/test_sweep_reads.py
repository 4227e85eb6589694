"""The sweep's bulk reads: what is read about each patient of a chunk."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import RefractoryEvaluation, Reminder, Visit
from assessments.selectors_sweep import job_inputs
from assessments.services.refractory import patients_reevaluate
from patients.models import AntibodyResult, Patient
from tests.assessments.jobs.conftest import SEED_AS_OF, make_seed_case
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spread", [1, 40], ids=["ids close together", "ids far apart"])
def test_job_inputs_leave_out_the_rows_of_patients_between_the_chunks_ids(spread):
    first = make_seed_case()
    between = [make_seed_case() for _ in range(spread)]  # many: the ids are no longer dense
    last = make_seed_case()
    patients_reevaluate(patient_ids=[first.pk, between[0].pk, last.pk], as_of=SEED_AS_OF)
    VisitFactory(patient=last, date=dt.date(2006, 9, 20), physician_global=Decimal("5"))

    found = {inputs.patient.id: inputs for inputs in job_inputs(patient_ids=[last.pk, first.pk])}

    assert list(found) == [first.pk, last.pk]
    for patient in (first, last):
        inputs = found[patient.pk]
        assert [visit.id for visit in inputs.visits] == list(
            Visit.objects.filter(patient=patient)
            .order_by("date", "pk")
            .values_list("pk", flat=True)
        )
        assert len(inputs.courses) == patient.therapy_courses.count()
        assert (
            len(inputs.antibody_results)
            == AntibodyResult.objects.filter(panel__patient=patient).count()
        )
        assert len(inputs.biopsies) == 1
        assert {reminder.id for reminder in inputs.reminders} == set(
            Reminder.objects.filter(patient=patient).values_list("pk", flat=True)
        )
        assert inputs.latest.status == RefractoryEvaluation.objects.get(patient=patient).status
    assert len(found[last.pk].visits) == 3


def test_job_inputs_of_no_patient_or_a_deleted_one_are_empty():
    patient = make_seed_case()
    pk = patient.pk
    patient.delete()

    assert job_inputs(patient_ids=[]) == []
    assert job_inputs(patient_ids=[pk]) == []


@pytest.mark.parametrize(
    ("created_at", "local_day"),
    [
        (dt.datetime(2024, 7, 1, 23, 30, tzinfo=dt.UTC), dt.date(2024, 7, 2)),
        (dt.datetime(2024, 1, 1, 23, 30, tzinfo=dt.UTC), dt.date(2024, 1, 1)),
    ],
    ids=["summer time: the next day", "winter: the same day"],
)
def test_a_patient_registered_late_in_the_evening_counts_from_the_local_day(
    settings, created_at, local_day
):
    assert settings.TIME_ZONE == "Europe/London"
    patient = make_seed_case()
    Patient.objects.filter(pk=patient.pk).update(created_at=created_at)

    (inputs,) = job_inputs(patient_ids=[patient.pk])

    assert inputs.patient.created_on == local_day
