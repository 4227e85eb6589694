"""Apply the IMACS 2004 preliminary definition of improvement (DOI).

Source: clinical-rules.md §3; Rider LG et al., Arthritis Rheum 2004;50:2281-90.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from assessments.scoring.codes import ENZYME_LABELS, MEASURE_LABELS, MEASURE_NAMES
from assessments.scoring.measures import (
    CoreSetMeasures,
    check_same_mmt_variant,
    exact,
    measure_value,
    percent_of,
    select_enzyme,
    to_float,
)

DOI_VERSION: Final = "imacs-doi-2004.1"
DOI_IMPROVED_PERCENT: Final = 20
DOI_WORSENED_PERCENT: Final = 25
DOI_MIN_IMPROVED: Final = 3
DOI_MAX_WORSENED: Final = 2


@dataclass(frozen=True)
class RelativeChange:
    """One measure's change relative to its baseline value.

    ``relative_change`` is the improvement in percent of the baseline value (negative
    when worse); None when the measure is missing or its baseline is 0.
    """

    name: str
    baseline: float | None
    followup: float | None
    relative_change: float | None
    improved: bool
    worsened: bool


@dataclass(frozen=True)
class DoiResult:
    """Whether the IMACS definition of improvement is met, with the measures behind it."""

    met: bool
    improved: tuple[str, ...]
    worsened: tuple[str, ...]
    missing: tuple[str, ...]
    changes: tuple[RelativeChange, ...]
    enzyme: str | None
    complete: bool
    version: str = DOI_VERSION

    def reasoning(self) -> tuple[str, ...]:
        """Return readable lines explaining the decision."""

        def names(codes: tuple[str, ...]) -> str:
            return ", ".join(MEASURE_LABELS[code] for code in codes) or "none"

        verdict = "met" if self.met else "not met"
        summary = (
            f"IMACS DOI {verdict}: {len(self.improved)} improved by >= 20% "
            f"({names(self.improved)}); {len(self.worsened)} worsened by >= 25% "
            f"({names(self.worsened)}); rules {self.version}"
        )
        lines = [summary]
        if "mmt8" in self.worsened:
            lines.append("MMT-8 worsened, so improvement cannot be met")
        if self.enzyme is not None:
            lines.append(f"Enzyme used: {ENZYME_LABELS[self.enzyme]} (most abnormal at baseline)")
        if not self.complete:
            lines.append(f"Incomplete: missing {names(self.missing)}")
        return tuple(lines)


def relative_improvement(name: str, baseline: float, followup: float) -> Fraction | None:
    """Return the improvement of one measure in percent of its baseline value.

    Source: clinical-rules.md §3 (project reading: relative to the baseline value; MMT-8
    relative to the baseline total, higher is better; every other measure lower is
    better). Returns None for a baseline of 0, which has no relative change.
    """
    first, second = exact(baseline), exact(followup)
    if first == 0:
        return None
    if name == "mmt8":
        return percent_of(second - first, first)
    return percent_of(first - second, first)


def _judge(name: str, baseline: float, followup: float) -> tuple[Fraction | None, bool, bool]:
    percent = relative_improvement(name, baseline, followup)
    if percent is None:
        # Baseline 0: a lower-is-better measure at 0 cannot improve and any rise is a
        # worsening; an MMT-8 total of 0 improves with any rise and cannot worsen.
        rose = exact(followup) > 0
        if name == "mmt8":
            return None, rose, False
        return None, False, rose
    return percent, percent >= DOI_IMPROVED_PERCENT, percent <= -DOI_WORSENED_PERCENT


def imacs_improvement(baseline: CoreSetMeasures, followup: CoreSetMeasures) -> DoiResult:
    """Decide whether the IMACS 2004 preliminary definition of improvement is met.

    Source: clinical-rules.md §3; Rider LG et al., Arthritis Rheum 2004;50:2281-90.
    Met = at least 3 of the 6 core set measures improved by >= 20% relative to baseline,
    no more than 2 worsened by >= 25%, and MMT-8 not among the worsened. Exactly 20%
    counts as improved and exactly 25% worse counts as worsened. The enzyme is the one
    most abnormal at baseline (as for the TIS). A measure at 0 at baseline cannot improve
    (for MMT-8: cannot worsen) and any rise from 0 counts as worsened by >= 25% (for
    MMT-8: as improved by >= 20%). Missing measures are listed, mark the result
    incomplete, and count as neither improved nor worsened. Raises ValueError when the
    visits' MMT-8 variants differ.
    """
    check_same_mmt_variant(baseline, followup)
    enzyme = select_enzyme(baseline, followup)
    changes: list[RelativeChange] = []
    missing: list[str] = []
    for name in MEASURE_NAMES:
        first = measure_value(baseline, name, enzyme)
        second = measure_value(followup, name, enzyme)
        if first is None or second is None:
            missing.append(name)
            changes.append(RelativeChange(name, first, second, None, False, False))
            continue
        percent, improved, worsened = _judge(name, first, second)
        shown = None if percent is None else to_float(percent)
        changes.append(RelativeChange(name, first, second, shown, improved, worsened))
    improved_names = tuple(change.name for change in changes if change.improved)
    worsened_names = tuple(change.name for change in changes if change.worsened)
    met = (
        len(improved_names) >= DOI_MIN_IMPROVED
        and len(worsened_names) <= DOI_MAX_WORSENED
        and "mmt8" not in worsened_names
    )
    return DoiResult(
        met=met,
        improved=improved_names,
        worsened=worsened_names,
        missing=tuple(missing),
        changes=tuple(changes),
        enzyme=enzyme,
        complete=not missing,
    )
