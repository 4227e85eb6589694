"""Tests for the 2017 EULAR/ACR classification criteria (clinical-rules.md §4)."""

from __future__ import annotations

import math

import pytest

from assessments.scoring import BiopsyItems, ClassificationFindings, classify_iim

NO_BIOPSY_CASES = [
    # (findings, expected score, expected category)
    pytest.param(
        ClassificationFindings(age_at_onset=45, heliotrope=True), 5.2, "not_iim", id="5.2"
    ),
    pytest.param(
        ClassificationFindings(
            age_at_onset=10, anti_jo1=True, proximal_upper_weakness=True, dysphagia=True
        ),
        5.3,
        "possible",
        id="5.3",
    ),
    pytest.param(
        ClassificationFindings(age_at_onset=45, gottron_sign=True), 5.4, "possible", id="5.4"
    ),
    pytest.param(
        ClassificationFindings(
            age_at_onset=30,
            gottron_papules=True,
            enzymes_elevated=True,
            proximal_lower_weakness=True,
        ),
        5.5,
        "probable",
        id="5.5",
    ),
    pytest.param(
        ClassificationFindings(
            age_at_onset=45,
            gottron_sign=True,
            enzymes_elevated=True,
            proximal_upper_weakness=True,
        ),
        7.4,
        "probable",
        id="7.4",
    ),
    pytest.param(
        ClassificationFindings(
            age_at_onset=45,
            gottron_sign=True,
            enzymes_elevated=True,
            proximal_lower_weakness=True,
        ),
        7.5,
        "definite",
        id="7.5",
    ),
    pytest.param(
        ClassificationFindings(
            age_at_onset=45,
            gottron_sign=True,
            enzymes_elevated=True,
            legs_proximal_weaker_than_distal=True,
        ),
        7.6,
        "definite",
        id="7.6",
    ),
]


@pytest.mark.parametrize(("findings", "score", "category"), NO_BIOPSY_CASES)
def test_cut_offs_without_biopsy(
    findings: ClassificationFindings, score: float, category: str
) -> None:
    result = classify_iim(findings)
    assert result.score == score
    assert result.category == category
    assert not result.with_biopsy


def biopsied(age: float, *codes: str, **biopsy: bool) -> ClassificationFindings:
    return ClassificationFindings(
        age_at_onset=age,
        biopsy=BiopsyItems(**biopsy),
        **dict.fromkeys(codes, True),
    )


WITH_BIOPSY_CASES = [
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            "proximal_lower_weakness",
            "dysphagia",
            endomysial_infiltrate=True,
        ),
        6.4,
        "not_iim",
        id="6.4",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            endomysial_infiltrate=True,
            perimysial_perivascular_infiltrate=True,
        ),
        6.5,
        "possible",
        id="6.5",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            "proximal_upper_weakness",
            "dysphagia",
            endomysial_infiltrate=True,
        ),
        6.6,
        "possible",
        id="6.6",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            perifascicular_atrophy=True,
            perimysial_perivascular_infiltrate=True,
        ),
        6.7,
        "probable",
        id="6.7",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            "neck_flexor_weaker",
            "proximal_lower_weakness",
            endomysial_infiltrate=True,
            perimysial_perivascular_infiltrate=True,
        ),
        8.6,
        "probable",
        id="8.6",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            "neck_flexor_weaker",
            "dysphagia",
            endomysial_infiltrate=True,
            perimysial_perivascular_infiltrate=True,
        ),
        8.7,
        "definite",
        id="8.7",
    ),
    pytest.param(
        biopsied(
            45,
            "enzymes_elevated",
            "neck_flexor_weaker",
            "proximal_upper_weakness",
            endomysial_infiltrate=True,
            perimysial_perivascular_infiltrate=True,
        ),
        8.8,
        "definite",
        id="8.8",
    ),
]


@pytest.mark.parametrize(("findings", "score", "category"), WITH_BIOPSY_CASES)
def test_cut_offs_with_biopsy(
    findings: ClassificationFindings, score: float, category: str
) -> None:
    result = classify_iim(findings)
    assert result.score == score
    assert result.category == category
    assert result.with_biopsy


