"""Plan cancer screening after myositis onset (IMACS 2023 guideline).

Source: clinical-rules.md §9; Oldroyd AGS et al., Nat Rev Rheumatol 2023;19:805-17.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from assessments.scoring.codes import ANTIBODY_LABELS
from assessments.scoring.facts import PatientFacts

CANCER_SCREENING_VERSION: Final = "imacs-cancer-2023.1"
SCREENING_YEARS: Final = 3

RiskClass = Literal["standard", "moderate", "high"]
Panel = Literal["basic", "enhanced"]

# (risk class, years after onset) -> panels due. Year 0 is at diagnosis.
SCREENING_SCHEDULE: Final[Mapping[tuple[str, int], tuple[Panel, ...]]] = MappingProxyType(
    {
        ("standard", 0): ("basic",),
        ("moderate", 0): ("basic", "enhanced"),
        ("moderate", 1): ("basic",),
        ("moderate", 2): ("basic",),
        ("moderate", 3): ("basic",),
        ("high", 0): ("basic", "enhanced"),
        ("high", 1): ("enhanced",),
        ("high", 2): ("enhanced",),
        ("high", 3): ("enhanced",),
    }
)
PANEL_CONTENTS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "basic": (
            "history and examination, full blood count, liver tests, ESR/CRP, serum protein "
            "electrophoresis, urinalysis, chest radiograph"
        ),
        "enhanced": (
            "CT of neck, thorax, abdomen and pelvis, age- and sex-appropriate cancer "
            "screening, tumour markers"
        ),
    }
)
HIGH_RISK_ANTIBODIES: Final = ("tif1g", "nxp2")
MODERATE_RISK_ANTIBODIES: Final = ("sae", "hmgcr", "mi2", "mda5")
DM_SUBTYPES: Final = frozenset({"dm", "adm"})
HIGH_RISK_NOTE: Final = "High risk: consider PET-CT and endoscopy"
# Worked out once: every patient of a sweep gets a plan.
_DESCRIPTIONS: Final = {
    panels: "; ".join(PANEL_CONTENTS[panel] for panel in panels)
    for panels in SCREENING_SCHEDULE.values()
}
_POSITIVE: Final = {code: f"{label} positive" for code, label in ANTIBODY_LABELS.items()}


@dataclass(frozen=True)
class ScreeningEntry:
    """One scheduled screen: the year after onset, due date, panels and their contents."""

    year: int
    due: dt.date | None
    panels: tuple[Panel, ...]
    description: str


@dataclass(frozen=True)
class ScreeningPlan:
    """The cancer screening plan: risk class, the features behind it, and the schedule.

    ``features`` lists every feature found (high-risk features first, then moderate-risk
    antibodies); ``high_risk_features`` only the high-risk ones.
    """

    applicable: bool
    risk: RiskClass | None
    features: tuple[str, ...]
    high_risk_features: tuple[str, ...]
    entries: tuple[ScreeningEntry, ...]
    seronegative_exclusion: bool
    window_end: dt.date | None
    in_window: bool | None
    reason: str
    notes: tuple[str, ...]
    version: str = CANCER_SCREENING_VERSION


def add_years(day: dt.date, years: int) -> dt.date:
    """Return the anniversary ``years`` later (29 February becomes 28 February).

    Source: clinical-rules.md §9 (yearly screens fall on the onset anniversaries).
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def high_risk_features(facts: PatientFacts) -> tuple[str, ...]:
    """Return the IMACS 2023 high-risk features present, as readable labels.

    Source: clinical-rules.md §9; Oldroyd AGS et al., Nat Rev Rheumatol 2023;19:805.
    Age exactly 40 at onset counts; only a "positive" antibody counts (not borderline);
    the DM subtype includes amyopathic DM ("dm" and "adm").
    """
    checks = (
        (facts.subtype in DM_SUBTYPES, "dermatomyositis subtype"),
        (facts.positive("tif1g"), _POSITIVE["tif1g"]),
        (facts.positive("nxp2"), _POSITIVE["nxp2"]),
        (facts.age_at_onset is not None and facts.age_at_onset >= 40, "age 40 or over at onset"),
        (facts.dysphagia, "dysphagia"),
        (facts.cutaneous_necrosis, "cutaneous necrosis"),
        (
            facts.persistent_high_activity,
            "persistent high disease activity despite immunosuppression",
        ),
    )
    return tuple(label for present, label in checks if present)


