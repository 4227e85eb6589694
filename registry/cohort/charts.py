"""Dashboard charts of a filtered cohort: one function per chart, one aggregate query each.

Every chart is returned as plain data (``{"title", "kind", "labels", "series"}``) that the
template passes to ``static/js/cohort_dashboard.js`` through ``json_script`` and also shows
as a table, so the numbers are readable without JavaScript.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from assessments.models import (
    RefractoryEvaluation,
    RefractoryStatus,
    ReminderKind,
    TisCategory,
    Visit,
)
from patients.models import MSA, Antibody, AntibodyOutcome, AntibodyResult, Patient, Subtype
from registry.cohort.filters import date_range_q, overdue_reminders
from registry.cohort.scores import TIS_CHOICES, last_visit_tis_category
from treatments.models import TherapyCourse

Chart = dict[str, Any]


def _chart(title: str, kind: str, labels: list[str], **series: list[Any]) -> Chart:
    return {
        "title": title,
        "kind": kind,
        "labels": labels,
        "series": [
            {"label": name.replace("_", " "), "data": data} for name, data in series.items()
        ],
        "rows": [
            [label, *(data[index] for data in series.values())]
            for index, label in enumerate(labels)
        ],
    }


def subtype_distribution(patients: QuerySet[Patient]) -> Chart:
    """Patients by current diagnosis."""
    counts = dict(
        patients.order_by()
        .values("diagnosis")
        .annotate(n=Count("pk"))
        .values_list("diagnosis", "n")
    )
    present = [(code, label) for code, label in Subtype.choices if counts.get(code)]
    return _chart(
        "Subtype distribution",
        "doughnut",
        [label for _, label in present],
        patients=[counts[code] for code, _ in present],
    )


def antibody_frequencies(patients: QuerySet[Patient]) -> Chart:
    """Patients positive for each antibody, out of those tested for it."""
    rows = (
        AntibodyResult.objects.filter(panel__patient__in=patients)
        .order_by()
        .values("antibody")
        .annotate(
            positive=Count(
                "panel__patient", distinct=True, filter=Q(result=AntibodyOutcome.POSITIVE)
            ),
            tested=Count(
                "panel__patient", distinct=True, filter=~Q(result=AntibodyOutcome.NOT_TESTED)
            ),
        )
    )
    by_code = {row["antibody"]: row for row in rows}
    present = [(code, label) for code, label in Antibody.choices if code in by_code]
    return _chart(
        "Antibody frequencies (patients)",
        "bar",
        [label + (" (MSA)" if code in MSA else "") for code, label in present],
        positive=[by_code[code]["positive"] for code, _ in present],
        tested=[by_code[code]["tested"] for code, _ in present],
    )


def therapy_lines(patients: QuerySet[Patient]) -> Chart:
    """Patients by the highest line of therapy they have received."""
    highest = (
        TherapyCourse.objects.filter(patient=OuterRef("pk"), line_of_therapy__isnull=False)
        .order_by("-line_of_therapy")
        .values("line_of_therapy")[:1]
    )
    counts = dict(
        patients.order_by()
        .annotate(line=Subquery(highest))
        .values("line")
        .annotate(n=Count("pk"))
        .values_list("line", "n")
    )
    keys: list[int | None] = [None, 1, 2, 3]
    labels = ["No line recorded", "Line 1", "Line 2", "Line 3"]
    return _chart(
        "Highest therapy line reached",
        "bar",
        labels,
        patients=[counts.get(key, 0) for key in keys],
    )


def visits_per_month(patients: QuerySet[Patient], visit_range: slice | None = None) -> Chart:
    """Visits of the cohort per calendar month (within the visit date range when given)."""
    visits = Visit.objects.filter(patient__in=patients)
    if visit_range is not None:
        visits = visits.filter(date_range_q("date", visit_range))
    rows = (
        visits.order_by()
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
        .values_list("month", "n")
    )
    months = [(month.strftime("%Y-%m"), n) for month, n in rows]
    return _chart(
        "Visits per month",
        "line",
        [month for month, _ in months],
        visits=[n for _, n in months],
    )


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Return the last day of every month from ``first``'s month to ``last``'s month."""
    ends = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        ends.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return ends


def refractory_share_over_time(patients: QuerySet[Patient], *, months: int = 24) -> Chart:
    """Share of evaluated patients whose status at each month's end was refractory.

    The status at a date is the patient's latest evaluation on or before it; the share is
    refractory out of those refractory or responding (the statuses that compare visits).
    One query reads the cohort's evaluations (one row per change of status).
    """
    rows = (
        RefractoryEvaluation.objects.filter(patient__in=patients)
        .order_by("as_of", "evaluated_at", "id")
        .values_list("patient_id", "as_of", "status")
    )
    changes = list(rows)
    if not changes:
        return _chart("Refractory share over time (%)", "line", [], refractory=[])
    today = timezone.localdate()
    ends = _month_ends(max(changes[0][1], today - dt.timedelta(days=31 * months)), today)
    current: dict[int, str] = {}
    position = 0
    labels, shares, refractory, compared = [], [], [], []
    for end in ends:
        while position < len(changes) and changes[position][1] <= end:
            patient_id, _, status = changes[position]
            current[patient_id] = status
            position += 1
        statuses = list(current.values())
        stuck = statuses.count(RefractoryStatus.REFRACTORY)
        judged = stuck + statuses.count(RefractoryStatus.RESPONDING)
        labels.append(end.strftime("%Y-%m"))
        shares.append(round(100 * stuck / judged, 1) if judged else None)
        refractory.append(stuck)
        compared.append(judged)
    chart = _chart(
        "Refractory share over time (%)",
        "line",
        labels,
        refractory_share=shares,
        refractory_patients=refractory,
        evaluated_patients=compared,
    )
    chart["plot"] = 1  # draw only the first series; the others are for the table
    return chart


def overdue_reminders_by_kind(patients: QuerySet[Patient]) -> Chart:
    """Overdue reminders (open, due before today) of the cohort, by kind."""
    counts = dict(
        overdue_reminders()
        .filter(patient__in=patients)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return _chart(
        "Overdue reminders by kind",
        "bar",
        [label for _, label in ReminderKind.choices],
        reminders=[counts.get(code, 0) for code, _ in ReminderKind.choices],
    )


def tis_categories_at_last_visit(patients: QuerySet[Patient]) -> Chart | None:
    """Patients by the TIS category of their last visit (None until visit scores exist)."""
    category = last_visit_tis_category()
    if category is None:
        return None
    counts = dict(
        patients.order_by()
        .annotate(category=category)
        .values("category")
        .annotate(n=Count("pk"))
        .values_list("category", "n")
    )
    not_scored = counts.pop(None, 0) + counts.pop("", 0)
    return _chart(
        "TIS category at the last visit",
        "bar",
        [label for _, label in TIS_CHOICES],
        patients=[counts.get(code, 0) for code, _ in TisCategory.choices] + [not_scored],
    )


def dashboard_charts(patients: QuerySet[Patient], *, visit_range: slice | None) -> list[Chart]:
    """Return every chart of the dashboard for a filtered cohort."""
    charts = [
        subtype_distribution(patients),
        antibody_frequencies(patients),
        refractory_share_over_time(patients),
        therapy_lines(patients),
        tis_categories_at_last_visit(patients),
        visits_per_month(patients, visit_range),
        overdue_reminders_by_kind(patients),
    ]
    return [chart for chart in charts if chart is not None]
