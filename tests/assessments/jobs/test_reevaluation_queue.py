"""A saved visit queues a re-evaluation after commit; a dead broker does not lose the save."""

import datetime as dt
import logging

import pytest
from django.db import transaction

from assessments.models import Visit
from assessments.services.refractory import patient_schedule_reevaluation
from config.celery_app import app
from tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where no broker listens, then restore it."""
    saved = app.conf.broker_write_url, app.conf.broker_transport_options
    app.conf.broker_write_url = "redis://127.0.0.1:9/0"
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.broker_write_url, app.conf.broker_transport_options = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_the_reevaluation_is_queued_only_once_the_save_commits(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        VisitFactory(patient=personas.patient, date=dt.date(2021, 1, 1))
        patient_schedule_reevaluation(patient_id=personas.patient.pk)

    assert len(callbacks) == 1


def test_a_broker_outage_at_save_time_is_logged_and_the_visit_is_kept(
    personas, broker_down, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.ERROR, logger="assessments.services.refractory")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        VisitFactory(patient=personas.patient, date=dt.date(2021, 1, 1))
        patient_schedule_reevaluation(patient_id=personas.patient.pk)

    assert Visit.objects.filter(patient=personas.patient).exists()
    assert "the nightly sweep will" in caplog.text
