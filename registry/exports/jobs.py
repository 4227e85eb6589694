"""Services of exports: start one (streamed or queued), run a queued job, purge old files.

Every export, streamed or not, leaves an ``ExportJob`` row: who, when, the filter, the
format and content, and the rows written. The filter is stored as GET parameters and
re-applied, with the user's rights as they are then, when a background job runs.
"""

import datetime as dt
import logging
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from infra.dispatch import task_send
from patients.access import AnyUser, export_contents, export_departments, exportable_patients
from patients.models import ExportDelivery, ExportFormat, ExportJob, ExportStatus
from registry.cohort.filters import CohortFilter
from registry.cohort.selectors import cohort_filter
from registry.exports.writers import OUTPUTS, ExportSpec, Stream, write_export

logger = logging.getLogger(__name__)
FilterParams = dict[str, list[str]]


def export_filter(*, user: AnyUser, content: str, params: FilterParams) -> CohortFilter:
    """Return the cohort filter over the patients the user may export with this content."""
    data = QueryDict(mutable=True)
    for name, values in params.items():
        data.setlist(name, values)
    return cohort_filter(
        data=data,
        queryset=exportable_patients(user, content=content),
        departments=export_departments(user, content=content),
    )


def export_spec(*, filterset: CohortFilter, format: str, content: str, shape: str) -> ExportSpec:
    """Return what to write for a valid filter."""
    return ExportSpec(
        format=format,
        content=content,
        shape=shape,
        patients=filterset.qs,
        visit_range=filterset.visit_range(),
    )


def download_name(job: ExportJob) -> str:
    """Return the file name offered to the browser."""
    stem = "dictionary" if job.format == ExportFormat.DICTIONARY else job.shape
    if job.format in (ExportFormat.REDCAP, ExportFormat.FHIR):
        stem = job.format
    day = timezone.localdate(job.created_at).isoformat()
    return f"myositis-{job.content}-{stem}-{day}.{OUTPUTS[ExportFormat(job.format)].extension}"


@dataclass
class Started:
    """A started export: its log row and, when small enough, the stream to send now."""

    job: ExportJob
    stream: Iterator[bytes] | None


def export_start(
    *,
    user: User,
    format: str,
    content: str,
    shape: str,
    params: FilterParams,
    request: HttpRequest | None = None,
) -> Started:
    """Log an export and stream it now when small, or queue a background job.

    The export is logged twice: its ``ExportJob`` row (progress, file) and an ``export``
    event in the append-only security log (who, from where, filter, format, content,
    rows), written in the same transaction. ``request`` gives the event its address.

    Raise ``PermissionError`` when the user may not export this content and
    ``ValueError`` when the filter is invalid.
    """
    if content not in export_contents(user):
        raise PermissionError("You may not export this content.")
    filterset = export_filter(user=user, content=content, params=params)
    if not filterset.is_valid():
        raise ValueError("The filter is not valid.")
    spec = export_spec(filterset=filterset, format=format, content=content, shape=shape)
    rows = spec.count_rows()
    background = rows > settings.EXPORT_STREAM_MAX_ROWS
    job = ExportJob(
        user=user,
        format=format,
        content=content,
        shape=shape,
        filter_params=params,
        department_codes=list(
            export_departments(user, content=content).values_list("code", flat=True)
        ),
        delivery=ExportDelivery.BACKGROUND if background else ExportDelivery.STREAMED,
        status=ExportStatus.QUEUED if background else ExportStatus.RUNNING,
        total=0 if format == ExportFormat.DICTIONARY else spec.patients.count(),
    )
    job.full_clean()
    with transaction.atomic():
        job.save()
        security_event_record(
            kind=SecurityEventKind.EXPORT,
            request=request,
            user=user,
            detail={
                "export_job": job.pk,
                "format": format,
                "content": content,
                "shape": shape,
                "filter": params,
                "departments": job.department_codes,
                "rows": rows,
                "delivery": job.delivery,
            },
        )
        if background:
            transaction.on_commit(lambda: task_send("patients.export_run", args=[job.pk]))
    if background:
        return Started(job=job, stream=None)
    return Started(job=job, stream=_streamed(job, Stream(spec)))


def _streamed(job: ExportJob, stream: Stream) -> Iterator[bytes]:
    """Send the stream and record how it ended on the log row."""
    try:
        yield from stream
    except GeneratorExit:
        _finish(job, status=ExportStatus.FAILED, error="The download was interrupted.")
        raise
    except Exception as exc:
        _finish(job, status=ExportStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        raise
    _finish(job, status=ExportStatus.DONE, row_count=stream.count, progress=job.total)


def _finish(job: ExportJob, *, status: str, **values: Any) -> None:
    ExportJob.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **values)


def export_path(file_name: str) -> Path:
    """Return where a job's file lives (names are generated, never taken from input)."""
    return Path(settings.EXPORT_ROOT) / file_name


def export_job_run(*, job_id: int) -> None:
    """Run a queued export job: claim it, write its file, record progress and the result.

    Running it twice leaves the same state as once: only a queued job is claimed.
    """
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    extension = OUTPUTS[ExportFormat(job.format)].extension
    file_name = f"export-{job.pk}-{secrets.token_hex(8)}.{extension}"
    path = export_path(file_name)
    partial = path.with_suffix(path.suffix + ".partial")
    try:
        if job.content not in export_contents(job.user):
            raise PermissionError("The user may no longer export this content.")
        filterset = export_filter(user=job.user, content=job.content, params=job.filter_params)
        if not filterset.is_valid():
            raise ValueError("The stored filter is no longer valid.")
        spec = export_spec(
            filterset=filterset, format=job.format, content=job.content, shape=job.shape
        )
        total = spec.patients.count()
        ExportJob.objects.filter(pk=job.pk).update(total=total, progress=0)

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(progress=min(done, total))

        path.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("wb") as target:
            count = write_export(target, spec, progress)
        partial.rename(path)
    except Exception as exc:
        logger.exception("Export job %s failed", job_id)
        partial.unlink(missing_ok=True)
        _finish(job, status=ExportStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:1000])
        return
    now = timezone.now()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE,
        progress=total,
        row_count=count,
        file_name=file_name,
        finished_at=now,
        expires_at=now + dt.timedelta(days=settings.EXPORT_RETENTION_DAYS),
    )


def export_jobs_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of finished jobs past their expiry; return how many were purged."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(status=ExportStatus.DONE, expires_at__lte=now)
    purged = 0
    for job in expired.only("pk", "file_name"):
        if job.file_name:
            export_path(job.file_name).unlink(missing_ok=True)
        purged += ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file_name=""
        )
    return purged


def export_job_get_for_user(*, user: AnyUser, job_id: int) -> ExportJob:
    """Return one of the user's own export jobs, or raise Http404."""
    if not user.is_authenticated:
        raise Http404("No such export")
    try:
        return ExportJob.objects.get(pk=job_id, user_id=user.pk)
    except ExportJob.DoesNotExist:
        raise Http404("No such export") from None


def export_job_file(*, user: AnyUser, job_id: int) -> tuple[Path, str]:
    """Return the file of the user's own finished job and its download name, or 404."""
    job = export_job_get_for_user(user=user, job_id=job_id)
    if job.status != ExportStatus.DONE or not job.file_name:
        raise Http404("This export has no file to download.")
    if job.content not in export_contents(user):
        raise PermissionError("You may no longer download this export.")
    path = export_path(job.file_name)
    if not path.is_file():
        raise Http404("This export file is gone.")
    return path, download_name(job)
