"""A reminder goes open -> snoozed -> done or dismissed, audited, and never halfway."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Reminder
from assessments.services.reminders import (
    reminder_dismiss,
    reminder_done,
    reminder_snooze,
    reminders_wake,
)
from tests.assessments.jobs.factories import ReminderFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def test_a_snoozed_reminder_keeps_its_date_and_is_audited_with_the_user(personas):
    reminder = ReminderFactory(patient=personas.patient)
    until = TODAY() + dt.timedelta(days=14)

    reminder_snooze(reminder=reminder, user=personas.clinician, until=until, version=1)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until, reminder.version) == ("snoozed", until, 2)
    latest = reminder.history.first()
    assert latest.history_user == personas.clinician
    assert latest.history_change_reason == f"Snoozed until {until.isoformat()}"


def test_a_snooze_must_end_after_today(personas):
    reminder = ReminderFactory(patient=personas.patient)

    with pytest.raises(ValidationError) as error:
        reminder_snooze(reminder=reminder, user=personas.clinician, until=TODAY())

    assert error.value.message_dict == {"until": ["Choose a date after today."]}
    assert Reminder.objects.get().status == "open"


def test_done_records_who_and_when(personas):
    reminder = ReminderFactory(patient=personas.patient, status="snoozed", snoozed_until=TODAY())

    reminder_done(reminder=reminder, user=personas.clinician, note="Seen in clinic")

    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until) == ("done", None)
    assert (reminder.resolved_by, reminder.resolution_reason) == (
        personas.clinician,
        "Seen in clinic",
    )
    assert reminder.resolved_at is not None


def test_dismissing_needs_a_reason(personas):
    reminder = ReminderFactory(patient=personas.patient)

    with pytest.raises(ValidationError) as error:
        reminder_dismiss(reminder=reminder, user=personas.clinician, reason="  ")

    assert "reason" in error.value.message_dict
    reminder_dismiss(reminder=reminder, user=personas.clinician, reason="Done elsewhere")
    assert Reminder.objects.get().resolution_reason == "Done elsewhere"


def test_a_resolved_reminder_cannot_be_handled_again(personas):
    reminder = ReminderFactory(patient=personas.patient)
    reminder_done(reminder=reminder, user=personas.clinician)

    with pytest.raises(ValidationError, match="already done"):
        reminder_dismiss(reminder=reminder, user=personas.clinician, reason="Oops")


def test_a_form_loaded_before_someone_elses_change_is_refused(personas):
    reminder = ReminderFactory(patient=personas.patient)
    reminder_snooze(reminder=reminder, user=personas.clinician, until=TODAY() + dt.timedelta(1))

    with pytest.raises(ValidationError, match="Someone else changed this reminder"):
        reminder_done(reminder=reminder, user=personas.department_admin, version=1)

    assert Reminder.objects.get().status == "snoozed"


def test_a_snooze_that_ends_reopens_the_reminder_as_news_that_day(personas):
    ends = TODAY() - dt.timedelta(days=1)
    woken = ReminderFactory(patient=personas.patient, status="snoozed", snoozed_until=ends)
    asleep = ReminderFactory(
        patient=personas.patient, status="snoozed", snoozed_until=TODAY() + dt.timedelta(3)
    )

    assert reminders_wake(today=TODAY()) == 1
    assert reminders_wake(today=TODAY()) == 0

    woken.refresh_from_db()
    assert (woken.status, woken.snoozed_until, woken.notify_on) == ("open", None, ends)
    assert Reminder.objects.get(pk=asleep.pk).status == "snoozed"
    assert woken.history.first().history_change_reason == "Snooze ended"
