"""The database refuses a visit with an implausible core set measure.

Every write goes straight to ``objects.create``, skipping model validation, so only a
database constraint can stop it. The range rules are generated per MMT column, VAS field
and enzyme, so the cases are too.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from assessments.models import BILATERAL_GROUPS, ENZYMES, Visit
from assessments.models.visit import MMT_COLUMNS, VAS_FIELDS
from patients.models import Patient
from tests.db_constraints import Violation, breaking, covered, refused_by
from tests.factories import PatientFactory

DAY = dt.date(2021, 4, 1)


def visit(existing: Patient, **overrides: Any) -> Visit:
    values = {"patient": existing, "date": DAY, "mmt8_variant": "bilateral", "mmt8_total": 110}
    return Visit.objects.create(**{**values, **overrides})


def two_visits_on_one_day(existing: Patient) -> None:
    visit(existing)
    visit(existing, haq=Decimal("1"))


def vas(field: str, value: str) -> Violation:
    return Violation(
        Visit, f"visit_{field}_range", value, lambda p: visit(p, **{field: Decimal(value)})
    )


def enzyme_cases(enzyme: str) -> list[Violation]:
    def with_values(**values: Any) -> Any:
        return lambda p: visit(p, **{f"{enzyme}_{key}": value for key, value in values.items()})

    return [
        Violation(
            Visit,
            f"visit_{enzyme}_value_non_negative",
            "negative",
            with_values(value=Decimal("-1"), uln=Decimal("190")),
        ),
        Violation(Visit, f"visit_{enzyme}_uln_positive", "zero", with_values(uln=Decimal("0"))),
        Violation(
            Visit,
            f"visit_{enzyme}_value_has_uln",
            "no-uln",
            with_values(value=Decimal("250"), uln=None),
        ),
        Violation(Visit, f"visit_{enzyme}_unit_valid", "mmol-l", with_values(unit="mmol/L")),
    ]


V = Violation
CASES = [
    V(Visit, "visit_one_per_patient_per_day", "second-visit", two_visits_on_one_day),
    V(Visit, "visit_after_1900", "1899", lambda p: visit(p, date=dt.date(1899, 12, 31))),
    V(
        Visit,
        "visit_mmt_variant_valid",
        "unknown",
        lambda p: visit(p, mmt8_variant="both", mmt8_total=None),
    ),
    *(
        V(
            Visit,
            "visit_mmt_unilateral_has_no_left_side",
            group,
            breaking(visit, mmt8_variant="unilateral", mmt8_total=None, **{f"mmt_{group}_left": 8}),
        )
        for group in BILATERAL_GROUPS
    ),
    V(
        Visit,
        "visit_mmt_total_within_variant",
        "unilateral-81",
        lambda p: visit(p, mmt8_variant="unilateral", mmt8_total=81),
    ),
    V(
        Visit,
        "visit_mmt_total_within_variant",
        "bilateral-151",
        lambda p: visit(p, mmt8_total=151),
    ),
    V(Visit, "visit_haq_range", "negative", lambda p: visit(p, haq=Decimal("-0.125"))),
    V(Visit, "visit_haq_range", "3.125", lambda p: visit(p, haq=Decimal("3.125"))),
    *(
        V(Visit, f"visit_{column}_range", "11", breaking(visit, **{column: 11}))
        for column in MMT_COLUMNS
    ),
    *(vas(field, value) for field in VAS_FIELDS for value in ("-0.5", "10.5")),
    *(case for enzyme in ENZYMES for case in enzyme_cases(enzyme)),
]
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_visit_breaking_the_rule(existing: Patient, case: Violation) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


def test_a_bilateral_visit_at_the_top_of_every_scale_is_accepted(existing: Patient) -> None:
    top = visit(
        existing,
        mmt8_total=150,
        haq=Decimal("3"),
        **dict.fromkeys(MMT_COLUMNS, 10),
        **dict.fromkeys(VAS_FIELDS, Decimal("10.0")),
    )

    top.refresh_from_db()
    assert (top.mmt8_total, top.haq, top.physician_global) == (150, Decimal(3), Decimal(10))


def test_a_visit_at_the_bottom_of_every_scale_is_accepted(existing: Patient) -> None:
    bottom = visit(
        existing,
        mmt8_total=0,
        haq=Decimal("0"),
        **dict.fromkeys(MMT_COLUMNS, 0),
        **dict.fromkeys(VAS_FIELDS, Decimal("0.0")),
        **{f"{enzyme}_value": Decimal("0") for enzyme in ENZYMES},
        **{f"{enzyme}_uln": Decimal("0.01") for enzyme in ENZYMES},
        **{f"{enzyme}_unit": "ukat/L" for enzyme in ENZYMES},
    )

    bottom.refresh_from_db()
    assert (bottom.mmt8_total, bottom.haq, bottom.ck_value) == (0, Decimal(0), Decimal(0))


def test_a_unilateral_visit_with_the_right_side_only_totals_up_to_80(existing: Patient) -> None:
    right_side = {f"mmt_{group}_right": 10 for group in BILATERAL_GROUPS}

    unilateral = visit(
        existing, mmt8_variant="unilateral", mmt8_total=80, mmt_neck_flexors=10, **right_side
    )

    assert unilateral.mmt8_max == 80


def test_an_enzyme_limit_without_a_value_and_an_empty_visit_are_accepted(
    existing: Patient,
) -> None:
    visit(existing, ck_uln=Decimal("190"))
    visit(existing, date=DAY + dt.timedelta(days=1), mmt8_total=None)

    assert existing.visits.count() == 2


def test_the_same_day_is_free_for_another_patient(existing: Patient) -> None:
    visit(existing)

    visit(PatientFactory())

    assert Visit.objects.filter(date=DAY).count() == 2
