"""Score the 2016 ACR/EULAR myositis response criteria (Total Improvement Score).

Source: clinical-rules.md §2; Aggarwal R et al., Ann Rheum Dis 2017;76:792-801 (adult);
Rider LG et al., Ann Rheum Dis 2017;76:782-791 (juvenile); points table Rider LG et al.,
Rheumatology 2017;56:1884, Table 3.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal

from assessments.scoring.codes import ENZYME_LABELS, MEASURE_LABELS, MEASURE_NAMES, Population
from assessments.scoring.measures import (
    CoreSetMeasures,
    check_same_mmt_variant,
    exact,
    measure_value,
    percent_of,
    select_enzyme,
    to_float,
)

TIS_VERSION: Final = "tis-2016.1"

TisCategory = Literal["none", "minimal", "moderate", "major"]

# Upper edges of the bands (closed above): improvement % <= edge stays in the lower band.
_GENERAL_EDGES: Final = (5, 15, 25, 40)
TIS_BAND_EDGES: Final[Mapping[str, tuple[int, ...]]] = MappingProxyType(
    {
        "physician_global": _GENERAL_EDGES,
        "patient_global": _GENERAL_EDGES,
        "mmt8": (2, 10, 20, 30),
        "haq": _GENERAL_EDGES,
        "enzyme": _GENERAL_EDGES,
        "extramuscular_global": _GENERAL_EDGES,
    }
)
TIS_POINTS: Final[Mapping[str, tuple[float, ...]]] = MappingProxyType(
    {
        "physician_global": (0, 7.5, 15, 17.5, 20),
        "patient_global": (0, 2.5, 5, 7.5, 10),
        "mmt8": (0, 10, 20, 27.5, 32.5),
        "haq": (0, 5, 7.5, 7.5, 10),
        "enzyme": (0, 2.5, 5, 7.5, 7.5),
        "extramuscular_global": (0, 7.5, 12.5, 15, 20),
    }
)
# Lowest total of each category, highest category first (a total on a threshold is in it).
TIS_CATEGORY_THRESHOLDS: Final[Mapping[str, tuple[tuple[TisCategory, float], ...]]] = (
    MappingProxyType(
        {
            "adult": (("major", 60), ("moderate", 40), ("minimal", 20)),
            "juvenile": (("major", 70), ("moderate", 45), ("minimal", 30)),
        }
    )
)
_FIXED_RANGES: Final[Mapping[str, int]] = MappingProxyType(
    {"physician_global": 10, "patient_global": 10, "extramuscular_global": 10, "haq": 3}
)


@dataclass(frozen=True)
class MeasureChange:
    """One core set measure's change between two visits and the points it scored.

    ``percent_change`` is the improvement in percent (negative when worse); None when the
    measure is missing at either visit or cannot be computed (enzyme baseline of 0).
    """

    name: str
    baseline: float | None
    followup: float | None
    percent_change: float | None
    points: float

    @property
    def available(self) -> bool:
        """Return True when the measure was recorded at both visits."""
        return self.baseline is not None and self.followup is not None


@dataclass(frozen=True)
class TisResult:
    """A Total Improvement Score with its per-measure points and what was missing."""

    total: float
    category: TisCategory
    population: Population
    measures: tuple[MeasureChange, ...]
    enzyme: str | None
    missing: tuple[str, ...]
    complete: bool
    version: str = TIS_VERSION

    def reasoning(self) -> tuple[str, ...]:
        """Return readable lines explaining how the total was reached."""
        lines = [_describe(change, self.enzyme) for change in self.measures]
        thresholds = ", ".join(
            f"{name} >= {value:g}"
            for name, value in reversed(TIS_CATEGORY_THRESHOLDS[self.population])
        )
        lines.append(
            f"TIS {self.total:g}/100: {self.category} improvement "
            f"({self.population} thresholds: {thresholds}); rules {self.version}"
        )
        if not self.complete:
            names = ", ".join(MEASURE_LABELS[name] for name in self.missing)
            lines.append(f"Incomplete: missing {names}; the total counts only the measures present")
        return tuple(lines)


def _describe(change: MeasureChange, enzyme: str | None) -> str:
    label = MEASURE_LABELS[change.name]
    if change.name == "enzyme" and enzyme is not None:
        label = f"{label} ({ENZYME_LABELS[enzyme]}, most abnormal at baseline)"
    if change.baseline is None or change.followup is None:
        return f"{label}: missing"
    values = f"{change.baseline:g} -> {change.followup:g}"
    if change.percent_change is None:
        return f"{label}: {values}, baseline 0 cannot improve: {change.points:g} points"
    basis = "of baseline" if change.name == "enzyme" else "of scale range"
    verb = "improved" if change.percent_change >= 0 else "worsened"
    amount = f"{abs(change.percent_change):.1f}".rstrip("0").rstrip(".")
    return f"{label}: {values}, {verb} {amount}% {basis}: {change.points:g} points"


def improvement_percent(
    name: str, baseline: float, followup: float, mmt8_max: int | None = None
) -> Fraction | None:
    """Return the exact absolute percent improvement of one measure (negative if worse).

    Source: clinical-rules.md §2 (project reading). Fixed-range scales use change in the
    better direction / scale range x 100 (MMT-8 range ``mmt8_max``, 80 or 150); the enzyme
    uses (baseline - follow-up) / baseline x 100 and returns None for a baseline of 0.
    """
    first, second = exact(baseline), exact(followup)
    if name == "enzyme":
        if first == 0:
            return None
        return percent_of(first - second, first)
    if name == "mmt8":
        if mmt8_max is None:
            raise ValueError("mmt8_max is required to score the MMT-8")
        return percent_of(second - first, mmt8_max)
    return percent_of(first - second, _FIXED_RANGES[name])


def tis_points(name: str, percent: Fraction | float) -> float:
    """Return the Table 3 points for an improvement of ``percent`` in measure ``name``.

    Source: clinical-rules.md §2; Rider LG et al., Rheumatology 2017;56:1884 Table 3.
    Bands are closed above: exactly 5% scores 0, exactly 15% PGA scores 7.5, exactly
    30% MMT scores 27.5, exactly 40% extramuscular scores 15. Worsening scores 0.
    """
    band = bisect_left(TIS_BAND_EDGES[name], percent)  # how many (ascending) edges it exceeds
    return TIS_POINTS[name][band]


def tis_category(total: float, population: Population = "adult") -> TisCategory:
    """Return the improvement category of a TIS total.

    Source: clinical-rules.md §2. Adult minimal >= 20, moderate >= 40, major >= 60;
    juvenile minimal >= 30, moderate >= 45, major >= 70. A total exactly on a threshold
    is in the higher category (e.g. adult 40 is moderate).
    """
    if population not in TIS_CATEGORY_THRESHOLDS:
        raise ValueError(f"population must be 'adult' or 'juvenile', got {population!r}")
    for category, threshold in TIS_CATEGORY_THRESHOLDS[population]:
        if total >= threshold:
            return category
    return "none"


def total_improvement_score(
    baseline: CoreSetMeasures, followup: CoreSetMeasures, population: Population = "adult"
) -> TisResult:
    """Compute the 2016 ACR/EULAR Total Improvement Score between two visits.

    Source: clinical-rules.md §2; Aggarwal R et al., Ann Rheum Dis 2017;76:792; Rider LG
    et al., Rheumatology 2017;56:1884 Table 3. Each band is closed above (an improvement
    exactly on an edge scores the lower band: 5.0% -> 0, 15.0% PGA -> 7.5, 30.0% MMT ->
    27.5, 40.0% extramuscular -> 15); a total exactly on a category threshold takes that
    category. Worsening scores 0, never negative. A measure missing at either visit
    scores nothing, is listed in ``missing`` and marks the result incomplete (never
    imputed); the category of an incomplete result is therefore a lower bound. Raises
    ValueError when the visits' MMT-8 variants differ.
    """
    check_same_mmt_variant(baseline, followup)
    enzyme = select_enzyme(baseline, followup)
    changes: list[MeasureChange] = []
    missing: list[str] = []
    for name in MEASURE_NAMES:
        first = measure_value(baseline, name, enzyme)
        second = measure_value(followup, name, enzyme)
        if first is None or second is None:
            missing.append(name)
            changes.append(MeasureChange(name, first, second, None, 0.0))
            continue
        percent = improvement_percent(name, first, second, baseline.mmt8_max)
        points = 0.0 if percent is None else float(tis_points(name, percent))
        shown = None if percent is None else to_float(percent)
        changes.append(MeasureChange(name, first, second, shown, points))
    total = float(sum(change.points for change in changes))
    return TisResult(
        total=total,
        category=tis_category(total, population),
        population=population,
        measures=tuple(changes),
        enzyme=enzyme,
        missing=tuple(missing),
        complete=not missing,
    )
