"""Evaluate whether myositis is refractory to adequate therapy.

Source: clinical-rules.md §8; Oddis CV et al. (RIM trial), Arthritis Rheum 2013;65:314.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Final, Literal, Protocol

from assessments.scoring.codes import (
    ADEQUATE_THERAPY_PARTNER_CLASSES,
    GLUCOCORTICOID,
    MEASURE_LABELS,
    MEASURE_NAMES,
    Population,
)
from assessments.scoring.doi import DoiResult, imacs_improvement
from assessments.scoring.measures import CoreSetMeasures
from assessments.scoring.tis import TIS_CATEGORY_THRESHOLDS, TisResult, total_improvement_score

REFRACTORY_VERSION: Final = "refractory-2024.1"
WINDOW_MONTHS_RANGE: Final = (3, 6)

RefractoryStatus = Literal["insufficient_data", "not_yet_evaluable", "responding", "refractory"]


class VisitLike(Protocol):
    """A visit: its date and the core set measures recorded at it."""

    @property
    def date(self) -> dt.date: ...

    @property
    def measures(self) -> CoreSetMeasures: ...


class CourseLike(Protocol):
    """A therapy course: drug name and class codes, dates, and stop reason code."""

    @property
    def drug_name(self) -> str: ...

    @property
    def drug_class(self) -> str: ...

    @property
    def start(self) -> dt.date: ...

    @property
    def stop(self) -> dt.date | None: ...

    @property
    def stop_reason(self) -> str | None: ...


@dataclass(frozen=True)
class Visit:
    """A plain visit satisfying ``VisitLike``."""

    date: dt.date
    measures: CoreSetMeasures


@dataclass(frozen=True)
class TherapyCourse:
    """A plain therapy course satisfying ``CourseLike`` (``stop`` None while ongoing)."""

    drug_name: str
    drug_class: str
    start: dt.date
    stop: dt.date | None = None
    stop_reason: str | None = None


@dataclass(frozen=True)
class RefractoryResult:
    """One refractory evaluation: status, one-line reason, and the inputs it used.

    ``baseline_date`` and ``followup_date`` are derived from the visits.
    """

    status: RefractoryStatus
    reason: str
    parameters: Mapping[str, int | str | float]
    adequate_since: dt.date | None = None
    window_end: dt.date | None = None
    baseline_visit: VisitLike | None = None
    followup_visit: VisitLike | None = None
    courses_used: tuple[CourseLike, ...] = ()
    tis: TisResult | None = None
    doi: DoiResult | None = None
    version: str = REFRACTORY_VERSION
    baseline_date: dt.date | None = field(init=False)
    followup_date: dt.date | None = field(init=False)

    def __post_init__(self) -> None:
        """Copy the visit dates into their own fields."""
        baseline, followup = self.baseline_visit, self.followup_visit
        object.__setattr__(self, "baseline_date", None if baseline is None else baseline.date)
        object.__setattr__(self, "followup_date", None if followup is None else followup.date)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` plus calendar months, clamping to the month's last day.

    Source: clinical-rules.md §8 (the evaluation window is counted in calendar months);
    e.g. 31 January + 1 month = 29 February 2024.
    """
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: dt.date, end: dt.date) -> int:
    """Return the number of whole calendar months from ``start`` to ``end``.

    Source: clinical-rules.md §8 (the "after N months" of a reason). A day exactly N
    calendar months later counts as N whole months.
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months


def _running_until(course: CourseLike, as_of: dt.date) -> dt.date:
    return as_of if course.stop is None else min(course.stop, as_of)


def adequate_therapy_start(courses: Iterable[CourseLike], as_of: dt.date) -> dt.date | None:
    """Return the first day a glucocorticoid and a partner drug were both running.

    Source: clinical-rules.md §8. Partners are ``ADEQUATE_THERAPY_PARTNER_CLASSES``
    (every non-glucocorticoid immunosuppressant, plus IVIG). Stop dates are inclusive, so
    courses that meet on one day overlap. Any stop reason counts once the courses have
    overlapped; a partner stopped for an adverse event counts as tried. Courses starting
    after ``as_of`` are ignored. Returns None when no such overlap exists.
    """
    considered = [course for course in courses if course.start <= as_of]
    steroids = [course for course in considered if course.drug_class == GLUCOCORTICOID]
    partners = [
        course for course in considered if course.drug_class in ADEQUATE_THERAPY_PARTNER_CLASSES
    ]
    starts = [
        max(steroid.start, partner.start)
        for steroid in steroids
        for partner in partners
        if max(steroid.start, partner.start)
        <= min(_running_until(steroid, as_of), _running_until(partner, as_of))
    ]
    return min(starts, default=None)


def _courses_used(
    courses: Sequence[CourseLike], since: dt.date, until: dt.date
) -> tuple[CourseLike, ...]:
    classes = ADEQUATE_THERAPY_PARTNER_CLASSES | {GLUCOCORTICOID}
    used = [
        course
        for course in courses
        if course.drug_class in classes
        and course.start <= until
        and (course.stop is None or course.stop >= since)
    ]
    return tuple(sorted(used, key=lambda course: course.start))


def _drug_names(courses: Iterable[CourseLike]) -> str:
    return " + ".join(dict.fromkeys(course.drug_name for course in courses))


def _latest(visits: Iterable[VisitLike]) -> VisitLike | None:
    chosen: VisitLike | None = None
    for visit in visits:
        if chosen is None or visit.date >= chosen.date:
            chosen = visit
    return chosen


def refractory_status(
    visits: Sequence[VisitLike],
    courses: Sequence[CourseLike],
    as_of: dt.date,
    window_months: int = 3,
    *,
    population: Population = "adult",
) -> RefractoryResult:
    """Decide whether the patient is refractory, responding, or not yet evaluable.

    Source: clinical-rules.md §8 (application default); Oddis CV et al., Arthritis Rheum
    2013;65:314. Adequate therapy starts on the first day a glucocorticoid and a partner
    drug ran together (see ``adequate_therapy_start``). The window ends ``window_months``
    (3-6, else ValueError) calendar months later (day clamped); ``as_of`` exactly on the
    window end is evaluable. Baseline = the latest visit on or before the adequate start;
    follow-up = the latest visit from the window end to ``as_of`` inclusive. Statuses:
    "insufficient_data" (no adequate therapy, no baseline, no follow-up, no core set
    measure at both visits, or mixed MMT-8 variants), "not_yet_evaluable" (``as_of`` before
    the window end), "responding" (DOI met, or TIS at or above the population's minimal
    threshold: adult 20 counts as responding), "refractory" (DOI not met and TIS below
    minimal). Missing follow-up measures are not imputed: TIS/DOI are computed from the
    measures present and the reason says which were missing.
    """
    low, high = WINDOW_MONTHS_RANGE
    if not low <= window_months <= high:
        raise ValueError(f"window_months must be {low}-{high}, got {window_months}")
    minimal = dict(TIS_CATEGORY_THRESHOLDS[population])["minimal"]
    parameters = MappingProxyType(
        {"window_months": window_months, "population": population, "tis_minimal": minimal}
    )
    known = [visit for visit in visits if visit.date <= as_of]

    since = adequate_therapy_start(courses, as_of)
    if since is None:
        return RefractoryResult(
            "insufficient_data",
            "No adequate therapy recorded: a glucocorticoid given together with another "
            "immunosuppressant or IVIG",
            parameters,
        )
    window_end = add_months(since, window_months)
    baseline = _latest(visit for visit in known if visit.date <= since)
    if as_of < window_end:
        used = _courses_used(courses, since, as_of)
        note = "" if baseline is not None else "; no baseline visit recorded yet"
        return RefractoryResult(
            "not_yet_evaluable",
            f"Window not reached: {window_months} months of {_drug_names(used)} since "
            f"{since.isoformat()} end on {window_end.isoformat()}{note}",
            parameters,
            adequate_since=since,
            window_end=window_end,
            baseline_visit=baseline,
            courses_used=used,
        )
    if baseline is None:
        return RefractoryResult(
            "insufficient_data",
            f"No baseline visit on or before the start of adequate therapy ({since.isoformat()})",
            parameters,
            adequate_since=since,
            window_end=window_end,
            courses_used=_courses_used(courses, since, as_of),
        )
    followup = _latest(visit for visit in known if visit.date >= window_end)
    if followup is None:
        return RefractoryResult(
            "insufficient_data",
            f"No follow-up visit between {window_end.isoformat()} and {as_of.isoformat()}",
            parameters,
            adequate_since=since,
            window_end=window_end,
            baseline_visit=baseline,
            courses_used=_courses_used(courses, since, as_of),
        )
    used = _courses_used(courses, since, followup.date)
    found = RefractoryResult(
        "insufficient_data",
        "",
        parameters,
        adequate_since=since,
        window_end=window_end,
        baseline_visit=baseline,
        followup_visit=followup,
        courses_used=used,
    )
    try:
        tis = total_improvement_score(baseline.measures, followup.measures, population)
        doi = imacs_improvement(baseline.measures, followup.measures)
    except ValueError as error:
        return replace(found, reason=f"Cannot compare visits: {error}")
    if len(tis.missing) == len(MEASURE_NAMES):
        return replace(found, reason="No core set measure recorded at both baseline and follow-up")
    months = whole_months_between(since, followup.date)
    doi_text = "IMACS DOI met" if doi.met else "IMACS DOI not met"
    summary = f"TIS {tis.total:g} ({tis.category}), {doi_text}"
    if not tis.complete:
        summary += f" (incomplete: missing {', '.join(MEASURE_LABELS[n] for n in tis.missing)})"
    responding = doi.met or tis.total >= minimal
    lead = "Improving after" if responding else "No improvement after"
    return replace(
        found,
        status="responding" if responding else "refractory",
        reason=f"{lead} {months} months of {_drug_names(used)}: {summary}",
        tis=tis,
        doi=doi,
    )
