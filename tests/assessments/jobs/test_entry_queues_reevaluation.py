"""Every data-entry write that can change a refractory status or a reminder queues a
re-evaluation of the patient once it commits."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from assessments.services.visits import visit_record
from patients.services.records import biopsy_record, diagnostic_test_record
from tests.factories import TherapyCourseFactory, drug
from treatments.services import course_start, course_stop


def queued_reevaluations(callbacks: list[Callable[..., Any]]) -> int:
    return sum("patient_schedule_reevaluation" in cb.__qualname__ for cb in callbacks)


def record_visit(personas: Any) -> None:
    visit_record(
        patient=personas.patient,
        data={"date": dt.date(2022, 5, 3), "physician_global": 5},
        entered_by=personas.nurse,
        confirmed=True,
    )


def start_course(personas: Any) -> None:
    course_start(
        patient=personas.patient,
        data={
            "drug": drug("Methotrexate"),
            "start": dt.date(2022, 5, 3),
            "dose": 15,
            "route": "oral",
        },
        entered_by=personas.nurse,
    )


def stop_course(personas: Any) -> None:
    course = TherapyCourseFactory(patient=personas.patient, start=dt.date(2022, 1, 1))
    course_stop(
        course=course,
        stop=dt.date(2022, 6, 1),
        stop_reason="ineffective",
        expected_version=course.version,
        edited_by=personas.nurse,
    )


def record_biopsy(personas: Any) -> None:
    biopsy_record(
        patient=personas.patient,
        data={"date": dt.date(2022, 5, 3), "conclusion": "inflammatory"},
        entered_by=personas.nurse,
    )


def record_test(personas: Any) -> None:
    diagnostic_test_record(
        patient=personas.patient,
        data={"date": dt.date(2022, 5, 3), "kind": "pompe_gaa", "outcome": "normal"},
        entered_by=personas.nurse,
    )


@pytest.mark.parametrize(
    "write", [record_visit, start_course, stop_course, record_biopsy, record_test]
)
def test_a_data_entry_write_queues_the_patients_reevaluation_on_commit(
    personas, django_capture_on_commit_callbacks, write
):
    with django_capture_on_commit_callbacks() as callbacks:
        write(personas)

    assert queued_reevaluations(callbacks) == 1
