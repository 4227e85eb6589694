"""Celery tasks of the assessments app: thin adapters that call services."""

import socket

from celery import shared_task
from django.utils import timezone

from assessments.models import WorkerHeartbeat


@shared_task(name="assessments.heartbeat", ignore_result=True, soft_time_limit=10, time_limit=20)
def heartbeat(worker: str | None = None) -> None:
    """Record that a worker is alive and consuming tasks."""
    WorkerHeartbeat.objects.update_or_create(
        worker=worker or socket.gethostname(), defaults={"last_seen": timezone.now()}
    )
