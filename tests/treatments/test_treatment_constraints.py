"""The database refuses bad catalogue drugs and therapy courses.

Every write goes straight to ``objects.create``, skipping model validation, so only a
database constraint can stop it.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from patients.models import Patient
from tests.db_constraints import Violation, covered, refused_by
from tests.factories import PatientFactory
from treatments.models import Drug, TherapyCourse

START = dt.date(2020, 6, 1)


def drug(**overrides: Any) -> Drug:
    values = {"name": "Testumab", "drug_class": "biologic", "usual_line": 3}
    return Drug.objects.create(**{**values, **overrides})


def course(existing: Patient, **overrides: Any) -> TherapyCourse:
    values = {
        "patient": existing,
        "drug": Drug.objects.get(name="Methotrexate"),
        "dose": Decimal("15"),
        "unit": "mg",
        "route": "sc",
        "start": START,
        "line_of_therapy": 1,
    }
    return TherapyCourse.objects.create(**{**values, **overrides})


V = Violation
CASES = [
    V(Drug, "drug_class_valid", "unknown", lambda p: drug(drug_class="herbal")),
    V(Drug, "drug_usual_line_range", "line-0", lambda p: drug(usual_line=0)),
    V(Drug, "drug_usual_line_range", "line-4", lambda p: drug(usual_line=4)),
    V(TherapyCourse, "course_dose_positive", "zero", lambda p: course(p, dose=Decimal("0"))),
    V(TherapyCourse, "course_dose_positive", "negative", lambda p: course(p, dose=Decimal("-5"))),
    V(TherapyCourse, "course_unit_valid", "unknown", lambda p: course(p, unit="ml")),
    V(TherapyCourse, "course_route_valid", "unknown", lambda p: course(p, route="inhaled")),
    V(
        TherapyCourse,
        "course_stop_after_start",
        "stop-before-start",
        lambda p: course(p, stop=START - dt.timedelta(days=1), stop_reason="other"),
    ),
    V(
        TherapyCourse,
        "course_stop_reason_iff_stopped",
        "stopped-without-reason",
        lambda p: course(p, stop=START, stop_reason=""),
    ),
    V(
        TherapyCourse,
        "course_stop_reason_iff_stopped",
        "reason-without-stop",
        lambda p: course(p, stop_reason="remission"),
    ),
    V(
        TherapyCourse,
        "course_stop_reason_iff_stopped",
        "unknown-reason",
        lambda p: course(p, stop=START, stop_reason="bored"),
    ),
    V(TherapyCourse, "course_line_range", "line-0", lambda p: course(p, line_of_therapy=0)),
    V(TherapyCourse, "course_line_range", "line-4", lambda p: course(p, line_of_therapy=4)),
    V(
        TherapyCourse,
        "course_after_1900",
        "1899",
        lambda p: course(p, start=dt.date(1899, 12, 31)),
    ),
]
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_row_breaking_the_rule(existing: Patient, case: Violation) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


@pytest.mark.parametrize("line", [None, 1, 3])
def test_a_drug_and_a_course_on_an_edge_line_are_accepted(
    existing: Patient, line: int | None
) -> None:
    drug(usual_line=line)
    accepted = course(existing, line_of_therapy=line)

    assert accepted.line_of_therapy == line


def test_a_course_stopped_on_its_first_day_for_a_reason_is_accepted(existing: Patient) -> None:
    stopped = course(existing, stop=START, stop_reason="adverse_event", dose=Decimal("0.01"))

    assert stopped.stop == stopped.start
