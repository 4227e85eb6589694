"""Each department member gets one email a day with the reminders that became due."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import ReminderDigest
from assessments.services.digest import reminder_digests_send
from tests.assessments.jobs.factories import ReminderFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 10)


def test_the_digest_lists_what_became_due_today_by_registry_id_only(personas):
    ReminderFactory(
        patient=personas.patient,
        kind="repeat_biopsy",
        due_date=TODAY,
        reason="Consider a repeat muscle biopsy",
    )
    ReminderFactory(patient=personas.patient, due_date=TODAY - dt.timedelta(days=5))
    ReminderFactory(patient=personas.patient, due_date=TODAY + dt.timedelta(days=1))
    ReminderFactory(patient=personas.other_patient, due_date=TODAY)

    sent = reminder_digests_send(today=TODAY)

    assert sent == 5  # the four members of the home department and the outsider
    to_clinician = next(m for m in mail.outbox if m.to == ["clinician@example.org"])
    assert to_clinician.subject == "Myositis registry: 1 reminder(s) due"
    assert personas.patient.registry_id in to_clinician.body
    assert "Consider a repeat muscle biopsy" in to_clinician.body
    assert personas.patient.family_name not in to_clinician.body
    to_outsider = next(m for m in mail.outbox if m.to == ["outsider@example.org"])
    assert personas.other_patient.registry_id in to_outsider.body
    assert personas.patient.registry_id not in to_outsider.body


def test_running_the_digest_twice_a_day_sends_once(personas):
    ReminderFactory(patient=personas.patient, due_date=TODAY)

    reminder_digests_send(today=TODAY)
    again = reminder_digests_send(today=TODAY)

    assert again == 0
    assert len(mail.outbox) == 4
    assert ReminderDigest.objects.filter(sent_on=TODAY).count() == 5


def test_a_missed_day_is_caught_up_by_the_next_digest(personas):
    reminder_digests_send(today=TODAY - dt.timedelta(days=2))
    ReminderFactory(patient=personas.patient, due_date=TODAY - dt.timedelta(days=1))

    reminder_digests_send(today=TODAY)

    assert len(mail.outbox) == 4


def test_nothing_new_means_no_email(personas):
    ReminderFactory(
        patient=personas.patient, due_date=TODAY, status="done", resolved_at=timezone.now()
    )

    assert reminder_digests_send(today=TODAY) == 0
    assert mail.outbox == []
