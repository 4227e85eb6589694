"""Raise the diagnostic prompts the seed case shows the registry must catch.

Source: clinical-rules.md §10 (with §5, §6, §7 and §9).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from assessments.scoring.codes import ANTIBODY_LABELS, IMNM_SUBTYPES
from assessments.scoring.facts import PatientFacts

PROMPTS_VERSION: Final = "prompts-2024.1"

PromptCode = Literal[
    "test_hmgcr_srp",
    "full_msa_panel",
    "statin_with_hmgcr",
    "exclude_malignancy",
    "repeat_biopsy",
    "consider_ivig",
]
PROMPT_CODES: Final[tuple[PromptCode, ...]] = (
    "test_hmgcr_srp",
    "full_msa_panel",
    "statin_with_hmgcr",
    "exclude_malignancy",
    "repeat_biopsy",
    "consider_ivig",
)
_IMNM_LIKE_BIOPSY: Final = frozenset({"necrotising", "non_inflammatory"})
_UNHELPFUL_BIOPSY: Final = frozenset({"non_inflammatory", "non_diagnostic"})
_BIOPSY_WORDS: Final = {
    "necrotising": "necrotising",
    "non_inflammatory": "non-inflammatory",
    "inflammatory": "inflammatory",
    "non_diagnostic": "non-diagnostic",
}


@dataclass(frozen=True)
class Prompt:
    """One suggestion for the clinician, with the facts that raised it and its source."""

    code: PromptCode
    message: str
    facts: tuple[str, ...]
    source: str
    version: str = PROMPTS_VERSION


def _labels(codes: tuple[str, ...]) -> str:
    return ", ".join(ANTIBODY_LABELS[code] for code in codes)


def _antibody_negative(facts: PatientFacts) -> str:
    if facts.msa_negative:
        return "every myositis-specific antibody tested is negative"
    return "no myositis-specific antibody positive"


def _test_hmgcr_srp(facts: PatientFacts) -> Prompt | None:
    untested = tuple(code for code in ("hmgcr", "srp") if not facts.tested(code))
    if facts.msa_positive:
        return None
    if facts.ck_raised is not True:
        return None
    if facts.latest_biopsy not in _IMNM_LIKE_BIOPSY:
        return None
    if not untested:
        return None
    return Prompt(
        "test_hmgcr_srp",
        f"Test {' and '.join(ANTIBODY_LABELS[code] for code in untested)}: antibody-negative myositis with raised CK and a "
        "necrotising or non-inflammatory biopsy may be immune-mediated necrotising myopathy",
        (
            _antibody_negative(facts),
            "CK raised",
            f"latest biopsy {_BIOPSY_WORDS[str(facts.latest_biopsy)]}",
            *(f"{ANTIBODY_LABELS[code]} not tested" for code in untested),
        ),
        "clinical-rules.md §5, §10",
    )


def _full_msa_panel(facts: PatientFacts) -> Prompt | None:
    untested = facts.msa_untested
    if facts.msa_positive:
        return None
    if not untested:
        return None
    return Prompt(
        "full_msa_panel",
        f"Complete the myositis-specific antibody panel; never tested: {_labels(untested)}",
        ("no myositis-specific antibody positive", f"{len(untested)} MSA never tested"),
        "clinical-rules.md §6",
    )


def _statin_with_hmgcr(facts: PatientFacts) -> Prompt | None:
    if not facts.positive("hmgcr"):
        return None
    if not facts.statin_ongoing:
        return None
    return Prompt(
        "statin_with_hmgcr",
        "Review the statin: it is still being taken by an anti-HMGCR-positive patient",
        ("anti-HMGCR positive", "statin ongoing"),
        "clinical-rules.md §5",
    )


def _exclude_malignancy(facts: PatientFacts) -> Prompt | None:
    if not facts.msa_negative:
        return None
    if facts.juvenile is True:
        return None
    if facts.malignancy_excluded:
        return None
    return Prompt(
        "exclude_malignancy",
        "Exclude malignancy: seronegative myositis needs tumour disease excluded",
        (_antibody_negative(facts), "no cancer screen recorded"),
        "clinical-rules.md §9, §10",
    )


def _repeat_biopsy(facts: PatientFacts) -> Prompt | None:
    unhelpful = facts.latest_biopsy in _UNHELPFUL_BIOPSY
    if not facts.refractory:
        return None
    if facts.msa_positive and not unhelpful:
        return None
    reasons = ["refractory to adequate therapy"]
    if not facts.msa_positive:
        reasons.append("no myositis-specific antibody positive")
    if facts.latest_biopsy is not None and unhelpful:
        reasons.append(f"latest biopsy {_BIOPSY_WORDS[facts.latest_biopsy]}")
    if facts.biopsy_count == 0:
        message = "Consider a muscle biopsy: refractory myositis without a biopsy on record"
        reasons.append("no biopsy recorded")
    else:
        message = "Consider a repeat muscle biopsy to review the diagnosis of refractory myositis"
    return Prompt("repeat_biopsy", message, tuple(reasons), "clinical-rules.md §10")


def _consider_ivig(facts: PatientFacts) -> Prompt | None:
    imnm_subtype = facts.subtype in IMNM_SUBTYPES
    imnm_antibody = tuple(code for code in ("hmgcr", "srp") if facts.positive(code))
    if not facts.refractory:
        return None
    if not (imnm_subtype or imnm_antibody):
        return None
    if facts.ivig_tried:
        return None
    reasons = ["refractory to adequate therapy"]
    if imnm_subtype:
        reasons.append(f"subtype {facts.subtype}")
    reasons.extend(f"{ANTIBODY_LABELS[code]} positive" for code in imnm_antibody)
    return Prompt(
        "consider_ivig",
        "Consider IVIG: immune-mediated necrotising myopathy not responding to "
        "conventional immunosuppression",
        tuple(reasons),
        "clinical-rules.md §7, §10",
    )


_RULES: Final = (
    _test_hmgcr_srp,
    _full_msa_panel,
    _statin_with_hmgcr,
    _exclude_malignancy,
    _repeat_biopsy,
    _consider_ivig,
)


def diagnostic_prompts(facts: PatientFacts) -> tuple[Prompt, ...]:
    """Return the diagnostic prompts the patient's facts raise, in ``PROMPT_CODES`` order.

    Source: clinical-rules.md §10 (seed case), §5, §6, §7, §9. "Antibody-negative" means
    no MSA positive (borderline is not positive); "seronegative" means at least one MSA
    tested and every tested MSA negative. Prompts: "test_hmgcr_srp" (antibody-negative,
    CK raised, latest biopsy necrotising or non-inflammatory, anti-HMGCR or anti-SRP
    untested); "full_msa_panel" (no MSA positive and some MSA never tested);
    "statin_with_hmgcr" (anti-HMGCR positive, statin ongoing); "exclude_malignancy"
    (seronegative, not juvenile-onset, no cancer screen recorded); "repeat_biopsy"
    (refractory and antibody-negative or latest biopsy non-inflammatory/non-diagnostic);
    "consider_ivig" (refractory, IMNM subtype or anti-HMGCR/SRP positive, IVIG not yet
    tried). There are no numeric thresholds here: each condition is present or absent.
    """
    found = (rule(facts) for rule in _RULES)
    return tuple(prompt for prompt in found if prompt is not None)
