"""Read-side queries for visits: one visit with its scores, defaults and chart data."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from assessments.models import ENZYMES, MmtVariant, Visit
from patients.models import Patient
from treatments.models import TherapyCourse


def visit_initial(*, patient: Patient) -> dict[str, Any]:
    """Return a new visit's defaults: today, the last MMT-8 variant, the lab's ULNs."""
    department = patient.department
    initial: dict[str, Any] = {"date": timezone.localdate()}
    for code in ENZYMES:
        initial[f"{code}_uln"] = getattr(department, f"{code}_uln")
    latest = Visit.objects.filter(patient=patient).order_by("-date").only("mmt8_variant").first()
    initial["mmt8_variant"] = latest.mmt8_variant if latest else MmtVariant.BILATERAL
    return initial


def _timestamp(day: dt.date) -> int:
    """Return midnight UTC of a day in milliseconds, as Chart.js's linear axis takes it."""
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC).timestamp() * 1000)


def _ratio(value: Any, limit: Any) -> float | None:
    if value is None or not limit:
        return None
    return round(float(value) / float(limit), 2)


def patient_chart_data(
    *, visits: Sequence[Visit], courses: Sequence[TherapyCourse]
) -> dict[str, Any]:
    """Return the series the patient charts draw, as plain JSON-ready values.

    CK is a multiple of its ULN; the MMT-8 is a percentage of its variant's maximum, so
    unilateral and bilateral totals share one scale without being mixed.
    """
    today = timezone.localdate()
    points = [
        {
            "t": _timestamp(visit.date),
            "date": visit.date.isoformat(),
            "ck_x_uln": _ratio(visit.ck_value, visit.ck_uln),
            "mmt8_pct": _ratio(
                None if visit.mmt8_total is None else visit.mmt8_total * 100, visit.mmt8_max
            ),
            "mmt8": None if visit.mmt8_total is None else f"{visit.mmt8_total}/{visit.mmt8_max}",
            "haq": None if visit.haq is None else float(visit.haq),
            "physician_global": None
            if visit.physician_global is None
            else float(visit.physician_global),
        }
        for visit in visits
    ]
    bars = [
        {
            "drug": course.drug.name,
            "line": course.line_of_therapy,
            "start": _timestamp(course.start),
            "stop": _timestamp(course.stop or today),
            "ongoing": course.stop is None,
        }
        for course in courses
    ]
    days = [visit.date for visit in visits]
    days += [course.start for course in courses] + [course.stop or today for course in courses]
    return {
        "visits": points,
        "courses": bars,
        "range": {"min": _timestamp(min(days)), "max": _timestamp(max(days))} if days else None,
    }
