"""Bookkeeping of the background workers."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran a task: a dead worker shows as a stale heartbeat."""

    worker = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.worker} at {self.last_seen:%Y-%m-%d %H:%M}"
