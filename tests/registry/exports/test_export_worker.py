"""A large export runs on a real Celery worker, reports progress and is downloaded."""

import pytest
from django.urls import reverse

from patients.models import ExportJob
from tests.auth import login_as
from tests.factories import PatientFactory, VisitFactory
from tests.registry.exports.export_helpers import body, export, read_csv
from tests.worker import celery_worker, purge_broker, wait_for


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_background_export_runs_on_a_worker_and_is_downloaded(client, personas, settings):
    settings.EXPORT_STREAM_MAX_ROWS = 2
    for index in range(4):
        VisitFactory(
            patient=PatientFactory(department=personas.department, family_name=f"W{index}")
        )
    login_as(client, personas.department_admin)
    purge_broker()

    with celery_worker() as worker:
        response = export(client, format="csv", content="identified")
        job = ExportJob.objects.get()
        assert response["Location"] == reverse("cohort:job", args=[job.pk])
        status_url = reverse("cohort:job_status", args=[job.pk])
        try:
            wait_for(
                lambda: client.get(status_url).json()["status"] in ("done", "failed"),
                timeout=90,
                what="the worker to finish the export",
            )
        except AssertionError:
            worker.terminate()
            print(worker.communicate(timeout=20)[0])
            raise

    status = client.get(status_url).json()
    assert (status["status"], status["progress"], status["total"]) == ("done", 5, 5)
    assert status["percent"] == 100
    rows = read_csv(body(client.get(status["download_url"])))
    assert sorted(row["family_name"] for row in rows) == ["Homeward", "W0", "W1", "W2", "W3"]
