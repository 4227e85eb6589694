"""Tests for the core set measures and the MMT-8 total (clinical-rules.md §1)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    ANTIBODY_LABELS,
    MAA_CODES,
    MMT8_GROUPS,
    MMT8_MAX,
    MSA_CODES,
    CoreSetMeasures,
    mmt8_total,
    select_enzyme,
)
from assessments.scoring.measures import exact, percent_of, to_float


def unilateral(grade: int = 10) -> dict[str, int | tuple[int, int]]:
    return dict.fromkeys(MMT8_GROUPS, grade)


def bilateral(grade: int = 10) -> dict[str, int | tuple[int, int]]:
    scores: dict[str, int | tuple[int, int]] = dict.fromkeys(MMT8_GROUPS[1:], (grade, grade))
    scores["neck_flexors"] = grade
    return scores


def test_mmt8_groups_are_in_the_published_order() -> None:
    assert MMT8_GROUPS[0] == "neck_flexors"
    assert MMT8_GROUPS[-1] == "ankle_dorsiflexors"
    assert len(MMT8_GROUPS) == 8


def test_full_strength_totals_80_unilateral_and_150_bilateral() -> None:
    assert mmt8_total(unilateral(), "unilateral") == MMT8_MAX["unilateral"] == 80
    assert mmt8_total(bilateral(), "bilateral") == MMT8_MAX["bilateral"] == 150


def test_zero_grades_total_zero() -> None:
    assert mmt8_total(unilateral(0), "unilateral") == 0
    assert mmt8_total(bilateral(0), "bilateral") == 0


def test_bilateral_total_adds_both_sides_and_neck_once() -> None:
    scores = bilateral(5)
    scores["deltoid"] = (3, 7)
    scores["neck_flexors"] = 9
    assert mmt8_total(scores, "bilateral") == 9 + 3 + 7 + 6 * 10


@pytest.mark.parametrize("grade", [-1, 11])
def test_out_of_range_grade_raises_naming_the_group(grade: int) -> None:
    scores = unilateral()
    scores["quadriceps"] = grade
    with pytest.raises(ValueError, match="quadriceps"):
        mmt8_total(scores, "unilateral")


def test_out_of_range_side_raises_naming_the_group_and_side() -> None:
    scores = bilateral()
    scores["biceps"] = (10, 12)
    with pytest.raises(ValueError, match=r"biceps \(right\)"):
        mmt8_total(scores, "bilateral")


def test_missing_group_raises_naming_the_group() -> None:
    scores = unilateral()
    del scores["gluteus_medius"]
    with pytest.raises(ValueError, match="gluteus_medius"):
        mmt8_total(scores, "unilateral")


def test_unknown_group_raises() -> None:
    scores = unilateral()
    scores["triceps"] = 10
    with pytest.raises(ValueError, match="triceps"):
        mmt8_total(scores, "unilateral")


def test_bilateral_group_given_a_single_grade_raises() -> None:
    scores = bilateral()
    scores["deltoid"] = 10
    with pytest.raises(ValueError, match="deltoid"):
        mmt8_total(scores, "bilateral")


def test_unilateral_group_given_a_pair_raises() -> None:
    scores = unilateral()
    scores["deltoid"] = (10, 10)
    with pytest.raises(ValueError, match="deltoid"):
        mmt8_total(scores, "unilateral")


def test_unknown_variant_raises() -> None:
    with pytest.raises(ValueError, match="variant"):
        mmt8_total(unilateral(), "both")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("physician_global", -0.1),
        ("physician_global", 10.1),
        ("patient_global", 11.0),
        ("extramuscular_global", -1.0),
        ("haq", 3.1),
        ("haq", float("nan")),
    ],
)
def test_out_of_range_measure_raises_naming_the_field(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field):
        CoreSetMeasures(**{field: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value"),
    [("physician_global", 0.0), ("physician_global", 10.0), ("haq", 0.0), ("haq", 3.0)],
)
def test_range_ends_are_valid(field: str, value: float) -> None:
    CoreSetMeasures(**{field: value})  # type: ignore[arg-type]


def test_mmt8_without_its_variant_raises() -> None:
    with pytest.raises(ValueError, match="mmt8_max"):
        CoreSetMeasures(mmt8=70)


def test_mmt8_above_its_variant_maximum_raises() -> None:
    with pytest.raises(ValueError, match="mmt8"):
        CoreSetMeasures(mmt8=81, mmt8_max=80)


def test_mmt8_max_other_than_80_or_150_raises() -> None:
    with pytest.raises(ValueError, match="mmt8_max"):
        CoreSetMeasures(mmt8=70, mmt8_max=100)


def test_mmt8_variant_follows_the_maximum() -> None:
    assert CoreSetMeasures(mmt8=70, mmt8_max=80).mmt8_variant == "unilateral"
    assert CoreSetMeasures(mmt8=70, mmt8_max=150).mmt8_variant == "bilateral"
    assert CoreSetMeasures().mmt8_variant is None


def test_unknown_enzyme_raises() -> None:
    with pytest.raises(ValueError, match="troponin"):
        CoreSetMeasures(enzymes={"troponin": (1.0, 1.0)})


def test_enzyme_with_zero_uln_raises() -> None:
    with pytest.raises(ValueError, match="ck"):
        CoreSetMeasures(enzymes={"ck": (100.0, 0.0)})


def test_measures_are_frozen() -> None:
    measures = CoreSetMeasures(enzymes={"ck": (100.0, 200.0)})
    with pytest.raises(AttributeError):
        measures.haq = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        measures.enzymes["ck"] = (1.0, 1.0)  # type: ignore[index]


def test_the_enzyme_most_abnormal_at_baseline_is_chosen() -> None:
    baseline = CoreSetMeasures(enzymes={"ck": (600.0, 200.0), "aldolase": (32.0, 8.0)})
    followup = CoreSetMeasures(enzymes={"ck": (300.0, 200.0), "aldolase": (30.0, 8.0)})
    assert select_enzyme(baseline, followup) == "aldolase"


def test_an_enzyme_missing_at_follow_up_is_not_chosen() -> None:
    baseline = CoreSetMeasures(enzymes={"ck": (600.0, 200.0), "aldolase": (32.0, 8.0)})
    followup = CoreSetMeasures(enzymes={"ck": (300.0, 200.0)})
    assert select_enzyme(baseline, followup) == "ck"


def test_equally_abnormal_enzymes_prefer_ck() -> None:
    baseline = CoreSetMeasures(enzymes={"ldh": (500.0, 250.0), "ck": (400.0, 200.0)})
    assert select_enzyme(baseline, baseline) == "ck"


def test_no_shared_enzyme_selects_none() -> None:
    baseline = CoreSetMeasures(enzymes={"ck": (600.0, 200.0)})
    followup = CoreSetMeasures(enzymes={"ldh": (300.0, 250.0)})
    assert select_enzyme(baseline, followup) is None


def test_antibody_codes_are_split_and_labelled() -> None:
    assert set(MSA_CODES).isdisjoint(MAA_CODES)
    assert set(ANTIBODY_LABELS) == set(MSA_CODES) | set(MAA_CODES)
    assert ANTIBODY_LABELS["tif1g"] == "anti-TIF1-γ"


def test_exact_keeps_an_int_apart_from_the_equal_float() -> None:
    # 2**60 as a float reads back as the decimal 1152921504606847000: equal as numbers,
    # different as entered values, so a cached result of one must never serve the other.
    big = 2**60
    assert exact(float(big)) == Fraction(repr(float(big))) != big
    assert exact(big) == big
    assert exact(float(big)) == Fraction(repr(float(big)))


def rounded(value: Fraction) -> float:
    """Return what ``to_float`` must return: Python's own round to 9 places."""
    try:
        return float(round(value, 9))
    except OverflowError:
        return float("inf") if value > 0 else float("-inf")


@pytest.mark.parametrize(
    "value",
    [
        Fraction(1, 2 * 10**9),
        Fraction(3, 2 * 10**9),
        Fraction(-1, 2 * 10**9),
        Fraction(-3, 2 * 10**9),
        Fraction(25, 3),
        Fraction(-200, 3),
        Fraction(10**400),
        Fraction(-(10**400), 7),
    ],
)
def test_to_float_rounds_like_round_at_ties_and_overflow(value: Fraction) -> None:
    assert to_float(value) == rounded(value)


@settings(max_examples=500, deadline=None)
@given(st.fractions())
def test_to_float_always_matches_round_to_9_places(value: Fraction) -> None:
    assert to_float(value) == rounded(value)


@settings(max_examples=300, deadline=None)
@given(st.fractions(), st.one_of(st.fractions(), st.integers()).filter(bool))
def test_percent_of_is_the_exact_percentage(change: Fraction, whole: Fraction | int) -> None:
    assert percent_of(change, whole) == change / whole * 100
