"""Tests for the patient facts and the cancer screening plan (clinical-rules.md §9)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from assessments.scoring import MSA_CODES, PatientFacts, cancer_screening_plan

D = dt.date
ONSET = D(2024, 3, 10)
DIAGNOSIS = D(2024, 6, 1)


def adult(**values: object) -> PatientFacts:
    base: dict[str, object] = {
        "age_at_onset": 35.0,
        "onset_date": ONSET,
        "diagnosis_date": DIAGNOSIS,
        "subtype": "pm",
    }
    return PatientFacts(**{**base, **values})  # type: ignore[arg-type]


def test_no_risk_feature_is_standard_risk_with_one_basic_screen_at_diagnosis() -> None:
    plan = cancer_screening_plan(adult())
    assert plan.applicable
    assert plan.risk == "standard"
    assert plan.features == ()
    assert [(entry.year, entry.due, entry.panels) for entry in plan.entries] == [
        (0, DIAGNOSIS, ("basic",))
    ]
    assert plan.entries[0].description.startswith("history and examination")
    assert plan.reason == "Standard cancer risk: no risk features"
    assert plan.version == "imacs-cancer-2023.1"


@pytest.mark.parametrize(
    ("values", "feature"),
    [
        ({"subtype": "dm"}, "dermatomyositis subtype"),
        ({"subtype": "adm"}, "dermatomyositis subtype"),
        ({"antibodies": {"tif1g": "positive"}}, "anti-TIF1-γ positive"),
        ({"antibodies": {"nxp2": "positive"}}, "anti-NXP2 positive"),
        ({"age_at_onset": 40.0}, "age 40 or over at onset"),
        ({"dysphagia": True}, "dysphagia"),
        ({"cutaneous_necrosis": True}, "cutaneous necrosis"),
        (
            {"persistent_high_activity": True},
            "persistent high disease activity despite immunosuppression",
        ),
    ],
)
def test_exactly_one_high_risk_feature_is_moderate_risk(
    values: dict[str, object], feature: str
) -> None:
    plan = cancer_screening_plan(adult(**values))
    assert plan.risk == "moderate"
    assert plan.high_risk_features == (feature,)


def test_age_just_under_40_is_not_a_risk_feature() -> None:
    assert cancer_screening_plan(adult(age_at_onset=39.9)).risk == "standard"


def test_two_high_risk_features_are_high_risk() -> None:
    plan = cancer_screening_plan(
        adult(subtype="dm", antibodies={"tif1g": "positive"}, age_at_onset=52.0)
    )
    assert plan.risk == "high"
    assert plan.high_risk_features == (
        "dermatomyositis subtype",
        "anti-TIF1-γ positive",
        "age 40 or over at onset",
    )
    assert "consider PET-CT and endoscopy" in plan.notes[0]


@pytest.mark.parametrize("code", ["sae", "hmgcr", "mi2", "mda5"])
def test_a_moderate_risk_antibody_raises_standard_to_moderate(code: str) -> None:
    plan = cancer_screening_plan(adult(antibodies={code: "positive"}))
    assert plan.risk == "moderate"
    assert plan.high_risk_features == ()
    assert plan.features[0].endswith("positive (moderate-risk antibody)")


def test_a_moderate_risk_antibody_does_not_raise_moderate_to_high() -> None:
    plan = cancer_screening_plan(adult(dysphagia=True, antibodies={"hmgcr": "positive"}))
    assert plan.risk == "moderate"
    assert plan.features == ("dysphagia", "anti-HMGCR positive (moderate-risk antibody)")


def test_a_borderline_antibody_is_not_a_risk_feature() -> None:
    assert cancer_screening_plan(adult(antibodies={"tif1g": "borderline"})).risk == "standard"


def test_moderate_risk_schedule_is_basic_and_enhanced_then_basic_yearly() -> None:
    plan = cancer_screening_plan(adult(dysphagia=True))
    assert [(entry.year, entry.due, entry.panels) for entry in plan.entries] == [
        (0, DIAGNOSIS, ("basic", "enhanced")),
        (1, D(2025, 3, 10), ("basic",)),
        (2, D(2026, 3, 10), ("basic",)),
        (3, D(2027, 3, 10), ("basic",)),
    ]
    assert "CT of neck, thorax, abdomen and pelvis" in plan.entries[0].description
    assert plan.window_end == D(2027, 3, 10)


def test_high_risk_schedule_is_basic_and_enhanced_then_enhanced_yearly() -> None:
    plan = cancer_screening_plan(adult(subtype="dm", dysphagia=True))
    assert [(entry.year, entry.panels) for entry in plan.entries] == [
        (0, ("basic", "enhanced")),
        (1, ("enhanced",)),
        (2, ("enhanced",)),
        (3, ("enhanced",)),
    ]


def test_anniversaries_before_a_late_diagnosis_are_dropped() -> None:
    plan = cancer_screening_plan(adult(dysphagia=True, diagnosis_date=D(2025, 8, 1)))
    assert [(entry.year, entry.due) for entry in plan.entries] == [
        (0, D(2025, 8, 1)),
        (2, D(2026, 3, 10)),
        (3, D(2027, 3, 10)),
    ]


def test_a_29_february_onset_has_28_february_anniversaries() -> None:
    plan = cancer_screening_plan(
        adult(dysphagia=True, onset_date=D(2024, 2, 29), diagnosis_date=D(2024, 2, 29))
    )
    assert plan.entries[1].due == D(2025, 2, 28)


def test_without_an_onset_date_the_diagnosis_date_anchors_the_schedule() -> None:
    plan = cancer_screening_plan(adult(dysphagia=True, onset_date=None))
    assert plan.entries[1].due == D(2025, 6, 1)
    assert "Onset date not recorded" in plan.notes[0]


def test_without_any_date_entries_have_no_due_date() -> None:
    plan = cancer_screening_plan(adult(onset_date=None, diagnosis_date=None))
    assert plan.entries[0].due is None
    assert plan.window_end is None


@pytest.mark.parametrize(
    ("today", "in_window"),
    [
        (D(2024, 3, 9), False),
        (D(2024, 3, 10), True),
        (D(2027, 3, 10), True),
        (D(2027, 3, 11), False),
    ],
)
def test_in_window_covers_the_3_years_after_onset(today: dt.date, in_window: bool) -> None:
    assert cancer_screening_plan(adult(), today=today).in_window is in_window


def test_without_today_in_window_is_unknown() -> None:
    assert cancer_screening_plan(adult()).in_window is None


@pytest.mark.parametrize(("age", "applicable"), [(17.9, False), (18.0, True)])
def test_juvenile_onset_is_not_applicable(age: float, applicable: bool) -> None:
    plan = cancer_screening_plan(adult(age_at_onset=age, subtype="jdm"))
    assert plan.applicable is applicable
    if not applicable:
        assert plan.risk is None
        assert plan.entries == ()
        assert plan.reason.startswith("Not applicable")


def test_unknown_age_is_treated_as_adult_with_a_note() -> None:
    plan = cancer_screening_plan(adult(age_at_onset=None))
    assert plan.applicable
    assert any("Age at onset not recorded" in note for note in plan.notes)


def test_every_tested_msa_negative_asks_for_malignancy_exclusion() -> None:
    plan = cancer_screening_plan(adult(antibodies={"jo1": "negative", "srp": "negative"}))
    assert plan.seronegative_exclusion


@pytest.mark.parametrize(
    "antibodies",
    [
        pytest.param({}, id="nothing_tested"),
        pytest.param({"jo1": "negative", "srp": "borderline"}, id="one_borderline"),
        pytest.param({"jo1": "negative", "mi2": "positive"}, id="one_positive"),
        pytest.param({"ro52": "negative"}, id="only_maa_tested"),
    ],
)
def test_seronegative_exclusion_needs_every_tested_msa_negative(
    antibodies: dict[str, str],
) -> None:
    assert not cancer_screening_plan(adult(antibodies=antibodies)).seronegative_exclusion


def test_facts_list_tested_and_untested_msa() -> None:
    facts = adult(antibodies={"jo1": "negative", "hmgcr": "not_tested", "ro52": "positive"})
    assert facts.msa_tested == ("jo1",)
    assert "hmgcr" in facts.msa_untested
    assert len(facts.msa_untested) == len(MSA_CODES) - 1
    assert facts.antibody("srp") == "not_tested"
    assert facts.juvenile is False


def test_changed_antibodies_change_the_msa_groupings() -> None:
    facts = adult(antibodies={"jo1": "negative"})
    changed = dataclasses.replace(facts, antibodies={"jo1": "positive"})
    assert (facts.msa_negative, facts.msa_positive) == (True, ())
    assert (changed.msa_negative, changed.msa_positive) == (False, ("jo1",))
    assert changed != facts
    assert dataclasses.replace(changed, antibodies={"jo1": "negative"}) == facts


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"subtype": "myositis"}, "subtype"),
        ({"latest_biopsy": "normal"}, "latest_biopsy"),
        ({"antibodies": {"abc": "positive"}}, "antibodies"),
        ({"antibodies": {"jo1": "weak"}}, "antibodies"),
        ({"biopsy_count": -1}, "biopsy_count"),
        ({"age_at_onset": -2.0}, "age_at_onset"),
    ],
)
def test_invalid_facts_raise_naming_the_field(values: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        adult(**values)
