"""Celery tasks of the assessments app: thin adapters that call services.

Every task takes ids and ISO dates (JSON only), is idempotent, retries transient
database and broker errors with exponential backoff, and has soft and hard time limits.
No task is scheduled for the future with an ETA or countdown: due dates live in the
database and beat runs the daily jobs (schedules in ``django_celery_beat``, created by
migration ``assessments.0004_job_schedules``).
"""

import datetime as dt
import logging
import socket

from celery import shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from assessments.models import EvaluationTrigger, WorkerHeartbeat
from assessments.services.digest import reminder_digests_send
from assessments.services.refractory import patients_reevaluate
from assessments.services.reminders import reminders_wake
from assessments.services.sweeps import (
    DEFAULT_CHUNK_SIZE,
    sweep_chunk_run,
    sweep_resume,
    sweep_start,
)

logger = logging.getLogger(__name__)

# Lost connections, deadlocks, "database is locked", an unreachable broker.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError)
RETRY = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(name="assessments.heartbeat", ignore_result=True, soft_time_limit=10, time_limit=20)
def heartbeat(worker: str | None = None) -> None:
    """Record that a worker is alive and consuming tasks."""
    WorkerHeartbeat.objects.update_or_create(
        worker=worker or socket.gethostname(), defaults={"last_seen": timezone.now()}
    )


@shared_task(
    name="assessments.evaluate_patient",
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
    **RETRY,
)
def evaluate_patient(patient_id: int, as_of: str | None = None) -> None:
    """Re-evaluate one patient after a visit or therapy change (queued on commit)."""
    patients_reevaluate(
        patient_ids=[patient_id], as_of=_day(as_of), trigger=EvaluationTrigger.CHANGE
    )


@shared_task(
    name="assessments.sweep_refractory",
    ignore_result=True,
    soft_time_limit=120,
    time_limit=180,
    **RETRY,
)
def sweep_refractory(as_of: str | None = None, chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
    """Start the nightly sweep: record it and fan out one task per chunk of patients."""
    return sweep_start(as_of=_day(as_of), chunk_size=chunk_size).pk


@shared_task(
    name="assessments.sweep_chunk",
    ignore_result=True,
    soft_time_limit=240,
    time_limit=300,
    **RETRY,
)
def sweep_chunk(patient_ids: list[int], as_of: str, chunk_id: int | None = None) -> None:
    """Re-evaluate one chunk of patients (a few hundred) for the sweep of ``as_of``."""
    sweep_chunk_run(patient_ids=patient_ids, as_of=_day(as_of), chunk_id=chunk_id)


@shared_task(
    name="assessments.sweep_resume", ignore_result=True, soft_time_limit=60, time_limit=90, **RETRY
)
def resume_sweeps(older_than_minutes: int = 15) -> int:
    """Send again the chunks of a sweep that a dead worker left unfinished."""
    return sweep_resume(older_than=dt.timedelta(minutes=older_than_minutes))


@shared_task(
    name="assessments.reminders_wake",
    ignore_result=True,
    soft_time_limit=60,
    time_limit=90,
    **RETRY,
)
def wake_reminders(today: str | None = None) -> int:
    """Reopen the snoozed reminders whose snooze ends today or earlier."""
    return reminders_wake(today=_day(today))


@shared_task(
    name="assessments.reminder_digest",
    ignore_result=True,
    soft_time_limit=240,
    time_limit=300,
    **RETRY,
)
def send_reminder_digests(today: str | None = None) -> int:
    """Email each department member the reminders that became due since their last digest."""
    return reminder_digests_send(today=_day(today))


@worker_ready.connect
def resume_sweeps_on_start(**_: object) -> None:
    """Pick up the chunks a killed worker left unfinished as soon as a worker starts."""
    try:
        sweep_resume(older_than=dt.timedelta(0))
    except Exception:
        logger.exception("Could not resume unfinished sweeps at worker start")
    finally:
        connections.close_all()
