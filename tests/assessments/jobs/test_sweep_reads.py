"""The sweep's bulk reads: which patients are due, and what is read about each."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RefractoryEvaluation, Reminder, Visit
from assessments.selectors.sweep import (
    DIGESTED,
    PATIENT_DIGEST_COLUMNS,
    digests_after_run,
    job_inputs,
    patient_digests,
    patients_to_recheck,
)
from assessments.services.refractory import patients_reevaluate, rules_key
from patients.models import AntibodyResult, MuscleBiopsy, Patient
from tests.assessments.jobs.conftest import SEED_AS_OF, make_seed_case
from tests.assessments.jobs.factories import RefractoryEvaluationFactory, ReminderFactory
from tests.factories import MuscleBiopsyFactory, TherapyCourseFactory, VisitFactory, drug

pytestmark = pytest.mark.django_db


def due(*patients):
    ids = [patient.pk for patient in patients]
    return patients_to_recheck(patient_ids=ids, as_of=SEED_AS_OF, key=rules_key()).ids


def edit(row):
    row.save()  # moves its updated_at


def antibody_result(patient):
    return AntibodyResult.objects.filter(panel__patient=patient).first()


def edit_department(patient):
    patient.department.follow_up_months_stable += 1
    patient.department.save()


CHANGES = {
    "patient edited": edit,
    "department interval changed": edit_department,
    "visit added": lambda p: VisitFactory(patient=p, date=dt.date(2006, 9, 20)),
    "visit edited": lambda p: edit(p.visits.first()),
    "visit deleted": lambda p: p.visits.first().delete(),
    "course added": lambda p: TherapyCourseFactory(
        patient=p, drug=drug("Azathioprine"), start=dt.date(2006, 9, 1)
    ),
    "course edited": lambda p: edit(p.therapy_courses.first()),
    "antibody panel edited": lambda p: edit(p.antibody_panels.first()),
    "antibody result edited": lambda p: edit(antibody_result(p)),
    "antibody result deleted": lambda p: antibody_result(p).delete(),
    "biopsy added": lambda p: MuscleBiopsyFactory(patient=p, date=dt.date(2006, 9, 1)),
    "biopsy deleted": lambda p: MuscleBiopsy.objects.filter(patient=p).delete(),
    "reminder added": lambda p: ReminderFactory(patient=p),
    "reminder edited": lambda p: edit(Reminder.objects.filter(patient=p)[0]),
    "reminder deleted": lambda p: Reminder.objects.filter(patient=p)[0].delete(),
    "evaluation added": lambda p: RefractoryEvaluationFactory(patient=p),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_any_change_to_a_patients_inputs_makes_only_that_patient_due(change):
    changed, unchanged = make_seed_case(), make_seed_case()
    patients_reevaluate(patient_ids=[changed.pk, unchanged.pk], as_of=SEED_AS_OF)
    assert due(changed, unchanged) == []

    change(changed)

    assert due(changed, unchanged) == [changed.pk]


def test_patients_never_checked_are_due_without_digesting_anyone():
    first, second = make_seed_case(), make_seed_case()

    with CaptureQueriesContext(connection) as context:
        assert due(second, first) == sorted([first.pk, second.pk])

    assert len(context.captured_queries) == 1


def test_a_recheck_day_come_makes_a_patient_due_without_a_change():
    patient = make_seed_case()
    patients_reevaluate(patient_ids=[patient.pk], as_of=SEED_AS_OF)
    recheck_on = patient.sweep_state.recheck_on

    later = patients_to_recheck(patient_ids=[patient.pk], as_of=recheck_on, key=rules_key()).ids
    earlier = patients_to_recheck(
        patient_ids=[patient.pk], as_of=SEED_AS_OF - dt.timedelta(days=1), key=rules_key()
    ).ids

    assert (later, earlier) == ([patient.pk], [patient.pk])


def digest_of(parts, model):
    models = [digested for digested, _ in DIGESTED]
    return parts[len(PATIENT_DIGEST_COLUMNS) - 1 + models.index(model)]


def test_a_visit_saved_while_a_sweep_reads_is_left_for_the_next_sweep():
    patient = make_seed_case()
    patients_reevaluate(patient_ids=[patient.pk], as_of=SEED_AS_OF)
    before = patient_digests(patient_ids=[patient.pk])
    VisitFactory(patient=patient, date=dt.date(2006, 9, 20))  # saved during the run
    ReminderFactory(patient=patient)  # written by the run itself

    stored = digests_after_run(patient_ids=[patient.pk], before=before)[patient.pk]

    now = patient_digests(patient_ids=[patient.pk])[patient.pk]
    assert digest_of(stored, Visit) == digest_of(before[patient.pk], Visit) != digest_of(now, Visit)
    assert digest_of(stored, Reminder) == digest_of(now, Reminder)


def test_a_sweep_stores_what_the_next_sweep_digests_when_nothing_changed():
    patient = make_seed_case()
    patients_reevaluate(patient_ids=[patient.pk], as_of=SEED_AS_OF)
    edit(patient)
    recheck = patients_to_recheck(patient_ids=[patient.pk], as_of=SEED_AS_OF, key=rules_key())
    assert recheck.ids == [patient.pk]
    patients_reevaluate(patient_ids=[patient.pk], as_of=SEED_AS_OF, only_due=True)

    assert due(patient) == []


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
