"""Celery tasks of the registry app: thin adapters that call the export services."""

from celery import shared_task

from registry.exports.jobs import export_job_run, export_jobs_purge_expired


@shared_task(
    name="patients.export_run",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=1200,
    time_limit=1260,
)
def export_run(job_id: int) -> None:
    """Write the file of a queued export job, recording progress as it goes."""
    export_job_run(job_id=job_id)


@shared_task(name="patients.export_purge_expired", ignore_result=True, time_limit=600)
def export_purge_expired() -> int:
    """Delete export files kept longer than EXPORT_RETENTION_DAYS."""
    return export_jobs_purge_expired()
