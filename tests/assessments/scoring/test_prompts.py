"""Tests for the diagnostic prompts, including the seed case (clinical-rules.md §10)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from assessments.scoring import (
    MSA_CODES,
    CoreSetMeasures,
    PatientFacts,
    TherapyCourse,
    Visit,
    diagnostic_prompts,
    refractory_status,
)

ALL_MSA_NEGATIVE: dict[str, str] = dict.fromkeys(MSA_CODES, "negative")
MSA_NEGATIVE_BUT_HMGCR: dict[str, str] = {code: "negative" for code in MSA_CODES if code != "hmgcr"}


def codes(facts: PatientFacts) -> list[str]:
    return [prompt.code for prompt in diagnostic_prompts(facts)]


def facts(**values: object) -> PatientFacts:
    base: dict[str, object] = {"age_at_onset": 37.0, "subtype": "pm"}
    return PatientFacts(**{**base, **values})  # type: ignore[arg-type]


def imnm_like(**values: object) -> PatientFacts:
    base: dict[str, object] = {
        "antibodies": MSA_NEGATIVE_BUT_HMGCR,
        "ck_raised": True,
        "latest_biopsy": "non_inflammatory",
        "biopsy_count": 1,
    }
    return facts(**{**base, **values})


@pytest.mark.parametrize("biopsy", ["necrotising", "non_inflammatory"])
def test_test_hmgcr_srp_fires_for_antibody_negative_raised_ck_and_suggestive_biopsy(
    biopsy: str,
) -> None:
    prompt = diagnostic_prompts(imnm_like(latest_biopsy=biopsy))[0]
    assert prompt.code == "test_hmgcr_srp"
    assert prompt.message.startswith("Test anti-HMGCR:")
    assert "anti-HMGCR not tested" in prompt.facts
    assert prompt.source == "clinical-rules.md §5, §10"


def test_test_hmgcr_srp_names_both_when_neither_was_tested() -> None:
    prompt = diagnostic_prompts(imnm_like(antibodies={"jo1": "negative"}))[0]
    assert prompt.message.startswith("Test anti-HMGCR and anti-SRP:")


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"antibodies": ALL_MSA_NEGATIVE}, id="hmgcr_and_srp_already_tested"),
        pytest.param({"antibodies": {"jo1": "positive"}}, id="an_msa_is_positive"),
        pytest.param({"ck_raised": False}, id="ck_normal"),
        pytest.param({"ck_raised": None}, id="ck_unknown"),
        pytest.param({"latest_biopsy": "inflammatory"}, id="inflammatory_biopsy"),
        pytest.param({"latest_biopsy": None, "biopsy_count": 0}, id="no_biopsy"),
    ],
)
def test_test_hmgcr_srp_does_not_fire(values: dict[str, object]) -> None:
    assert "test_hmgcr_srp" not in codes(imnm_like(**values))


def test_full_msa_panel_fires_when_an_msa_was_never_tested() -> None:
    prompt = next(p for p in diagnostic_prompts(facts(antibodies={"jo1": "negative"})))
    assert prompt.code == "full_msa_panel"
    assert "anti-PL-7" in prompt.message
    assert "anti-Jo-1" not in prompt.message
    assert prompt.facts[1] == "12 MSA never tested"


def test_full_msa_panel_fires_when_no_antibody_was_ever_tested() -> None:
    assert "full_msa_panel" in codes(facts())


@pytest.mark.parametrize(
    "antibodies",
    [
        pytest.param(ALL_MSA_NEGATIVE, id="whole_panel_tested"),
        pytest.param({"mda5": "positive"}, id="an_msa_is_positive"),
    ],
)
def test_full_msa_panel_does_not_fire(antibodies: dict[str, str]) -> None:
    assert "full_msa_panel" not in codes(facts(antibodies=antibodies))


def test_statin_with_hmgcr_fires_for_an_ongoing_statin() -> None:
    assert "statin_with_hmgcr" in codes(
        facts(antibodies={"hmgcr": "positive"}, statin_ongoing=True)
    )


@pytest.mark.parametrize(
    ("hmgcr", "statin"),
    [("positive", False), ("negative", True), ("borderline", True), ("not_tested", True)],
)
def test_statin_with_hmgcr_does_not_fire(hmgcr: str, statin: bool) -> None:
    assert "statin_with_hmgcr" not in codes(
        facts(antibodies={"hmgcr": hmgcr}, statin_ongoing=statin)
    )


def test_exclude_malignancy_fires_for_seronegative_adults() -> None:
    prompt = next(
        p
        for p in diagnostic_prompts(facts(antibodies={"jo1": "negative"}))
        if p.code == "exclude_malignancy"
    )
    assert prompt.facts == (
        "every myositis-specific antibody tested is negative",
        "no cancer screen recorded",
    )


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"antibodies": {}}, id="nothing_tested"),
        pytest.param({"antibodies": {"jo1": "negative", "nxp2": "borderline"}}, id="borderline"),
        pytest.param({"antibodies": {"jo1": "negative", "tif1g": "positive"}}, id="positive"),
        pytest.param(
            {"antibodies": {"jo1": "negative"}, "malignancy_excluded": True},
            id="already_screened",
        ),
        pytest.param(
            {"antibodies": {"jo1": "negative"}, "age_at_onset": 9.0, "subtype": "jdm"},
            id="juvenile_onset",
        ),
    ],
)
def test_exclude_malignancy_does_not_fire(values: dict[str, object]) -> None:
    assert "exclude_malignancy" not in codes(facts(**values))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"antibodies": ALL_MSA_NEGATIVE, "biopsy_count": 1}, id="antibody_negative"),
        pytest.param(
            {"antibodies": {"jo1": "positive"}, "latest_biopsy": "non_diagnostic"},
            id="non_diagnostic_biopsy",
        ),
        pytest.param(
            {"antibodies": {"jo1": "positive"}, "latest_biopsy": "non_inflammatory"},
            id="non_inflammatory_biopsy",
        ),
    ],
)
def test_repeat_biopsy_fires_for_refractory_patients(values: dict[str, object]) -> None:
    assert "repeat_biopsy" in codes(facts(refractory=True, **values))


def test_repeat_biopsy_without_any_biopsy_asks_for_a_first_one() -> None:
    prompt = next(
        p for p in diagnostic_prompts(facts(refractory=True)) if p.code == "repeat_biopsy"
    )
    assert prompt.message.startswith("Consider a muscle biopsy")
    assert "no biopsy recorded" in prompt.facts


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"refractory": False, "antibodies": ALL_MSA_NEGATIVE}, id="responding"),
        pytest.param(
            {
                "refractory": True,
                "antibodies": {"jo1": "positive"},
                "latest_biopsy": "inflammatory",
            },
            id="antibody_positive_with_inflammatory_biopsy",
        ),
    ],
)
def test_repeat_biopsy_does_not_fire(values: dict[str, object]) -> None:
    assert "repeat_biopsy" not in codes(facts(**values))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"subtype": "imnm_seroneg"}, id="imnm_subtype"),
        pytest.param({"antibodies": {"hmgcr": "positive"}}, id="anti_hmgcr_positive"),
        pytest.param({"antibodies": {"srp": "positive"}}, id="anti_srp_positive"),
    ],
)
def test_consider_ivig_fires_for_refractory_imnm(values: dict[str, object]) -> None:
    assert "consider_ivig" in codes(facts(refractory=True, **values))


@pytest.mark.parametrize(
    "values",
    [
        pytest.param({"subtype": "imnm_hmgcr", "refractory": False}, id="responding"),
        pytest.param({"subtype": "dm", "refractory": True}, id="not_imnm"),
        pytest.param(
            {"subtype": "imnm_srp", "refractory": True, "ivig_tried": True}, id="ivig_tried"
        ),
        pytest.param(
            {"antibodies": {"hmgcr": "borderline"}, "refractory": True}, id="borderline_hmgcr"
        ),
    ],
)
def test_consider_ivig_does_not_fire(values: dict[str, object]) -> None:
    assert "consider_ivig" not in codes(facts(**values))


def test_a_well_characterised_responding_patient_gets_no_prompts() -> None:
    assert codes(facts(subtype="dm", antibodies={"mi2": "positive"}, ck_raised=True)) == []


def test_the_seed_case_raises_the_prompts_it_should_have_years_earlier() -> None:
    """A 37-year-old woman with PM, refractory after 6 months of prednisolone + MTX."""
    onset = dt.date(2006, 1, 15)
    courses = (
        TherapyCourse("prednisolone", "glucocorticoid", dt.date(2006, 3, 1)),
        TherapyCourse("methotrexate", "conventional_immunosuppressant", dt.date(2006, 3, 1)),
    )
    weak = CoreSetMeasures(
        physician_global=6.0,
        patient_global=7.0,
        mmt8=118,
        mmt8_max=150,
        haq=1.25,
        enzymes={"ck": (4200.0, 170.0)},
        extramuscular_global=0.5,
    )
    still_weak = CoreSetMeasures(
        physician_global=5.5,
        patient_global=7.0,
        mmt8=120,
        mmt8_max=150,
        haq=1.25,
        enzymes={"ck": (3900.0, 170.0)},
        extramuscular_global=0.5,
    )
    visits = (Visit(dt.date(2006, 3, 1), weak), Visit(dt.date(2006, 9, 5), still_weak))
    evaluation = refractory_status(visits, courses, as_of=dt.date(2006, 9, 30), window_months=6)
    assert evaluation.status == "refractory"
    assert evaluation.reason.startswith(
        "No improvement after 6 months of prednisolone + methotrexate: TIS"
    )
    seed = PatientFacts(
        sex="female",
        age_at_onset=37.0,
        onset_date=onset,
        diagnosis_date=dt.date(2006, 3, 1),
        subtype="pm",
        antibodies=MSA_NEGATIVE_BUT_HMGCR,
        ck_raised=True,
        latest_biopsy="non_inflammatory",
        biopsy_count=2,
        refractory=evaluation.status == "refractory",
    )
    raised = codes(seed)
    assert {"test_hmgcr_srp", "exclude_malignancy", "repeat_biopsy"} <= set(raised)
    assert "consider_ivig" not in raised
    # Twelve years later anti-HMGCR is found and the subtype is named: consider IVIG.
    later = replace(
        seed,
        antibodies={**MSA_NEGATIVE_BUT_HMGCR, "hmgcr": "positive"},
        subtype="imnm_hmgcr",
    )
    assert "consider_ivig" in codes(later)
    assert "test_hmgcr_srp" not in codes(later)
