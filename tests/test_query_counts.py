"""Every page costs the same number of queries with 1 or 50 related rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.services.scores import patient_scores_recompute
from tests.assessments.jobs.factories import (
    ContactAttemptFactory,
    RefractoryEvaluationFactory,
    ReminderFactory,
)
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    DiagnosisChangeFactory,
    DiagnosticTestFactory,
    MuscleBiopsyFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)
from tests.helpers import login

START = dt.date(2000, 1, 1)


def add_history(patient, count):
    """Give a patient ``count`` of every record: visits to reminders (with a contact attempt)."""
    evaluations = [
        {"status": "insufficient_data"},
        {"status": "responding", "tis_total": 45, "tis_category": "moderate", "doi_met": True},
        {"status": "refractory", "tis_total": 5, "tis_category": "none", "doi_met": False},
    ]
    drugs = [drug("Prednisolone"), drug("Methotrexate"), drug("Rituximab")]
    for index in range(count):
        day = START + dt.timedelta(days=30 * index)
        VisitFactory(patient=patient, date=day)
        panel = AntibodyPanelFactory(patient=patient, date=day)
        AntibodyResultFactory(panel=panel, antibody="hmgcr", result="positive")
        AntibodyResultFactory(panel=panel, antibody="jo1", result="negative")
        stopped = index % 2 == 0
        TherapyCourseFactory(
            patient=patient,
            drug=drugs[index % 3],
            start=day,
            stop=day + dt.timedelta(days=20) if stopped else None,
            stop_reason="ineffective" if stopped else "",
        )
        MuscleBiopsyFactory(patient=patient, date=day)
        DiagnosticTestFactory(patient=patient, date=day)
        DiagnosisChangeFactory(
            patient=patient,
            date=day,
            from_diagnosis="pm" if stopped else "dm",
            to_diagnosis="dm" if stopped else "pm",
        )
        reminder = ReminderFactory(
            patient=patient,
            due_date=day,
            status="snoozed" if stopped else "open",
            snoozed_until=day + dt.timedelta(days=7) if stopped else None,
        )
        ContactAttemptFactory(reminder=reminder, attempted_on=day)
        RefractoryEvaluationFactory(
            patient=patient,
            evaluated_at=timezone.now() - dt.timedelta(days=count - index),
            **evaluations[index % 3],
        )
    patient_scores_recompute(patient=patient)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def first(patient, model_attr):
    return getattr(patient, model_attr).order_by("pk").first().pk


PAGES = {
    "patients:detail": None,
    "patients:edit": None,
    "patients:diagnosis_change": None,
    "patients:biopsy_create": None,
    "patients:panel_create": None,
    "patients:test_create": None,
    "assessments:visit_create": None,
    "treatments:course_start": None,
    "patients:biopsy_edit": "biopsies",
    "patients:panel_edit": "antibody_panels",
    "patients:test_edit": "diagnostic_tests",
    "assessments:visit_detail": "visits",
    "assessments:visit_edit": "visits",
    "treatments:course_edit": "therapy_courses",
    "treatments:course_stop": "therapy_courses",
}


def page_url(name, patient, related):
    args = [patient.registry_id]
    if related:
        args.append(first(patient, related))
    return reverse(name, args=args)


@pytest.mark.parametrize(("name", "related"), PAGES.items())
def test_a_patient_page_costs_the_same_with_one_or_fifty_rows(client, personas, name, related):
    login(client, personas.clinician)  # a clinician may open every page, diagnosis included
    small = PatientFactory(department=personas.department)
    large = PatientFactory(department=personas.department)
    add_history(small, 1)
    add_history(large, 50)

    with_one = count_queries(client, page_url(name, small, related))
    with_fifty = count_queries(client, page_url(name, large, related))

    assert with_one == with_fifty


def test_the_patient_list_costs_the_same_with_one_or_fifty_patients(client, personas):
    login(client, personas.nurse)
    personas.patient.delete()
    add_history(PatientFactory(department=personas.department), 2)
    with_one = count_queries(client, reverse("patients:list"))

    for _ in range(49):
        add_history(PatientFactory(department=personas.department), 2)
    with_fifty = count_queries(client, reverse("patients:list") + "?page=2")

    assert with_one == with_fifty


def test_the_patient_list_search_costs_the_same_with_one_or_fifty_matches(client, personas):
    login(client, personas.nurse)
    add_history(PatientFactory(department=personas.department, family_name="Unique"), 3)
    with_one = count_queries(client, reverse("patients:list") + "?q=Uniq")

    for index in range(49):
        PatientFactory(department=personas.department, family_name=f"Unique{index}")
    with_fifty = count_queries(client, reverse("patients:list") + "?q=Uniq")

    assert with_one == with_fifty
