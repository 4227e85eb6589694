"""The plain data one demo patient is made of, before anything touches the database.

Rows are dicts of model field values. Three values are symbolic and resolved by the
writer: a therapy course's ``drug`` is the catalogue drug name, and a diagnosis change's
``recorded_by`` and a visit's ``entered_by`` are a role code (the department's user with
that role).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

Row = dict[str, object]
T = TypeVar("T")


@dataclass
class PanelPlan:
    """An antibody panel and its results, one per antibody."""

    panel: Row
    results: list[Row]


@dataclass
class PatientPlan:
    """Everything recorded about one demo patient."""

    department: int  # index into reference.DEPARTMENTS
    patient: Row
    diagnosis_changes: list[Row] = field(default_factory=list)
    biopsies: list[Row] = field(default_factory=list)
    panels: list[PanelPlan] = field(default_factory=list)
    tests: list[Row] = field(default_factory=list)
    courses: list[Row] = field(default_factory=list)
    visits: list[Row] = field(default_factory=list)


def date_of(row: Row, key: str) -> dt.date | None:
    """Return the date stored under ``key`` (None when empty), checking its type."""
    value = row[key]
    if value is not None and not isinstance(value, dt.date):
        raise TypeError(f"{key} is not a date: {value!r}")
    return value


def start_of(row: Row) -> dt.date:
    """Return a therapy course's start date."""
    start = date_of(row, "start")
    if start is None:
        raise TypeError("a therapy course needs a start date")
    return start


def add_days(day: dt.date, days: float) -> dt.date:
    """Return ``day`` moved by a whole number of days."""
    return day + dt.timedelta(days=round(days))


def add_months(day: dt.date, months: float) -> dt.date:
    """Return ``day`` moved by about ``months`` months (30.44 days each)."""
    return add_days(day, months * 30.44)


def years_between(start: dt.date, end: dt.date) -> float:
    """Return the time from ``start`` to ``end`` in years."""
    return (end - start).days / 365.25


def weighted(rng: random.Random, options: Sequence[tuple[float, T]]) -> T:
    """Pick one value from (weight, value) pairs."""
    total = sum(weight for weight, _ in options)
    mark = rng.random() * total
    for weight, value in options:
        mark -= weight
        if mark < 0:
            return value
    return options[-1][1]


def clamp(value: float, low: float, high: float) -> float:
    """Return ``value`` limited to [low, high]."""
    return low if value < low else high if value > high else value


def bounded_gauss(rng: random.Random, mean: float, sd: float, low: float, high: float) -> float:
    """Draw a normal value, clamped to [low, high] (not resampled, so it stays fast)."""
    if math.isclose(sd, 0.0):
        return clamp(mean, low, high)
    return clamp(rng.gauss(mean, sd), low, high)
