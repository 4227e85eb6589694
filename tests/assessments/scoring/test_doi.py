"""Tests for the IMACS 2004 definition of improvement (clinical-rules.md §3)."""

from __future__ import annotations

import pytest

from assessments.scoring import CoreSetMeasures, imacs_improvement

BASELINE = CoreSetMeasures(
    physician_global=5.0,
    patient_global=5.0,
    mmt8=100,
    mmt8_max=150,
    haq=2.0,
    enzymes={"ck": (1000.0, 200.0)},
    extramuscular_global=5.0,
)


def followup(**changes: object) -> CoreSetMeasures:
    values = {**BASELINE.__dict__, **changes}
    return CoreSetMeasures(**values)


@pytest.mark.parametrize(
    ("pga", "improved"),
    [(4.01, False), (4.0, True), (3.99, True)],
    ids=["19.8_percent", "exactly_20_percent", "20.2_percent"],
)
def test_exactly_20_percent_better_counts_as_improved(pga: float, improved: bool) -> None:
    result = imacs_improvement(BASELINE, followup(physician_global=pga))
    assert ("physician_global" in result.improved) is improved


@pytest.mark.parametrize(
    ("haq", "worsened"),
    [(2.49, False), (2.5, True), (2.51, True)],
    ids=["24.5_percent", "exactly_25_percent", "25.5_percent"],
)
def test_exactly_25_percent_worse_counts_as_worsened(haq: float, worsened: bool) -> None:
    result = imacs_improvement(BASELINE, followup(haq=haq))
    assert ("haq" in result.worsened) is worsened


def test_mmt_change_is_relative_to_the_baseline_total() -> None:
    result = imacs_improvement(BASELINE, followup(mmt8=120))
    assert result.improved == ("mmt8",)
    assert result.changes[2].relative_change == pytest.approx(20.0)


def test_three_improved_measures_meet_the_definition() -> None:
    result = imacs_improvement(
        BASELINE, followup(physician_global=4.0, patient_global=4.0, haq=1.6)
    )
    assert result.met
    assert result.improved == ("physician_global", "patient_global", "haq")
    assert result.complete


def test_two_improved_measures_do_not_meet_the_definition() -> None:
    result = imacs_improvement(BASELINE, followup(physician_global=4.0, patient_global=4.0))
    assert not result.met


def test_two_worsened_measures_are_tolerated() -> None:
    result = imacs_improvement(
        BASELINE,
        followup(
            physician_global=2.0,
            patient_global=2.0,
            haq=1.0,
            extramuscular_global=7.0,
            enzymes={"ck": (2000.0, 200.0)},
        ),
    )
    assert result.worsened == ("enzyme", "extramuscular_global")
    assert result.met


def test_three_worsened_measures_fail_the_definition() -> None:
    result = imacs_improvement(
        BASELINE,
        followup(
            physician_global=2.0,
            patient_global=7.0,
            haq=1.0,
            mmt8=140,
            extramuscular_global=7.0,
            enzymes={"ck": (2000.0, 200.0)},
        ),
    )
    assert len(result.improved) == 3
    assert len(result.worsened) == 3
    assert not result.met


def test_worsened_mmt_fails_the_definition_whatever_else_improved() -> None:
    result = imacs_improvement(
        BASELINE,
        followup(physician_global=1.0, patient_global=1.0, haq=0.5, mmt8=75),
    )
    assert result.worsened == ("mmt8",)
    assert not result.met
    assert "MMT-8 worsened" in result.reasoning()[1]


def test_a_global_of_zero_at_baseline_cannot_improve_but_any_rise_worsens() -> None:
    baseline = CoreSetMeasures(physician_global=0.0, patient_global=0.0)
    unchanged = imacs_improvement(baseline, baseline)
    assert unchanged.improved == ()
    assert unchanged.worsened == ()
    risen = imacs_improvement(baseline, CoreSetMeasures(physician_global=0.5, patient_global=0.0))
    assert risen.worsened == ("physician_global",)
    assert risen.changes[0].relative_change is None


def test_an_mmt_of_zero_at_baseline_improves_with_any_rise() -> None:
    baseline = CoreSetMeasures(mmt8=0, mmt8_max=80)
    result = imacs_improvement(baseline, CoreSetMeasures(mmt8=1, mmt8_max=80))
    assert result.improved == ("mmt8",)
    assert result.worsened == ()


def test_missing_measures_are_listed_and_count_as_neither() -> None:
    baseline = CoreSetMeasures(physician_global=5.0, patient_global=5.0, haq=2.0)
    result = imacs_improvement(baseline, CoreSetMeasures(physician_global=2.0, haq=1.0))
    assert result.missing == ("patient_global", "mmt8", "enzyme", "extramuscular_global")
    assert not result.complete
    assert not result.met
    assert result.reasoning()[-1].startswith("Incomplete: missing")


def test_the_most_abnormal_enzyme_at_baseline_is_used() -> None:
    baseline = CoreSetMeasures(enzymes={"ck": (400.0, 200.0), "ldh": (1000.0, 250.0)})
    after = CoreSetMeasures(enzymes={"ck": (100.0, 200.0), "ldh": (900.0, 250.0)})
    result = imacs_improvement(baseline, after)
    assert result.enzyme == "ldh"
    assert result.improved == ()


def test_mixed_mmt_variants_raise() -> None:
    with pytest.raises(ValueError, match="variants differ"):
        imacs_improvement(
            CoreSetMeasures(mmt8=60, mmt8_max=80), CoreSetMeasures(mmt8=60, mmt8_max=150)
        )


def test_reasoning_names_the_version() -> None:
    result = imacs_improvement(BASELINE, BASELINE)
    assert result.reasoning()[0].startswith("IMACS DOI not met: 0 improved")
    assert "imacs-doi-2004.1" in result.reasoning()[0]
