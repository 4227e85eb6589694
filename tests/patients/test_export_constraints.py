"""The database refuses an export log row that no export could leave behind."""

from typing import Any

import pytest

from patients.models import ExportJob, Patient
from tests.db_constraints import Violation, covered, refused_by
from tests.factories import PatientFactory, UserFactory


def job(existing: Patient, **values: Any) -> ExportJob:
    fields: dict[str, Any] = {
        "user": UserFactory(),
        "format": "csv",
        "content": "identified",
        "delivery": "background",
    }
    return ExportJob.objects.create(**(fields | values))


V = Violation
CASES = [
    V(ExportJob, "export_job_format_valid", "unknown", lambda p: job(p, format="pdf")),
    V(ExportJob, "export_job_content_valid", "unknown", lambda p: job(p, content="everything")),
    V(ExportJob, "export_job_shape_valid", "unknown", lambda p: job(p, shape="per_day")),
    V(ExportJob, "export_job_status_valid", "unknown", lambda p: job(p, status="lost")),
    V(ExportJob, "export_job_delivery_valid", "unknown", lambda p: job(p, delivery="fax")),
    V(ExportJob, "export_job_progress_within_total", "over",
      lambda p: job(p, progress=3, total=2)),
    V(ExportJob, "export_job_file_only_when_done", "queued-with-file",
      lambda p: job(p, file_name="x.csv")),
    V(ExportJob, "export_job_done_has_row_count", "done-without-rows",
      lambda p: job(p, status="done")),
]  # fmt: skip
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_an_export_row_breaking_the_rule(
    existing: Patient, case: Violation
) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


def test_a_finished_export_with_its_file_and_rows_is_accepted(existing: Patient) -> None:
    stored = job(existing, status="done", row_count=0, file_name="x.csv", progress=2, total=2)

    assert ExportJob.objects.get(pk=stored.pk).percent == 100