@pytest.mark.parametrize(
    ("findings", "subgroup"),
    [
        pytest.param(
            ClassificationFindings(age_at_onset=10, heliotrope=True, gottron_sign=True),
            "jdm",
            id="juvenile_with_skin_signs_is_jdm",
        ),
        pytest.param(
            ClassificationFindings(age_at_onset=10, anti_jo1=True, neck_flexor_weaker=True),
            "juvenile_other",
            id="juvenile_without_skin_signs_is_juvenile_other",
        ),
        pytest.param(
            ClassificationFindings(age_at_onset=45, heliotrope=True, proximal_upper_weakness=True),
            "dm",
            id="adult_with_skin_signs_and_weakness_is_dm",
        ),
        pytest.param(
            ClassificationFindings(age_at_onset=45, heliotrope=True, gottron_papules=True),
            "adm",
            id="adult_with_skin_signs_without_weakness_is_adm",
        ),
        pytest.param(
            ClassificationFindings(
                age_at_onset=65,
                enzymes_elevated=True,
                proximal_upper_weakness=True,
                proximal_lower_weakness=True,
                legs_proximal_weaker_than_distal=True,
                finger_flexor_weakness_unresponsive=True,
            ),
            "ibm",
            id="adult_with_unresponsive_finger_flexor_weakness_is_ibm",
        ),
        pytest.param(
            biopsied(65, "enzymes_elevated", rimmed_vacuoles=True),
            "ibm",
            id="adult_with_rimmed_vacuoles_is_ibm",
        ),
        pytest.param(
            biopsied(
                37,
                "enzymes_elevated",
                "proximal_lower_weakness",
                "proximal_upper_weakness",
                "neck_flexor_weaker",
                endomysial_infiltrate=True,
            ),
            "pm",
            id="adult_without_skin_signs_or_ibm_features_is_pm",
        ),
    ],
)
def test_every_subgroup_branch(findings: ClassificationFindings, subgroup: str) -> None:
    result = classify_iim(findings)
    assert result.category in ("probable", "definite")
    assert result.subgroup == subgroup


def test_no_subgroup_below_probable() -> None:
    result = classify_iim(ClassificationFindings(age_at_onset=45, gottron_sign=True))
    assert result.category == "possible"
    assert result.subgroup is None


@pytest.mark.parametrize(
    ("age", "points"), [(17.9, 0.0), (18, 1.3), (39.9, 1.3), (40, 2.1), (70, 2.1)]
)
def test_age_exactly_on_18_and_40_takes_the_older_band(age: float, points: float) -> None:
    assert classify_iim(ClassificationFindings(age_at_onset=age)).score == points


def test_exactly_18_at_onset_is_subclassified_as_adult() -> None:
    result = classify_iim(
        ClassificationFindings(age_at_onset=18, heliotrope=True, gottron_sign=True)
    )
    assert result.subgroup == "adm"


def test_biopsy_items_do_not_score_without_a_biopsy_but_age_scores_per_column() -> None:
    without = classify_iim(ClassificationFindings(age_at_onset=45))
    with_biopsy = classify_iim(biopsied(45))
    assert without.score == 2.1
    assert with_biopsy.score == 2.2


def test_items_list_each_scoring_criterion_with_its_points() -> None:
    result = classify_iim(
        ClassificationFindings(age_at_onset=45, heliotrope=True, proximal_upper_weakness=True)
    )
    assert [(item.code, item.points) for item in result.items] == [
        ("age_40_or_over", 2.1),
        ("proximal_upper_weakness", 0.7),
        ("heliotrope", 3.1),
    ]
    assert result.version == "eular-acr-2017.1"


def test_probability_follows_the_published_formula() -> None:
    without = classify_iim(ClassificationFindings(age_at_onset=45, gottron_sign=True))
    assert without.probability == pytest.approx(1 / (1 + math.exp(5.33 - 5.4)))
    with_biopsy = classify_iim(biopsied(45, "enzymes_elevated", rimmed_vacuoles=True))
    assert with_biopsy.probability == pytest.approx(1 / (1 + math.exp(6.49 - 6.7)))


def test_a_biopsy_is_asked_for_without_skin_signs_or_biopsy() -> None:
    result = classify_iim(
        ClassificationFindings(age_at_onset=45, anti_jo1=True, proximal_upper_weakness=True)
    )
    assert len(result.notes) == 1
    assert result.notes[0].endswith("a muscle biopsy is needed before classifying as IIM")


def test_no_biopsy_note_with_skin_signs_or_a_biopsy() -> None:
    assert classify_iim(ClassificationFindings(age_at_onset=45, heliotrope=True)).notes == ()
    assert classify_iim(biopsied(45, "anti_jo1")).notes == ()


def test_negative_age_raises() -> None:
    with pytest.raises(ValueError, match="age_at_onset"):
        ClassificationFindings(age_at_onset=-1)
