"""The database refuses evaluations and reminders that break their rules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone

from assessments.models import RefractoryEvaluation
from assessments.selectors.jobs import (
    patient_refractory_status_subquery,
    patients_with_latest_evaluation,
)
from patients.models import Patient
from tests.assessments.jobs.factories import RefractoryEvaluationFactory, ReminderFactory
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_a_second_reminder_of_the_same_kind_and_period_is_refused():
    first = ReminderFactory(due_period="2021-01")

    with pytest.raises(IntegrityError):
        ReminderFactory(patient=first.patient, kind=first.kind, due_period="2021-01")


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"status": "snoozed"}, id="snoozed without a date"),
        pytest.param(
            {"status": "open", "snoozed_until": dt.date(2021, 2, 1)}, id="open with a date"
        ),
        pytest.param(
            {"status": "dismissed", "resolved_at": timezone.now()}, id="dismissed without reason"
        ),
        pytest.param({"status": "done"}, id="done without a time"),
        pytest.param({"status": "open", "resolved_at": timezone.now()}, id="open but resolved"),
        pytest.param({"kind": "coffee"}, id="unknown kind"),
        pytest.param({"reason": ""}, id="no reason"),
    ],
)
def test_a_reminder_breaking_its_lifecycle_is_refused(fields):
    with pytest.raises(IntegrityError):
        ReminderFactory(**fields)


def test_a_refractory_evaluation_without_scores_is_refused():
    with pytest.raises(IntegrityError):
        RefractoryEvaluationFactory(status="refractory")


def test_an_insufficient_evaluation_with_scores_is_refused():
    with pytest.raises(IntegrityError):
        RefractoryEvaluationFactory(tis_total=Decimal("10"), tis_category="none", doi_met=False)


def test_the_latest_evaluation_is_annotated_in_one_query(django_assert_num_queries):
    now = timezone.now()
    for index in range(3):
        patient = PatientFactory()
        RefractoryEvaluationFactory(patient=patient, evaluated_at=now - dt.timedelta(days=1))
        RefractoryEvaluationFactory(
            patient=patient,
            evaluated_at=now,
            status="refractory",
            reason=f"No improvement {index}",
            tis_total=Decimal("12.5"),
            tis_category="none",
            doi_met=False,
        )
    PatientFactory(family_name="Neverevaluated")

    with django_assert_num_queries(1):
        rows = list(patients_with_latest_evaluation(Patient.objects.order_by("id")))

    assert [row.refractory_status for row in rows] == ["refractory"] * 3 + [None]
    assert rows[0].refractory_reason == "No improvement 0"


def test_the_status_subquery_filters_a_cohort():
    patient = PatientFactory()
    RefractoryEvaluationFactory(patient=patient, status="not_yet_evaluable")
    PatientFactory()

    cohort = Patient.objects.annotate(status=patient_refractory_status_subquery()).filter(
        status="not_yet_evaluable"
    )

    assert list(cohort) == [patient]
    assert RefractoryEvaluation.objects.count() == 1
