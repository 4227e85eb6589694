"""Therapy courses of a demo patient, line by line (clinical-rules.md §7).

Line 1 is a glucocorticoid with methotrexate or azathioprine; a line that does not work
is stopped as ineffective after 4-9 months and the next begins: mycophenolate or a
calcineurin inhibitor, then rituximab or cyclophosphamide. IVIG is added at any point.
The line named by the patient's response brings the first improvement.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from demo.plan import Row, add_days, add_months, date_of, start_of
from demo.profiles import Response
from treatments.models import DoseUnit, Route, StopReason


@dataclass
class TherapyPlan:
    courses: list[Row]
    improves_from: dt.date | None  # when the activity starts to fall


def course(
    drug: str,
    dose: str,
    unit: str,
    route: str,
    frequency: str,
    start: dt.date,
    *,
    line: int | None,
    stop: dt.date | None = None,
    reason: str = "",
) -> Row:
    """Return one therapy course row."""
    return {
        "drug": drug,
        "dose": Decimal(dose),
        "unit": unit,
        "frequency": frequency,
        "route": route,
        "start": start,
        "stop": stop,
        "stop_reason": reason if stop else "",
        "line_of_therapy": line,
    }


def _line_two(rng: random.Random, start: dt.date) -> Row:
    pick = rng.random()
    if pick < 0.6:
        return course("Mycophenolate mofetil", "2", DoseUnit.G, Route.ORAL, "daily", start, line=2)
    if pick < 0.93:
        dose = rng.choice(("2", "3", "4"))
        return course("Tacrolimus", dose, DoseUnit.MG, Route.ORAL, "daily", start, line=2)
    return course("Ciclosporin", "150", DoseUnit.MG, Route.ORAL, "twice daily", start, line=2)


def _line_three(rng: random.Random, start: dt.date) -> Row:
    pick = rng.random()
    if pick < 0.75:
        return course(
            "Rituximab", "1000", DoseUnit.MG, Route.IV, "2 infusions, every 6 months", start, line=3
        )
    if pick < 0.95:
        return course("Cyclophosphamide", "750", DoseUnit.MG_M2, Route.IV, "monthly", start, line=3)
    return course("Abatacept", "125", DoseUnit.MG, Route.SC, "weekly", start, line=3)


def _ivig(start: dt.date) -> Row:
    return course(
        "Intravenous immunoglobulin", "2", DoseUnit.G_KG, Route.IV, "monthly", start, line=None
    )


def _stop(row: Row, stop: dt.date, reason: str) -> None:
    row["stop"] = stop
    row["stop_reason"] = reason


def statin_course(rng: random.Random, *, onset: dt.date, stopped: bool) -> Row:
    """Return a statin taken before onset; ``stopped`` a few months after it (myopathy)."""
    drug, dose = rng.choice((("Atorvastatin", "40"), ("Simvastatin", "40"), ("Rosuvastatin", "20")))
    start = add_months(onset, -rng.uniform(12, 72))
    row = course(drug, dose, DoseUnit.MG, Route.ORAL, "daily", start, line=None)
    if stopped:
        _stop(row, add_months(onset, rng.uniform(1, 4)), StopReason.ADVERSE_EVENT)
    return row


def ibm_therapy(rng: random.Random, *, start: dt.date) -> TherapyPlan:
    """Return the courses of an IBM patient: at most a short, ineffective trial."""
    courses: list[Row] = []
    if rng.random() < 0.45:
        trial = course("Prednisolone", "40", DoseUnit.MG, Route.ORAL, "daily", start, line=1)
        _stop(trial, add_months(start, rng.uniform(3, 6)), StopReason.INEFFECTIVE)
        courses.append(trial)
    if rng.random() < 0.1:
        ivig_start = add_months(start, rng.uniform(6, 24))
        ivig = _ivig(ivig_start)
        _stop(ivig, add_months(ivig_start, rng.uniform(4, 8)), StopReason.INEFFECTIVE)
        courses.append(ivig)
    return TherapyPlan(courses=courses, improves_from=None)


def _line_one(rng: random.Random, start: dt.date) -> tuple[Row, list[Row]]:
    """Return the glucocorticoid and the line 1 courses (a switch on intolerance)."""
    courses: list[Row] = []
    if rng.random() < 0.1:
        pulse = course(
            "Methylprednisolone", "1000", DoseUnit.MG, Route.IV, "daily, 3 days", start, line=1
        )
        _stop(pulse, add_days(start, 2), StopReason.OTHER)
        courses.append(pulse)
    glucocorticoid = "Prednisone" if rng.random() < 0.15 else "Prednisolone"
    dose = rng.choice(("40", "50", "60"))
    gc = course(glucocorticoid, dose, DoseUnit.MG, Route.ORAL, "daily, tapering", start, line=1)
    courses.append(gc)
    methotrexate_first = rng.random() < 0.6
    for attempt in range(2):
        if methotrexate_first == (attempt == 0):
            route = Route.SC if rng.random() < 0.3 else Route.ORAL
            dose = rng.choice(("15", "20", "25"))
            partner = course("Methotrexate", dose, DoseUnit.MG, route, "weekly", start, line=1)
        else:
            dose = rng.choice(("100", "150"))
            partner = course("Azathioprine", dose, DoseUnit.MG, Route.ORAL, "daily", start, line=1)
        courses.append(partner)
        if attempt == 1 or rng.random() >= 0.12:
            break
        start = add_months(start, rng.uniform(1, 5))  # intolerance: switch within line 1
        _stop(partner, start, StopReason.ADVERSE_EVENT)
    return gc, courses


def therapy(
    rng: random.Random,
    *,
    start: dt.date,
    response: Response,
) -> TherapyPlan:
    """Return the courses of a treated patient and when the activity starts to fall."""
    courses: list[Row] = []
    gc, line_one = _line_one(rng, start)
    courses += line_one
    current = line_one[-1]
    # The lines that fail before the one that works (IVIG is added to the last one).
    steps: list[int | str] = []
    if response == 2:
        steps = [2]
    elif response == 3:
        steps = [2, 3]
    elif response == "ivig" and rng.random() < 0.5:
        steps = [2]
    elif response is None:
        steps = [2, 3, "ivig"] if rng.random() < 0.4 else [2, 3]
    for step in steps:
        switch = add_months(start_of(current), rng.uniform(4, 9))
        reason = StopReason.INEFFECTIVE if rng.random() < 0.85 else StopReason.ADVERSE_EVENT
        _stop(current, switch, reason)
        if step == "ivig":
            current = _ivig(switch)
        else:
            current = _line_two(rng, switch) if step == 2 else _line_three(rng, switch)
        courses.append(current)
    if response is None:
        if current["drug"] == "Intravenous immunoglobulin":
            stop = add_months(start_of(current), rng.uniform(4, 8))
            _stop(current, stop, StopReason.INEFFECTIVE)
        return TherapyPlan(courses=courses, improves_from=None)
    if response == "ivig":
        current = _ivig(add_months(start_of(current), rng.uniform(4, 9)))
        courses.append(current)
    improves_from = add_months(start_of(current), rng.uniform(1, 3))
    _stop(gc, add_months(improves_from, rng.uniform(12, 30)), StopReason.REMISSION)
    if rng.random() < 0.5:
        _stop(current, add_months(improves_from, rng.uniform(24, 60)), StopReason.REMISSION)
    return TherapyPlan(courses=courses, improves_from=improves_from)


def truncate(courses: list[Row], *, end: dt.date, deceased: bool) -> list[Row]:
    """Drop courses that start after ``end``; courses running on past it stay open.

    For a deceased patient, a course still running at death stops then (reason other).
    """
    kept: list[Row] = []
    for row in courses:
        if start_of(row) > end:
            continue
        stop = date_of(row, "stop")
        if stop is not None and stop > end:
            row["stop"], row["stop_reason"] = None, ""
        if deceased and row["stop"] is None:
            _stop(row, end, StopReason.OTHER)
        kept.append(row)
    return kept
