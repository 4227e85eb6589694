"""Export pages: choose format and content for the filtered cohort; follow export jobs."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from patients.access import (
    AuthenticatedHttpRequest,
    browsable_departments,
    can_export,
    export_contents,
    registry_view,
)
from patients.models import ExportContent, ExportFormat, ExportJob, ExportStatus, Patient
from registry.cohort.forms import ExportForm
from registry.cohort.selectors import cohort_filter
from registry.cohort.views import filter_params
from registry.exports.jobs import (
    download_name,
    export_filter,
    export_job_file,
    export_job_get_for_user,
    export_start,
)
from registry.exports.writers import OUTPUTS


def own_export_job(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a view whose URL names an export job by ``pk``; the view receives ``job=``.

    A job is its owner's alone: anyone else's job is a 404 (whatever their role), so ids
    reveal nothing. The owner's export rights are checked after (a logged 403).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, pk: int, **kwargs: Any) -> HttpResponseBase:
        job = export_job_get_for_user(user=request.user, job_id=pk)
        return view(request, *args, job=job, **kwargs)

    return wrapped


@login_required
@require_http_methods(["GET", "POST"])
@registry_view(can_export)
def cohort_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Choose format and content for the filtered cohort; stream it or queue a job."""
    contents = export_contents(request.user)
    form = ExportForm(request.POST or None, contents=contents)
    if request.method == "POST" and form.is_valid():
        try:
            started = export_start(
                user=request.user,
                format=form.cleaned_data["format"],
                content=form.cleaned_data["content"],
                shape=form.cleaned_data["shape"],
                params=filter_params(request),
                request=request,
            )
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValueError:
            form.add_error(None, "Correct the filter before exporting.")
        else:
            job = started.job
            if started.stream is None:
                messages.info(request, "This export is large: it runs in the background.")
                return redirect("cohort:job", pk=job.pk)
            response = StreamingHttpResponse(
                started.stream, content_type=OUTPUTS[ExportFormat(job.format)].content_type
            )
            response["Content-Disposition"] = f'attachment; filename="{download_name(job)}"'
            return response
    departments = browsable_departments(request.user)
    filterset = cohort_filter(
        data=request.GET, queryset=Patient.objects.none(), departments=departments
    )
    labels = dict(ExportContent.choices)
    counts = []
    for content in contents:
        scoped = export_filter(user=request.user, content=content, params=filter_params(request))
        counts.append((labels[content], scoped.qs.count() if scoped.is_valid() else None))
    return render(
        request,
        "cohort/cohort_export.html",
        {
            "filter": filterset,
            "form": form,
            "counts": counts,
            "query": request.GET.urlencode(),
            "action": f"{reverse('cohort:export')}?{request.GET.urlencode()}",
        },
    )


@login_required
@require_GET
@registry_view(can_export)
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """List the user's own exports, newest first."""
    jobs = ExportJob.objects.filter(user_id=request.user.pk)[:50]
    return render(request, "cohort/job_list.html", {"jobs": jobs})


@login_required
@require_GET
@own_export_job
@registry_view(can_export)
def job_detail(request: HttpRequest, job: ExportJob) -> HttpResponse:
    """Show one export job: a progress bar while it runs, a download link when done."""
    return render(request, "cohort/job_detail.html", {"job": job, "status": _status(job)})


@login_required
@require_GET
@own_export_job
@registry_view(can_export)
def job_status(request: HttpRequest, job: ExportJob) -> JsonResponse:
    """Return the job's progress as JSON for the progress bar."""
    return JsonResponse(_status(job))


@login_required
@require_GET
@own_export_job
@registry_view(can_export)
def job_download(request: HttpRequest, job: ExportJob) -> FileResponse:
    """Send the file of the user's own finished export."""
    try:
        path, name = export_job_file(user=request.user, job_id=job.pk)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def _status(job: ExportJob) -> dict[str, object]:
    done = job.status == ExportStatus.DONE and bool(job.file_name)
    return {
        "status": job.status,
        "status_display": job.get_status_display(),
        "progress": job.progress,
        "total": job.total,
        "percent": job.percent,
        "row_count": job.row_count,
        "error": job.error,
        "download_url": reverse("cohort:job_download", args=[job.pk]) if done else None,
    }
