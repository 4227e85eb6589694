"""The database refuses a stored visit score that the rules engine could never produce.

Every write goes straight to ``objects.create``, skipping model validation, so only a
database constraint can stop it. Each case breaks exactly one rule (a TIS out of range
still carries a category, so only the range rule fires).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from assessments.models import Visit, VisitScore
from patients.models import Patient
from tests.db_constraints import Violation, covered, refused_by
from tests.factories import PatientFactory, VisitFactory


def score(existing: Patient, **values: Any) -> VisitScore:
    visit = VisitFactory(patient=existing, date=dt.date(2021, 4, 1))
    return VisitScore.objects.create(visit=visit, baseline_visit=visit, **values)


V = Violation
CASES = [
    V(
        VisitScore,
        "visit_score_tis_range",
        "negative",
        lambda p: score(p, tis_total=Decimal("-2.5"), tis_category="none"),
    ),
    V(
        VisitScore,
        "visit_score_tis_range",
        "above-100",
        lambda p: score(p, tis_total=Decimal("102.5"), tis_category="major"),
    ),
    V(
        VisitScore,
        "visit_score_tis_category_iff_total",
        "total-without-category",
        lambda p: score(p, tis_total=Decimal("42.5")),
    ),
    V(
        VisitScore,
        "visit_score_tis_category_iff_total",
        "category-without-total",
        lambda p: score(p, tis_category="moderate"),
    ),
    V(
        VisitScore,
        "visit_score_tis_category_iff_total",
        "unknown-category",
        lambda p: score(p, tis_total=Decimal("42.5"), tis_category="huge"),
    ),
    V(
        VisitScore,
        "visit_score_classification_category_valid",
        "unknown",
        lambda p: score(p, classification_category="certain"),
    ),
    V(
        VisitScore,
        "visit_score_classification_subgroup_valid",
        "unknown",
        lambda p: score(p, classification_subgroup="lupus"),
    ),
    V(
        VisitScore,
        "visit_score_classification_score_non_negative",
        "negative",
        lambda p: score(p, classification_score=Decimal("-0.1")),
    ),
]
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_score_breaking_the_rule(existing: Patient, case: Violation) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


def test_a_baseline_score_with_nothing_to_compare_is_accepted(existing: Patient) -> None:
    baseline = score(existing)

    baseline.refresh_from_db()
    assert baseline.is_baseline
    assert (baseline.tis_total, baseline.tis_category) == (None, "")


@pytest.mark.parametrize(("total", "category"), [("0", "none"), ("100", "major")])
def test_a_tis_at_either_end_of_its_range_is_accepted(
    existing: Patient, total: str, category: str
) -> None:
    stored = score(existing, tis_total=Decimal(total), tis_category=category)

    stored.refresh_from_db()
    assert stored.tis_total == Decimal(total)


def test_a_full_classification_is_accepted(existing: Patient) -> None:
    stored = score(
        existing,
        classification_score=Decimal("0"),
        classification_category="not_iim",
        classification_subgroup="ibm",
    )

    assert Visit.objects.get(score=stored).patient == existing
