"""The refractory status and the reminders on the patient page and the patient list."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tests.assessments.jobs.factories import RefractoryEvaluationFactory, ReminderFactory
from tests.factories import PatientFactory
from tests.helpers import login

REFRACTORY = {"status": "refractory", "tis_total": 5, "tis_category": "none", "doi_met": False}
RESPONDING = {"status": "responding", "tis_total": 45, "tis_category": "moderate", "doi_met": True}


def test_the_patient_page_shows_the_latest_status_with_reason_time_and_rule_version(
    client, personas
):
    RefractoryEvaluationFactory(
        patient=personas.patient, evaluated_at=timezone.make_aware(dt.datetime(2025, 1, 1))
    )
    RefractoryEvaluationFactory(
        patient=personas.patient,
        evaluated_at=timezone.make_aware(dt.datetime(2025, 3, 4, 5, 6)),
        reason="No improvement after 6 months of Prednisolone + Methotrexate",
        rule_version="refractory-2024.1",
        **REFRACTORY,
    )
    login(client, personas.nurse)

    html = client.get(personas.patient.get_absolute_url()).content.decode()

    assert "Refractory</span>" in html
    assert "No improvement after 6 months of Prednisolone + Methotrexate" in html
    assert "Evaluated 04/03/2025 05:06" in html
    assert "refractory-2024.1" in html
    assert "Source: clinical-rules.md §8 — refractory myositis" in html


def test_the_patient_page_says_when_the_status_was_never_evaluated(client, personas):
    login(client, personas.nurse)

    html = client.get(personas.patient.get_absolute_url()).content.decode()

    assert "Not evaluated yet" in html
    assert "No open reminders." in html


def test_a_clinician_sees_the_patients_reminders_with_actions_returning_to_the_page(
    client, personas
):
    reminder = ReminderFactory(patient=personas.patient, reason="Repeat the biopsy")
    ReminderFactory(
        patient=personas.patient,
        status="done",
        resolved_at=timezone.now(),
        resolved_by=personas.clinician,
        reason="Already handled",
    )
    login(client, personas.clinician)
    url = personas.patient.get_absolute_url()

    html = client.get(url).content.decode()

    assert "Repeat the biopsy" in html
    assert "Already handled" not in html
    assert reverse("jobs:reminder_snooze", args=[reminder.pk]) in html
    assert reverse("jobs:reminder_dismiss", args=[reminder.pk]) in html
    assert f'name="next" value="{url}"' in html


def test_a_nurse_sees_the_reminders_without_actions(client, personas):
    ReminderFactory(patient=personas.patient, reason="Repeat the biopsy")
    login(client, personas.nurse)

    html = client.get(personas.patient.get_absolute_url()).content.decode()

    assert "Repeat the biopsy" in html
    assert "Dismiss" not in html


def test_the_list_shows_the_latest_status_as_a_coloured_badge_with_the_reason(client, personas):
    responding = PatientFactory(department=personas.department, family_name="Aaa")
    RefractoryEvaluationFactory(
        patient=personas.patient,
        evaluated_at=timezone.now() - dt.timedelta(days=1),
        **RESPONDING,
    )
    RefractoryEvaluationFactory(
        patient=personas.patient, reason="Still no improvement on line 3", **REFRACTORY
    )
    RefractoryEvaluationFactory(patient=responding, reason="Better on IVIG", **RESPONDING)
    never = PatientFactory(department=personas.department, family_name="Zzz")
    login(client, personas.nurse)

    response = client.get(reverse("patients:list"))

    html = response.content.decode()
    assert (
        '<span class="badge text-bg-danger" title="Still no improvement on line 3">Refractory'
        in html
    )
    assert '<span class="badge text-bg-success" title="Better on IVIG">Responding' in html
    rows = {row.patient: row.refractory for row in response.context["rows"]}
    assert rows[never].label == "—"
