"""Contact attempts on reminders: logged from the inbox or the patient page, audited."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessments.models import ContactAttempt
from assessments.selectors.reminders import reminders_panel
from assessments.services.contact import RECORDED
from tests.assessments.jobs.factories import ContactAttemptFactory, ReminderFactory
from tests.auth import login_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("jobs:reminder_inbox")


def contact_url(reminder):
    return reverse("jobs:reminder_contact", args=[reminder.pk])


def today():
    return timezone.localdate()


def attempt(**values):
    return {"attempted_on": today().isoformat(), "method": "phone", "outcome": "no_answer"} | values


def test_a_nurse_logs_a_phone_attempt_from_the_inbox_and_sees_it_listed(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)
    inbox = client.get(INBOX).content.decode()
    assert f'action="{contact_url(reminder)}"' in inbox

    response = client.post(contact_url(reminder), attempt(next=INBOX))

    assert response.status_code == 302
    assert response["Location"] == INBOX
    html = client.get(INBOX).content.decode()
    assert f"1 contact attempt, last {today():%d/%m/%Y}: Phone — No answer" in html


def test_the_history_row_names_who_recorded_the_attempt_and_why(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    client.post(contact_url(reminder), attempt(method="letter", outcome="letter_sent"))

    stored = ContactAttempt.objects.get()
    assert (stored.reminder, stored.recorded_by) == (reminder, personas.nurse)
    row = stored.history.get()
    assert (row.history_user, row.history_change_reason) == (personas.nurse, RECORDED)


def test_the_latest_attempt_is_summarised_with_the_count(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    ContactAttemptFactory(reminder=reminder, attempted_on=dt.date(2024, 5, 2))
    ContactAttemptFactory(
        reminder=reminder, attempted_on=dt.date(2024, 5, 9), method="letter", outcome="letter_sent"
    )
    login_as(client, personas.clinician)

    html = client.get(INBOX).content.decode()

    assert "2 contact attempts, last 09/05/2024: Letter — Letter sent" in html


def test_a_future_date_is_refused_on_the_date_field(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)
    tomorrow = today() + dt.timedelta(days=1)

    response = client.post(contact_url(reminder), attempt(attempted_on=tomorrow.isoformat()))

    assert response.status_code == 400
    assert response.context["form"].errors == {"attempted_on": ["This date is in the future."]}
    assert 'id="id_attempted_on-error"' in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_an_other_outcome_without_a_note_is_refused_on_the_note_field(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    response = client.post(contact_url(reminder), attempt(outcome="other", note="  "))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "note": ["Say what happened when the outcome is “Other”."]
    }
    assert not ContactAttempt.objects.exists()


def test_a_date_before_the_patients_birth_is_refused(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)
    before = personas.patient.date_of_birth - dt.timedelta(days=1)

    response = client.post(contact_url(reminder), attempt(attempted_on=before.isoformat()))

    assert list(response.context["form"].errors) == ["attempted_on"]
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize("status", ["done", "dismissed"])
def test_a_resolved_reminder_takes_no_attempts(client, personas, status):
    reminder = ReminderFactory(
        patient=personas.patient,
        status=status,
        resolved_at=timezone.now(),
        resolution_reason="Seen elsewhere",
    )
    login_as(client, personas.nurse)

    response = client.post(contact_url(reminder), attempt())

    assert response.status_code == 400
    assert f"This reminder is already {status}" in response.content.decode()
    assert not ContactAttempt.objects.exists()


def test_a_snoozed_reminder_takes_attempts(client, personas):
    reminder = ReminderFactory(
        patient=personas.patient, status="snoozed", snoozed_until=today() + dt.timedelta(days=3)
    )
    login_as(client, personas.nurse)

    assert client.post(contact_url(reminder), attempt()).status_code == 302
    assert ContactAttempt.objects.get().reminder == reminder


def test_a_nurse_of_another_department_finds_no_such_reminder(client, personas):
    reminder = ReminderFactory(patient=personas.other_patient)
    login_as(client, personas.nurse)

    assert client.post(contact_url(reminder), attempt()).status_code == 404
    assert client.get(contact_url(reminder)).status_code == 404
    assert not ContactAttempt.objects.exists()


@pytest.mark.parametrize("persona", ["nurse", "clinician", "department_admin", "registry_admin"])
def test_every_role_of_the_department_may_log_an_attempt(client, personas, persona):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, getattr(personas, persona))

    assert client.post(contact_url(reminder), attempt()).status_code == 302


def test_a_user_of_no_department_finds_no_such_reminder(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, UserFactory())

    assert client.post(contact_url(reminder), attempt()).status_code == 404


def test_an_unsafe_next_address_falls_back_to_the_inbox(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    response = client.post(contact_url(reminder), attempt(next="https://evil.example/"))

    assert response["Location"] == INBOX


def test_the_patient_partial_shows_attempts_and_the_form_to_members(rf, personas):
    reminder = ReminderFactory(patient=personas.patient)
    ContactAttemptFactory(reminder=reminder, attempted_on=dt.date(2024, 5, 9), note="Mobile off")
    request = rf.get("/")
    request.user = personas.nurse

    context = reminders_panel(user=personas.nurse, patient=personas.patient, next_url="/p/")
    html = render_to_string("assessments/partials/patient_reminders.html", context, request=request)

    assert "1 contact attempt, last 09/05/2024: Phone — No answer" in html
    assert "Mobile off" in html
    assert f'action="{contact_url(reminder)}"' in html
    assert 'name="next" value="/p/"' in html


def test_the_form_page_offers_today_in_the_date_input(client, personas):
    reminder = ReminderFactory(patient=personas.patient)
    login_as(client, personas.nurse)

    html = client.get(contact_url(reminder)).content.decode()

    assert f'type="date" name="attempted_on" value="{today().isoformat()}"' in html
