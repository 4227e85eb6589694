"""Progress of the nightly sweep: one run, fanned out to chunks that finish exactly once."""

from django.db import models
from django.db.models import Q


class SweepRun(models.Model):
    """One nightly sweep: how many patients and chunks it fanned out, and when it finished."""

    as_of = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    patient_count = models.PositiveIntegerField()
    chunk_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="sweep_finishes_after_start",
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=models.F("started_at")),
            ),
        ]

    def __str__(self) -> str:
        state = "finished" if self.finished_at else "running"
        return f"Sweep of {self.as_of} ({self.patient_count} patients, {state})"


class SweepChunk(models.Model):
    """One chunk of a sweep: its patients, when it was sent and when it finished.

    The chunk is marked finished in the transaction that writes its results, so a chunk
    whose worker died is still unfinished and is sent again (``sweep_resume``); a chunk
    delivered twice finds itself finished and does nothing.
    """

    run = models.ForeignKey(SweepRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    patient_ids = models.JSONField(default=list)
    dispatched_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    evaluations_written = models.PositiveIntegerField(default=0)
    reminders_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["run", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="sweep_chunk_once"),
        ]
        indexes = [models.Index(fields=["run", "finished_at"], name="sweep_chunk_pending_idx")]

    def __str__(self) -> str:
        return f"Chunk {self.index} of sweep {self.run_id}"