def risk_class(high_count: int, moderate_antibodies: int) -> RiskClass:
    """Return the risk class: 2+ high-risk features high, exactly 1 moderate, else standard.

    Source: clinical-rules.md §9 (project reading): a moderate-risk antibody raises
    standard to moderate, never moderate to high.
    """
    if high_count >= 2:
        return "high"
    if high_count == 1 or moderate_antibodies > 0:
        return "moderate"
    return "standard"


def _entries(
    risk: RiskClass, anchor: dt.date | None, first_due: dt.date | None
) -> tuple[ScreeningEntry, ...]:
    entries: list[ScreeningEntry] = []
    for year in range(SCREENING_YEARS + 1):
        panels = SCREENING_SCHEDULE.get((risk, year))
        if panels is None:
            continue
        due = first_due if year == 0 else None if anchor is None else add_years(anchor, year)
        if year > 0 and due is not None and first_due is not None and due <= first_due:
            continue  # the anniversary passed before diagnosis: the year-0 screen covers it
        entries.append(ScreeningEntry(year, due, panels, _DESCRIPTIONS[panels]))
    return tuple(entries)


def cancer_screening_plan(facts: PatientFacts, *, today: dt.date | None = None) -> ScreeningPlan:
    """Classify cancer risk and lay out the screening schedule for the 3 years after onset.

    Source: clinical-rules.md §9; Oldroyd AGS et al., Nat Rev Rheumatol 2023;19:805.
    Adults only: onset before 18 is not applicable (exactly 18 is adult); an unknown age
    is treated as adult with a note. High risk = 2 or more high-risk features, moderate =
    exactly 1 or any moderate-risk antibody (anti-SAE, HMGCR, Mi-2, MDA5), standard =
    none; age exactly 40 at onset is a high-risk feature. Year 0 is due at the diagnosis
    date (onset date if diagnosis unknown); years 1-3 on the onset anniversaries, the
    third anniversary included; anniversaries on or before diagnosis are dropped. With
    no onset date the diagnosis date anchors the schedule. ``seronegative_exclusion``
    is True when every MSA tested is negative (§10). ``in_window`` says whether
    ``today`` is within the 3 years (both ends included); None without ``today``.
    """
    if facts.juvenile:
        return ScreeningPlan(
            applicable=False,
            risk=None,
            features=(),
            high_risk_features=(),
            entries=(),
            seronegative_exclusion=False,
            window_end=None,
            in_window=None,
            reason="Not applicable: the IMACS cancer screening guideline covers adult-onset "
            "myositis (onset at 18 or later)",
            notes=(),
        )
    high = high_risk_features(facts)
    moderate = tuple(
        f"{_POSITIVE[code]} (moderate-risk antibody)"
        for code in MODERATE_RISK_ANTIBODIES
        if facts.positive(code)
    )
    risk = risk_class(len(high), len(moderate))
    anchor = facts.onset_date or facts.diagnosis_date
    first_due = facts.diagnosis_date or facts.onset_date
    window_end = None if anchor is None else add_years(anchor, SCREENING_YEARS)
    in_window = None
    if today is not None and anchor is not None and window_end is not None:
        in_window = anchor <= today <= window_end
    notes: list[str] = []
    if risk == "high":
        notes.append(HIGH_RISK_NOTE)
    if facts.age_at_onset is None:
        notes.append("Age at onset not recorded: adult onset assumed, age feature not assessed")
    if facts.onset_date is None:
        notes.append("Onset date not recorded: the diagnosis date anchors the schedule")
    seronegative = facts.msa_negative
    if seronegative:
        notes.append("Myositis-specific antibodies negative: tumour disease must be excluded")
    found = ", ".join(high + moderate) or "no risk features"
    return ScreeningPlan(
        applicable=True,
        risk=risk,
        features=high + moderate,
        high_risk_features=high,
        entries=_entries(risk, anchor, first_due),
        seronegative_exclusion=seronegative,
        window_end=window_end,
        in_window=in_window,
        reason=f"{risk.capitalize()} cancer risk: {found}",
        notes=tuple(notes),
    )
