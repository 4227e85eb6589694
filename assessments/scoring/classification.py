"""Classify idiopathic inflammatory myopathy by the 2017 EULAR/ACR criteria.

Source: clinical-rules.md §4; Lundberg IE et al., Ann Rheum Dis 2017;76:1955-64.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

CLASSIFICATION_VERSION: Final = "eular-acr-2017.1"

IimCategory = Literal["not_iim", "possible", "probable", "definite"]
IimSubgroup = Literal["jdm", "juvenile_other", "dm", "adm", "ibm", "pm"]

# item -> (label, points without biopsy, points with biopsy), points in tenths so sums
# are exact. Biopsy items score only when a biopsy was done (None without biopsy).
CLASSIFICATION_ITEMS: Final[Mapping[str, tuple[str, int | None, int]]] = MappingProxyType(
    {
        "age_18_to_39": ("Age at onset >= 18 and < 40 years", 13, 15),
        "age_40_or_over": ("Age at onset >= 40 years", 21, 22),
        "proximal_upper_weakness": ("Symmetric proximal upper-limb weakness", 7, 7),
        "proximal_lower_weakness": ("Symmetric proximal lower-limb weakness", 8, 5),
        "neck_flexor_weaker": ("Neck flexors weaker than neck extensors", 19, 16),
        "legs_proximal_weaker_than_distal": ("Legs: proximal weaker than distal", 9, 12),
        "heliotrope": ("Heliotrope rash", 31, 32),
        "gottron_papules": ("Gottron's papules", 21, 27),
        "gottron_sign": ("Gottron's sign", 33, 37),
        "dysphagia": ("Dysphagia or oesophageal dysmotility", 7, 6),
        "anti_jo1": ("Anti-Jo-1 antibody positive", 39, 38),
        "enzymes_elevated": ("CK, LDH, AST or ALT above ULN at any time", 13, 14),
        "endomysial_infiltrate": ("Biopsy: endomysial infiltrate around myofibres", None, 17),
        "perimysial_perivascular_infiltrate": (
            "Biopsy: perimysial and/or perivascular infiltrate",
            None,
            12,
        ),
        "perifascicular_atrophy": ("Biopsy: perifascicular atrophy", None, 19),
        "rimmed_vacuoles": ("Biopsy: rimmed vacuoles", None, 31),
    }
)
# Lowest score (tenths) of each category, highest first; a score on a cut-off is in it.
CLASSIFICATION_CUTOFFS: Final[Mapping[bool, tuple[tuple[IimCategory, int], ...]]] = (
    MappingProxyType(
        {
            False: (("definite", 75), ("probable", 55), ("possible", 53)),
            True: (("definite", 87), ("probable", 67), ("possible", 65)),
        }
    )
)
_LOGIT_CENTRE: Final[Mapping[bool, float]] = MappingProxyType({False: 5.33, True: 6.49})
_CLINICAL_ITEMS: Final = (
    "proximal_upper_weakness",
    "proximal_lower_weakness",
    "neck_flexor_weaker",
    "legs_proximal_weaker_than_distal",
    "heliotrope",
    "gottron_papules",
    "gottron_sign",
    "dysphagia",
    "anti_jo1",
    "enzymes_elevated",
)
_BIOPSY_ITEMS: Final = (
    "endomysial_infiltrate",
    "perimysial_perivascular_infiltrate",
    "perifascicular_atrophy",
    "rimmed_vacuoles",
)
BIOPSY_NEEDED_NOTE: Final = (
    "No heliotrope rash, Gottron's papules or Gottron's sign: a muscle biopsy is needed "
    "before classifying as IIM"
)


@dataclass(frozen=True)
class BiopsyItems:
    """The four muscle-biopsy items of the 2017 criteria (a biopsy was done)."""

    endomysial_infiltrate: bool = False
    perimysial_perivascular_infiltrate: bool = False
    perifascicular_atrophy: bool = False
    rimmed_vacuoles: bool = False


@dataclass(frozen=True)
class ClassificationFindings:
    """The findings scored by the 2017 EULAR/ACR criteria; ``biopsy`` None = no biopsy.

    ``finger_flexor_weakness_unresponsive`` is not scored; it only steers the subgroup
    towards inclusion body myositis.
    """

    age_at_onset: float
    proximal_upper_weakness: bool = False
    proximal_lower_weakness: bool = False
    neck_flexor_weaker: bool = False
    legs_proximal_weaker_than_distal: bool = False
    heliotrope: bool = False
    gottron_papules: bool = False
    gottron_sign: bool = False
    dysphagia: bool = False
    anti_jo1: bool = False
    enzymes_elevated: bool = False
    finger_flexor_weakness_unresponsive: bool = False
    biopsy: BiopsyItems | None = None

    def __post_init__(self) -> None:
        """Reject an impossible age at onset."""
        if not 0 <= self.age_at_onset < 130:
            raise ValueError(f"age_at_onset must be 0-130 years, got {self.age_at_onset!r}")

    @property
    def skin_signs(self) -> bool:
        """Return True when heliotrope, Gottron's papules or Gottron's sign is present."""
        return self.heliotrope or self.gottron_papules or self.gottron_sign


@dataclass(frozen=True)
class ScoredItem:
    """One criterion that scored, with its points."""

    code: str
    label: str
    points: float


@dataclass(frozen=True)
class ClassificationResult:
    """A 2017 EULAR/ACR classification: score, probability, category and subgroup."""

    score: float
    probability: float
    category: IimCategory
    with_biopsy: bool
    subgroup: IimSubgroup | None
    items: tuple[ScoredItem, ...]
    notes: tuple[str, ...]
    version: str = CLASSIFICATION_VERSION


def _present_items(findings: ClassificationFindings) -> list[str]:
    present: list[str] = []
    if 18 <= findings.age_at_onset < 40:
        present.append("age_18_to_39")
    elif findings.age_at_onset >= 40:
        present.append("age_40_or_over")
    present.extend(item for item in _CLINICAL_ITEMS if getattr(findings, item))
    if findings.biopsy is not None:
        present.extend(item for item in _BIOPSY_ITEMS if getattr(findings.biopsy, item))
    return present


def iim_category(score_tenths: int, *, with_biopsy: bool) -> IimCategory:
    """Return the category of a score given in tenths of a point.

    Source: clinical-rules.md §4 (Lundberg 2017 cut-offs). Without biopsy: < 5.3 not IIM,
    5.3-5.4 possible, >= 5.5 probable, >= 7.5 definite; with biopsy: < 6.5, 6.5-6.6,
    >= 6.7, >= 8.7. A score exactly on a cut-off takes the higher category.
    """
    for category, cutoff in CLASSIFICATION_CUTOFFS[with_biopsy]:
        if score_tenths >= cutoff:
            return category
    return "not_iim"


def _subgroup(findings: ClassificationFindings) -> IimSubgroup:
    if findings.age_at_onset < 18:
        return "jdm" if findings.skin_signs else "juvenile_other"
    if findings.skin_signs:
        weak = findings.proximal_upper_weakness or findings.proximal_lower_weakness
        return "dm" if weak else "adm"
    vacuoles = findings.biopsy is not None and findings.biopsy.rimmed_vacuoles
    if findings.finger_flexor_weakness_unresponsive or vacuoles:
        return "ibm"
    return "pm"


def classify_iim(findings: ClassificationFindings) -> ClassificationResult:
    """Score the 2017 EULAR/ACR criteria and name the category and subgroup.

    Source: clinical-rules.md §4; Lundberg IE et al., Ann Rheum Dis 2017;76:1955-64.
    Points are summed in tenths (exact). Age exactly 18 scores the 18-40 item and exactly
    40 the >= 40 item. A score exactly on a cut-off takes the higher category (without
    biopsy 5.3 possible, 5.5 probable, 7.5 definite; with biopsy 6.5, 6.7, 8.7). The
    subgroup is given at probable or definite only: onset < 18 -> "jdm" with skin signs
    else "juvenile_other" (exactly 18 is adult); adult with skin signs -> "dm" with
    proximal upper or lower weakness else "adm"; adult without skin signs -> "ibm" with
    unresponsive finger-flexor weakness or rimmed vacuoles, else "pm" (IMNM falls here).
    Use only when no better explanation of the symptoms exists.
    """
    with_biopsy = findings.biopsy is not None
    items: list[ScoredItem] = []
    tenths = 0
    for code in _present_items(findings):
        label, without, with_ = CLASSIFICATION_ITEMS[code]
        points = with_ if with_biopsy else without
        if points is None:
            continue
        tenths += points
        items.append(ScoredItem(code, label, points / 10))
    score = tenths / 10
    category = iim_category(tenths, with_biopsy=with_biopsy)
    subgroup = _subgroup(findings) if category in ("probable", "definite") else None
    notes = () if findings.skin_signs or with_biopsy else (BIOPSY_NEEDED_NOTE,)
    return ClassificationResult(
        score=score,
        probability=1 / (1 + math.exp(_LOGIT_CENTRE[with_biopsy] - score)),
        category=category,
        with_biopsy=with_biopsy,
        subgroup=subgroup,
        items=tuple(items),
        notes=notes,
    )
