"""Tests for the Total Improvement Score (clinical-rules.md §2)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    MEASURE_NAMES,
    CoreSetMeasures,
    tis_category,
    total_improvement_score,
)

# Table 3 restated independently of the code: (band upper edges, points per band).
TABLE: dict[str, tuple[tuple[int, ...], tuple[float, ...]]] = {
    "physician_global": ((5, 15, 25, 40), (0, 7.5, 15, 17.5, 20)),
    "patient_global": ((5, 15, 25, 40), (0, 2.5, 5, 7.5, 10)),
    "haq": ((5, 15, 25, 40), (0, 5, 7.5, 7.5, 10)),
    "enzyme": ((5, 15, 25, 40), (0, 2.5, 5, 7.5, 7.5)),
    "extramuscular_global": ((5, 15, 25, 40), (0, 7.5, 12.5, 15, 20)),
    "mmt8": ((2, 10, 20, 30), (0, 10, 20, 27.5, 32.5)),
}
RANGES = {"physician_global": 10, "patient_global": 10, "extramuscular_global": 10, "haq": 3}


def visit_pair(name: str, percent: Decimal) -> tuple[CoreSetMeasures, CoreSetMeasures]:
    """Build two visits where only ``name`` is recorded and improves by ``percent``."""
    if name == "mmt8":
        change = int(percent * Decimal("1.5"))
        return (
            CoreSetMeasures(mmt8=100, mmt8_max=150),
            CoreSetMeasures(mmt8=100 + change, mmt8_max=150),
        )
    if name == "enzyme":
        after = Decimal(1000) - percent * 10
        return (
            CoreSetMeasures(enzymes={"ck": (1000.0, 200.0)}),
            CoreSetMeasures(enzymes={"ck": (float(after), 200.0)}),
        )
    before = Decimal(RANGES[name])
    after = before - percent * RANGES[name] / 100
    first = CoreSetMeasures(**{name: float(before)})  # type: ignore[arg-type]
    second = CoreSetMeasures(**{name: float(after)})  # type: ignore[arg-type]
    return first, second


def edge_cases() -> list[object]:
    cases: list[object] = []
    for name, (edges, points) in TABLE.items():
        # MMT moves by whole points: 1 point of 150 is 2/3 %.
        delta = Decimal(2) / 3 if name == "mmt8" else Decimal("0.1")
        for band, edge in enumerate(edges):
            for label, offset, expected in (
                ("just_below", -delta, points[band]),
                ("exactly_on", Decimal(0), points[band]),
                ("just_above", delta, points[band + 1]),
            ):
                percent = Decimal(edge) + offset
                cases.append(pytest.param(name, percent, expected, id=f"{name}-{label}-{edge}"))
    return cases


@pytest.mark.parametrize(("name", "percent", "expected"), edge_cases())
def test_every_band_edge_is_closed_above(name: str, percent: Decimal, expected: float) -> None:
    baseline, followup = visit_pair(name, percent)
    result = total_improvement_score(baseline, followup)
    change = next(change for change in result.measures if change.name == name)
    assert change.points == expected
    assert result.total == expected


@pytest.mark.parametrize(
    ("baseline", "followup", "expected"),
    [
        (6.0, 4.5, 7.5),
        (7.0, 5.5, 7.5),
        (2.0, 0.5, 7.5),
        (6.0, 5.5, 0.0),
        (10.0, 6.0, 17.5),
    ],
)
def test_exactly_15_percent_pga_scores_7_5(
    baseline: float, followup: float, expected: float
) -> None:
    result = total_improvement_score(
        CoreSetMeasures(physician_global=baseline), CoreSetMeasures(physician_global=followup)
    )
    assert result.total == expected


def test_exactly_30_percent_mmt_scores_27_5() -> None:
    result = total_improvement_score(
        CoreSetMeasures(mmt8=95, mmt8_max=150), CoreSetMeasures(mmt8=140, mmt8_max=150)
    )
    assert result.total == 27.5


def test_exactly_40_percent_extramuscular_scores_15() -> None:
    result = total_improvement_score(
        CoreSetMeasures(extramuscular_global=5.0), CoreSetMeasures(extramuscular_global=1.0)
    )
    assert result.total == 15


def test_exactly_5_percent_haq_scores_0() -> None:
    result = total_improvement_score(CoreSetMeasures(haq=1.5), CoreSetMeasures(haq=1.35))
    assert result.total == 0


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [(50, 58, 10), (50, 59, 20), (50, 66, 20), (50, 67, 27.5), (50, 74, 27.5), (50, 75, 32.5)],
)
def test_unilateral_mmt_uses_a_range_of_80(before: int, after: int, expected: float) -> None:
    result = total_improvement_score(
        CoreSetMeasures(mmt8=before, mmt8_max=80), CoreSetMeasures(mmt8=after, mmt8_max=80)
    )
    assert result.total == expected


def test_bilateral_mmt_uses_the_range_not_the_baseline() -> None:
    result = total_improvement_score(
        CoreSetMeasures(mmt8=100, mmt8_max=150), CoreSetMeasures(mmt8=112, mmt8_max=150)
    )
    assert result.measures[2].percent_change == pytest.approx(8.0)
    assert result.total == 10


def test_mixed_mmt_variants_are_never_scored() -> None:
    with pytest.raises(ValueError, match="variants differ"):
        total_improvement_score(
            CoreSetMeasures(mmt8=60, mmt8_max=80), CoreSetMeasures(mmt8=120, mmt8_max=150)
        )


FIRST_EXAMPLE = (
    CoreSetMeasures(
        physician_global=6.0,
        patient_global=7,
        mmt8=110,
        mmt8_max=150,
        haq=1.5,
        enzymes={"ck": (3000, 200)},
        extramuscular_global=4,
    ),
    CoreSetMeasures(
        physician_global=3.5,
        patient_global=5,
        mmt8=125,
        mmt8_max=150,
        haq=1.0,
        enzymes={"ck": (1200, 200)},
        extramuscular_global=2,
    ),
)
SECOND_EXAMPLE = (
    CoreSetMeasures(
        physician_global=7,
        patient_global=8,
        mmt8=95,
        mmt8_max=150,
        haq=2,
        enzymes={"ck": (8000, 200)},
        extramuscular_global=5,
    ),
    CoreSetMeasures(
        physician_global=2,
        patient_global=3,
        mmt8=140,
        mmt8_max=150,
        haq=0.5,
        enzymes={"ck": (300, 200)},
        extramuscular_global=1,
    ),
)


def test_first_worked_example_scores_57_5_moderate() -> None:
    result = total_improvement_score(*FIRST_EXAMPLE)
    assert [change.points for change in result.measures] == [15, 5, 10, 7.5, 7.5, 12.5]
    assert result.total == 57.5
    assert result.category == "moderate"
    assert result.complete
    assert result.missing == ()
    assert result.enzyme == "ck"


def test_second_worked_example_scores_90_major() -> None:
    result = total_improvement_score(*SECOND_EXAMPLE)
    assert [change.points for change in result.measures] == [20, 10, 27.5, 10, 7.5, 15]
    assert result.total == 90
    assert result.category == "major"


def test_reasoning_explains_each_measure_and_the_total() -> None:
    lines = total_improvement_score(*FIRST_EXAMPLE).reasoning()
    assert lines[0] == "Physician global activity: 6 -> 3.5, improved 25% of scale range: 15 points"
    assert "CK, most abnormal at baseline" in lines[4]
    assert lines[-1].startswith("TIS 57.5/100: moderate improvement (adult thresholds")
    assert "tis-2016.1" in lines[-1]


def test_same_visits_score_zero_none() -> None:
    result = total_improvement_score(FIRST_EXAMPLE[0], FIRST_EXAMPLE[0])
    assert result.total == 0
    assert result.category == "none"


def test_worsening_scores_zero_and_reports_a_negative_change() -> None:
    result = total_improvement_score(SECOND_EXAMPLE[1], SECOND_EXAMPLE[0])
    assert result.total == 0
    assert all(change.points == 0 for change in result.measures)
    assert all(
        change.percent_change is not None and change.percent_change < 0
        for change in result.measures
    )
    assert "worsened" in result.reasoning()[0]


def test_missing_measures_are_listed_and_mark_the_result_incomplete() -> None:
    baseline = CoreSetMeasures(physician_global=6.0, haq=1.5, enzymes={"ck": (3000, 200)})
    followup = CoreSetMeasures(physician_global=3.5, patient_global=5.0, haq=1.0)
    result = total_improvement_score(baseline, followup)
    assert result.missing == ("patient_global", "mmt8", "enzyme", "extramuscular_global")
    assert not result.complete
    assert result.total == 15 + 7.5
    assert result.enzyme is None
    assert result.reasoning()[-1].startswith("Incomplete: missing Patient/parent global")


def test_enzyme_baseline_of_zero_cannot_improve() -> None:
    result = total_improvement_score(
        CoreSetMeasures(enzymes={"ck": (0, 200)}), CoreSetMeasures(enzymes={"ck": (0, 200)})
    )
    assert result.measures[4].percent_change is None
    assert result.total == 0
    assert "enzyme" not in result.missing


@pytest.mark.parametrize(
    ("population", "total", "expected"),
    [
        ("adult", 17.5, "none"),
        ("adult", 20, "minimal"),
        ("adult", 22.5, "minimal"),
        ("adult", 37.5, "minimal"),
        ("adult", 40, "moderate"),
        ("adult", 42.5, "moderate"),
        ("adult", 57.5, "moderate"),
        ("adult", 60, "major"),
        ("adult", 62.5, "major"),
        ("juvenile", 27.5, "none"),
        ("juvenile", 30, "minimal"),
        ("juvenile", 32.5, "minimal"),
        ("juvenile", 42.5, "minimal"),
        ("juvenile", 45, "moderate"),
        ("juvenile", 47.5, "moderate"),
        ("juvenile", 67.5, "moderate"),
        ("juvenile", 70, "major"),
        ("juvenile", 72.5, "major"),
    ],
)
def test_category_thresholds_differ_for_adults_and_juveniles(
    population: str, total: float, expected: str
) -> None:
    assert tis_category(total, population) == expected  # type: ignore[arg-type]


def test_juvenile_population_applies_juvenile_thresholds_to_a_visit_pair() -> None:
    adult = total_improvement_score(*FIRST_EXAMPLE, population="adult")
    juvenile = total_improvement_score(*FIRST_EXAMPLE, population="juvenile")
    assert adult.total == juvenile.total == 57.5
    assert (adult.category, juvenile.category) == ("moderate", "moderate")
    baseline = CoreSetMeasures(physician_global=7, patient_global=8)
    followup = CoreSetMeasures(physician_global=2, patient_global=5)
    assert total_improvement_score(baseline, followup, "adult").category == "minimal"
    assert total_improvement_score(baseline, followup, "juvenile").category == "none"


def test_unknown_population_raises() -> None:
    with pytest.raises(ValueError, match="population"):
        tis_category(50, "elderly")  # type: ignore[arg-type]


# -- Properties -------------------------------------------------------------------------

vas = st.one_of(st.none(), st.floats(min_value=0, max_value=10, allow_nan=False))
haq = st.one_of(st.none(), st.floats(min_value=0, max_value=3, allow_nan=False))
mmt = st.one_of(st.none(), st.integers(min_value=0, max_value=150))
enzyme = st.one_of(st.none(), st.floats(min_value=0, max_value=50000, allow_nan=False))


@st.composite
def visits(draw: st.DrawFn) -> CoreSetMeasures:
    mmt_total = draw(mmt)
    ck = draw(enzyme)
    return CoreSetMeasures(
        physician_global=draw(vas),
        patient_global=draw(vas),
        extramuscular_global=draw(vas),
        haq=draw(haq),
        mmt8=mmt_total,
        mmt8_max=None if mmt_total is None else 150,
        enzymes={} if ck is None else {"ck": (ck, 200.0)},
    )


@settings(max_examples=200, deadline=None)
@given(visits(), visits())
def test_tis_is_always_within_0_and_100(
    baseline: CoreSetMeasures, followup: CoreSetMeasures
) -> None:
    result = total_improvement_score(baseline, followup)
    assert 0 <= result.total <= 100
    assert all(change.points >= 0 for change in result.measures)
    assert result.complete == (result.missing == ())


def improve_further(measures: CoreSetMeasures, name: str, fraction: float) -> CoreSetMeasures:
    """Move one measure ``fraction`` of the way towards its best value."""
    if name == "mmt8":
        if measures.mmt8 is None:
            return measures
        better = measures.mmt8 + int((150 - measures.mmt8) * fraction)
        return CoreSetMeasures(**{**measures.__dict__, "mmt8": better})
    if name == "enzyme":
        if "ck" not in measures.enzymes:
            return measures
        value, uln = measures.enzymes["ck"]
        return CoreSetMeasures(
            **{**measures.__dict__, "enzymes": {"ck": (value * (1 - fraction), uln)}}
        )
    current = getattr(measures, name)
    if current is None:
        return measures
    return CoreSetMeasures(**{**measures.__dict__, name: current * (1 - fraction)})


@settings(max_examples=200, deadline=None)
@given(
    visits(),
    visits(),
    st.sampled_from(MEASURE_NAMES),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_tis_never_drops_when_one_measure_improves_further(
    baseline: CoreSetMeasures, followup: CoreSetMeasures, name: str, fraction: float
) -> None:
    better = improve_further(followup, name, fraction)
    before = total_improvement_score(baseline, followup).total
    after = total_improvement_score(baseline, better).total
    assert after >= before
