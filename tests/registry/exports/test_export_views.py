"""Who may export, what the log records, and how large exports become background jobs."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import SecurityEvent, SecurityEventKind
from patients.models import ExportJob
from registry.exports.jobs import export_job_run, export_jobs_purge_expired, export_path
from tests.auth import login_as
from tests.factories import PatientFactory, UserFactory
from tests.registry.exports.export_helpers import URL, body, export, read_csv


@pytest.mark.parametrize("role", ["nurse", "clinician", "outsider"])
def test_nurses_and_clinicians_cannot_export(client, personas, role):
    login_as(client, getattr(personas, role))

    assert client.get(URL).status_code == 403
    assert export(client, format="csv", content="deidentified").status_code == 403
    assert not ExportJob.objects.exists()


def test_an_anonymous_visitor_is_sent_to_login(client, db):
    assert client.get(URL).status_code == 302


def test_a_department_admin_cannot_export_another_department_de_identified(client, personas):
    login_as(client, personas.department_admin)

    rows = read_csv(body(export(client, format="csv", content="deidentified")))

    assert {row["record_id"] for row in rows} == {personas.patient.registry_id}


def test_identified_exports_never_include_another_department(client, personas):
    login_as(client, personas.registry_admin)

    response = export(
        client,
        format="csv",
        content="identified",
        query={"department": [personas.other_department.pk]},
    )

    assert response.status_code == 200
    assert b"Correct the filter before exporting" in response.content
    rows = read_csv(body(export(client, format="csv", content="identified")))
    assert {row["family_name"] for row in rows} == {"Homeward"}


def test_the_export_page_shows_the_filtered_counts(client, personas):
    login_as(client, personas.registry_admin)

    response = client.get(URL, {"subtype": "pm"})

    assert response.status_code == 200
    assert response.context["counts"] == [("Identified", 1), ("De-identified", 2)]


def test_every_export_is_logged_with_who_filter_format_content_and_rows(client, personas):
    login_as(client, personas.department_admin)

    data = body(export(client, format="csv", content="identified", query={"subtype": "pm"}))

    job = ExportJob.objects.get()
    assert job.user == personas.department_admin
    assert job.filter_params == {"subtype": ["pm"]}
    assert (job.format, job.content, job.shape) == ("csv", "identified", "per_visit")
    assert job.delivery == "streamed"
    assert job.status == "done"
    assert job.row_count == len(read_csv(data)) == 1
    assert job.department_codes == ["north"]
    assert job.created_at <= timezone.now()


def test_every_export_writes_an_event_in_the_security_log(client, personas, settings):
    login_as(client, personas.department_admin)
    body(export(client, format="csv", content="identified", query={"subtype": "pm"}))
    settings.EXPORT_STREAM_MAX_ROWS = 0
    export(client, format="xlsx", content="deidentified")

    events = SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).order_by("pk")
    jobs = ExportJob.objects.order_by("pk")

    assert [event.user for event in events] == [personas.department_admin] * 2
    assert [event.detail["export_job"] for event in events] == [job.pk for job in jobs]
    assert [(e.detail["format"], e.detail["content"]) for e in events] == [
        ("csv", "identified"),
        ("xlsx", "deidentified"),
    ]
    assert events[0].detail["filter"] == {"subtype": ["pm"]}
    assert events[0].detail["departments"] == ["north"]
    assert events[0].detail["rows"] == 1


def test_a_refused_export_writes_no_export_event(client, personas):
    login_as(client, personas.clinician)

    assert export(client, format="csv", content="identified").status_code == 403
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORT).exists()


def test_a_large_export_is_queued_and_its_page_shows_progress(
    client, personas, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STREAM_MAX_ROWS = 1
    PatientFactory(department=personas.department)
    login_as(client, personas.department_admin)

    with django_capture_on_commit_callbacks() as callbacks:
        response = export(client, format="csv", content="identified")

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cohort:job", args=[job.pk])
    assert len(callbacks) == 1
    assert (job.status, job.delivery, job.total) == ("queued", "background", 2)
    page = client.get(response["Location"])
    assert b'<progress id="export-progress"' in page.content
    assert b"/static/js/export_progress.js" in page.content
    assert client.get(reverse("cohort:job_status", args=[job.pk])).json()["status"] == "queued"


def test_a_job_writes_its_file_and_only_its_owner_downloads_it(client, personas, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 0
    login_as(client, personas.department_admin)
    export(client, format="csv", content="identified")
    job = ExportJob.objects.get()

    export_job_run(job_id=job.pk)
    export_job_run(job_id=job.pk)  # a second delivery changes nothing

    status = client.get(reverse("cohort:job_status", args=[job.pk])).json()
    assert (status["status"], status["percent"], status["row_count"]) == ("done", 100, 1)
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert read_csv(body(download))[0]["family_name"] == "Homeward"
    job.refresh_from_db()
    assert job.expires_at - job.finished_at == dt.timedelta(days=settings.EXPORT_RETENTION_DAYS)
    login_as(client, personas.registry_admin)
    assert client.get(status["download_url"]).status_code == 404
    assert client.get(reverse("cohort:job_status", args=[job.pk])).status_code == 404


def test_expired_files_are_deleted_and_no_longer_downloadable(client, personas, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 0
    login_as(client, personas.department_admin)
    export(client, format="fhir", content="identified")
    job = ExportJob.objects.get()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    path = export_path(job.file_name)
    assert path.is_file()

    assert export_jobs_purge_expired(now=timezone.now()) == 0
    assert export_jobs_purge_expired(now=job.expires_at + dt.timedelta(seconds=1)) == 1

    job.refresh_from_db()
    assert job.status == "expired"
    assert not path.exists()
    assert client.get(reverse("cohort:job_download", args=[job.pk])).status_code == 404


def test_a_job_whose_owner_lost_export_rights_fails_without_a_file(client, personas, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 0
    login_as(client, personas.department_admin)
    export(client, format="csv", content="identified")
    personas.department_admin.memberships.update(role="nurse")

    export_job_run(job_id=ExportJob.objects.get().pk)

    job = ExportJob.objects.get()
    assert job.status == "failed"
    assert "no longer export" in job.error
    assert job.file_name == ""


def test_the_job_list_shows_only_my_exports(client, personas):
    someone = UserFactory(username="someone")
    login_as(client, personas.department_admin)
    body(export(client, format="dictionary", content="identified"))
    ExportJob.objects.create(
        user=someone, format="csv", content="identified", delivery="streamed", status="done",
        row_count=3,
    )  # fmt: skip

    response = client.get(reverse("cohort:jobs"))

    assert list(response.context["jobs"]) == list(
        ExportJob.objects.filter(user=personas.department_admin)
    )
    assert len(response.context["jobs"]) == 1


def test_the_purge_of_expired_exports_is_scheduled_daily(db):
    task = PeriodicTask.objects.get(task="patients.export_purge_expired")

    assert task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("3", "30")


def test_export_pages_carry_no_inline_script_or_style(client, personas, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 0
    login_as(client, personas.department_admin)
    export(client, format="csv", content="identified")
    job = ExportJob.objects.get()
    pages = [
        URL,
        reverse("cohort:jobs"),
        reverse("cohort:job", args=[job.pk]),
        reverse("cohort:list"),
    ]

    for page in pages:
        content = client.get(page).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", content) == [], page
        assert "style=" not in content, page
