"""factory_boy factories for refractory evaluations, reminders and contact attempts."""

import datetime as dt

import factory
from django.utils import timezone

from assessments.models import ContactAttempt, RefractoryEvaluation, Reminder
from tests.factories import PatientFactory, UserFactory


class RefractoryEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RefractoryEvaluation

    patient = factory.SubFactory(PatientFactory)
    evaluated_at = factory.LazyFunction(timezone.now)
    as_of = dt.date(2021, 1, 1)
    trigger = "sweep"
    status = "insufficient_data"
    reason = "No adequate therapy recorded"
    rule_version = "refractory-2024.1"
    parameters = factory.LazyFunction(lambda: {"window_months": 3})
    inputs = factory.LazyFunction(lambda: {"visits": [], "courses": []})


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    patient = factory.SubFactory(PatientFactory)
    kind = "follow_up"
    due_date = dt.date(2021, 1, 1)
    due_period = factory.Sequence(lambda n: f"period-{n}")
    reason = "Follow-up visit due"
    source = "follow-up/1"
    notify_on = factory.SelfAttribute("due_date")


class ContactAttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactAttempt

    reminder = factory.SubFactory(ReminderFactory)
    attempted_on = dt.date(2021, 1, 5)
    method = "phone"
    outcome = "no_answer"
    recorded_by = factory.SubFactory(UserFactory)
