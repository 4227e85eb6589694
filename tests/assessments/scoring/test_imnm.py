"""Tests for the IMNM subtype rules (clinical-rules.md §5)."""

from __future__ import annotations

import pytest

from assessments.scoring import classify_imnm

NEGATIVE_BOTH = {"hmgcr": "negative", "srp": "negative"}


def test_raised_ck_weakness_and_anti_hmgcr_is_anti_hmgcr_myopathy_without_biopsy() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies={"hmgcr": "positive"},
        biopsy_necrotising=None,
    )
    assert result.subtype == "anti_hmgcr"
    assert result.missing == ()
    assert result.version == "enmc-2017.1"


def test_raised_ck_weakness_and_anti_srp_is_anti_srp_myopathy_without_biopsy() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies={"srp": "positive", "hmgcr": "negative"},
        biopsy_necrotising=None,
    )
    assert result.subtype == "anti_srp"


def test_necrotising_biopsy_with_both_antibodies_negative_is_antibody_negative_imnm() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies=NEGATIVE_BOTH,
        biopsy_necrotising=True,
    )
    assert result.subtype == "antibody_negative"
    assert "Pompe" in result.notes[0]


def test_necrotising_biopsy_with_untested_antibodies_asks_for_the_tests() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies={"srp": "negative"},
        biopsy_necrotising=True,
    )
    assert result.subtype is None
    assert result.missing == ("anti-HMGCR test",)


def test_borderline_antibody_is_neither_positive_nor_negative() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies={"hmgcr": "borderline", "srp": "negative"},
        biopsy_necrotising=True,
    )
    assert result.subtype is None
    assert result.missing == ("a definite anti-HMGCR result (currently borderline)",)


@pytest.mark.parametrize(
    ("ck_raised", "proximal_weakness", "missing"),
    [
        (False, True, ("raised CK",)),
        (True, False, ("proximal weakness",)),
        (False, False, ("raised CK", "proximal weakness")),
    ],
)
def test_positive_antibody_without_ck_or_weakness_lists_them(
    ck_raised: bool, proximal_weakness: bool, missing: tuple[str, ...]
) -> None:
    result = classify_imnm(
        ck_raised=ck_raised,
        proximal_weakness=proximal_weakness,
        antibodies={"hmgcr": "positive"},
        biopsy_necrotising=None,
    )
    assert result.subtype is None
    assert result.missing == missing


def test_nothing_recorded_lists_every_gap() -> None:
    result = classify_imnm(
        ck_raised=False, proximal_weakness=False, antibodies={}, biopsy_necrotising=None
    )
    assert result.subtype is None
    assert result.missing == (
        "raised CK",
        "proximal weakness",
        "muscle biopsy compatible with IMNM (no biopsy recorded)",
        "anti-HMGCR test",
        "anti-SRP test",
    )


def test_non_necrotising_biopsy_with_negative_antibodies_is_not_imnm() -> None:
    result = classify_imnm(
        ck_raised=True,
        proximal_weakness=True,
        antibodies=NEGATIVE_BOTH,
        biopsy_necrotising=False,
    )
    assert result.subtype is None
    assert len(result.missing) == 1
    assert result.missing[0].startswith("muscle biopsy compatible with IMNM (necrotic")
