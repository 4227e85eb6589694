"""The reminder inbox, its actions, the patient partial and the worker status page."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reminder, WorkerHeartbeat
from assessments.selectors.jobs import refractory_panel
from assessments.selectors.reminders import reminders_panel
from tests.assessments.jobs.factories import (
    ContactAttemptFactory,
    RefractoryEvaluationFactory,
    ReminderFactory,
)
from tests.auth import login_as
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("jobs:reminder_inbox")


def today():
    return timezone.localdate()


def action_url(name, reminder):
    return reverse(f"jobs:reminder_{name}", args=[reminder.pk])


def test_a_nurse_sees_the_departments_open_and_overdue_reminders(client, personas):
    ReminderFactory(
        patient=personas.patient, due_date=today() - dt.timedelta(days=3), reason="Overdue visit"
    )
    ReminderFactory(patient=personas.patient, status="done", resolved_at=timezone.now())
    ReminderFactory(patient=personas.other_patient, reason="Another department")
    login_as(client, personas.nurse)

    response = client.get(INBOX)

    page = response.content.decode()
    assert "Overdue visit" in page
    assert "Overdue</span>" in page
    assert "Another department" not in page
    assert [r.reason for r in response.context["page"]] == ["Overdue visit"]
    assert "For a clinician" in page


def test_each_reminder_in_the_inbox_names_the_rule_behind_it(client, personas):
    ReminderFactory(patient=personas.patient, kind="cancer_screening", reason="Screen now")
    ReminderFactory(patient=personas.patient, kind="safety", reason="Stop the statin")
    login_as(client, personas.nurse)

    page = client.get(INBOX).content.decode()

    assert "Source: clinical-rules.md §9 — IMACS 2023 cancer screening guideline" in page
    assert "Source: clinical-rules.md §5 — statin continued in an anti-HMGCR-positive" in page


def test_the_inbox_filters_by_kind_and_due_date(client, personas):
    ReminderFactory(patient=personas.patient, kind="safety", due_date=dt.date(2025, 1, 10))
    ReminderFactory(patient=personas.patient, kind="safety", due_date=dt.date(2025, 3, 10))
    ReminderFactory(patient=personas.patient, kind="follow_up", due_date=dt.date(2025, 1, 10))
    login_as(client, personas.clinician)

    response = client.get(INBOX, {"kind": "safety", "due_to": "2025-02-01"})

    assert [(r.kind, r.due_date) for r in response.context["page"]] == [
        ("safety", dt.date(2025, 1, 10))
    ]


def test_a_reversed_date_range_is_flagged_on_the_field(client, personas):
    login_as(client, personas.clinician)

    response = client.get(INBOX, {"due_from": "2025-03-01", "due_to": "2025-02-01"})

    assert response.context["form"].errors == {
        "due_to": ["The end of the range is before its start."]
    }


def test_the_inbox_takes_the_same_queries_with_one_or_fifty_reminders(client, personas):
    login_as(client, personas.clinician)
    ReminderFactory(patient=personas.patient)
    client.get(INBOX)

    def count():
        with CaptureQueriesContext(connection) as context:
            response = client.get(INBOX)
        assert len(response.context["page"]) == Reminder.objects.count()
        return len(context.captured_queries)

    with_one = count()
    for _ in range(49):
        reminder = ReminderFactory(patient=PatientFactory(department=personas.department))
        ContactAttemptFactory.create_batch(2, reminder=reminder)
    assert count() == with_one


@pytest.mark.parametrize("name", ["snooze", "done", "dismiss", "contact"])
def test_a_reminder_action_page_costs_the_same_with_one_or_fifty_contact_attempts(
    client, personas, name
):
    login_as(client, personas.clinician)
    few = ReminderFactory(patient=personas.patient)
    many = ReminderFactory(patient=personas.patient, kind="safety")
    ContactAttemptFactory(reminder=few)
    ContactAttemptFactory.create_batch(50, reminder=many)

    def count(reminder):
        with CaptureQueriesContext(connection) as context:
            response = client.get(action_url(name, reminder))
        assert response.status_code == 200
        return len(context.captured_queries)

    assert count(few) == count(many)


def test_the_inbox_links_each_registry_id_to_the_patient_page(client, personas):
    ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    html = client.get(INBOX).content.decode()

    url = reverse("patients:detail", args=[personas.patient.registry_id])
    assert f'<a href="{url}">{personas.patient.registry_id}</a>' in html


def test_a_clinician_snoozes_from_the_list_and_returns_to_it(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.clinician)
    until = today() + dt.timedelta(days=7)

    response = client.post(
        action_url("snooze", reminder),
        {"until": until.isoformat(), "version": 1, "next": f"{INBOX}?kind=follow_up"},
    )

    assert response.status_code == 302
    assert response["Location"] == f"{INBOX}?kind=follow_up"
    assert Reminder.objects.get().snoozed_until == until


def test_a_clinician_marks_a_reminder_done(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.department_admin)

    client.post(action_url("done", reminder), {"version": 1})

    assert Reminder.objects.get().resolved_by == personas.department_admin


def test_dismissing_without_a_reason_shows_the_error_on_the_reason_field(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.clinician)

    response = client.post(action_url("dismiss", reminder), {"version": 1, "reason": ""})

    assert response.status_code == 400
    assert response.context["form"].errors == {"reason": ["Say why the reminder does not apply."]}
    assert Reminder.objects.get().status == "open"


def test_a_snooze_into_the_past_is_refused_on_the_date_field(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.clinician)

    response = client.post(
        action_url("snooze", reminder), {"version": 1, "until": today().isoformat()}
    )

    assert response.context["form"].errors == {"until": ["Choose a date after today."]}


def test_an_outdated_form_is_refused_with_a_message(client, personas):
    reminder = ReminderFactory(patient=personas.patient, version=3)
    login_as(client, personas.clinician)

    response = client.post(action_url("done", reminder), {"version": 2})

    assert "Someone else changed this reminder" in response.content.decode()
    assert Reminder.objects.get().status == "open"


def test_a_nurse_cannot_handle_reminders(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    response = client.post(action_url("done", reminder), {"version": 1})

    assert response.status_code == 403
    assert Reminder.objects.get().status == "open"


@pytest.mark.parametrize("name", ["snooze", "done", "dismiss"])
def test_another_departments_reminder_is_missing(client, personas, name):
    reminder = ReminderFactory(patient=personas.other_patient)
    login_as(client, personas.clinician)

    assert client.post(action_url(name, reminder), {"version": 1}).status_code == 404
    assert client.get(action_url(name, reminder)).status_code == 404


def test_an_unsafe_next_address_falls_back_to_the_inbox(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.clinician)

    response = client.post(
        action_url("done", reminder), {"version": 1, "next": "https://evil.example/"}
    )

    assert response["Location"] == INBOX


def test_the_inbox_needs_a_login(client):
    assert client.get(INBOX).status_code == 302


def test_the_patient_partial_lists_pending_reminders_with_actions_for_clinicians(
    rf, personas, django_assert_num_queries
):
    ReminderFactory(patient=personas.patient, kind="repeat_biopsy", reason="Repeat the biopsy")
    ReminderFactory(
        patient=personas.patient,
        status="dismissed",
        resolved_at=timezone.now(),
        resolution_reason="Not needed",
        reason="Gone",
    )
    request = rf.get("/")
    request.user = personas.clinician

    with django_assert_num_queries(4):  # reminders, their contact attempts, two roles
        context = reminders_panel(user=personas.clinician, patient=personas.patient, next_url="/p/")
        html = render_to_string(
            "assessments/partials/patient_reminders.html", context, request=request
        )

    assert "Repeat the biopsy" in html
    assert "Source: clinical-rules.md §8 and §10 — refractory: review the diagnosis" in html
    assert "Gone" not in html
    assert 'name="next" value="/p/"' in html
    nurse_context = reminders_panel(user=personas.nurse, patient=personas.patient, next_url="/")
    assert "Dismiss" not in render_to_string(
        "assessments/partials/patient_reminders.html", nurse_context
    )


def test_the_patient_partial_takes_the_same_queries_for_more_reminders(
    personas, django_assert_num_queries
):
    for _ in range(10):
        ContactAttemptFactory.create_batch(2, reminder=ReminderFactory(patient=personas.patient))

    with django_assert_num_queries(4):
        reminders_panel(user=personas.clinician, patient=personas.patient, next_url="/")


def test_the_refractory_partial_shows_the_status_with_its_reason_and_history(personas):
    RefractoryEvaluationFactory(
        patient=personas.patient, evaluated_at=timezone.now() - dt.timedelta(days=30)
    )
    RefractoryEvaluationFactory(
        patient=personas.patient,
        status="refractory",
        reason="No improvement after 6 months of Prednisolone + Methotrexate",
        tis_total=5,
        tis_category="none",
        doi_met=False,
    )

    html = render_to_string(
        "assessments/partials/patient_refractory.html", refractory_panel(patient=personas.patient)
    )

    assert "Refractory" in html
    assert "No improvement after 6 months" in html
    assert "History of the status" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("department_admin", 200), ("registry_admin", 200), ("clinician", 403), ("nurse", 403)],
)
def test_the_worker_status_page_is_for_admins(client, personas, persona, status):
    login_as(client, getattr(personas, persona))

    assert client.get(reverse("jobs:worker_status")).status_code == status


def test_a_stale_heartbeat_is_flagged(client, personas):
    WorkerHeartbeat.objects.create(
        worker="celery@old", last_seen=timezone.now() - dt.timedelta(hours=2)
    )
    login_as(client, personas.department_admin)

    page = client.get(reverse("jobs:worker_status")).content.decode()

    assert "the workers may be down" in page
    assert "Nightly refractory sweep" in page


def test_a_fresh_heartbeat_shows_the_workers_alive(client, personas):
    WorkerHeartbeat.objects.create(worker="celery@new", last_seen=timezone.now())
    login_as(client, personas.department_admin)

    assert "Workers alive" in client.get(reverse("jobs:worker_status")).content.decode()


def test_admins_find_the_worker_status_from_the_inbox(client, personas):
    login_as(client, personas.department_admin)
    assert reverse("jobs:worker_status") in client.get(INBOX).content.decode()

    login_as(client, personas.nurse)
    assert reverse("jobs:worker_status") not in client.get(INBOX).content.decode()
