"""Read-side queries for patient pages: the list, the header and the timeline.

Every query starts from ``patients.access``; nothing here filters by department itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from assessments.models import RefractoryStatus, Visit
from assessments.selectors.jobs import patients_with_latest_evaluation
from assessments.selectors.visits import patient_chart_data
from patients.access import patients_visible_to
from patients.models import (
    Antibody,
    AntibodyOutcome,
    AntibodyPanel,
    AntibodyResult,
    Patient,
)
from treatments.models import TherapyCourse

NO_STATUS = "—"
BADGES = {"refractory": "text-bg-danger", "responding": "text-bg-success"}


@dataclass(frozen=True)
class RefractoryDisplay:
    """A patient's latest refractory status as a list row shows it ("—" if never run)."""

    status: str = ""
    label: str = NO_STATUS
    evaluated_at: dt.datetime | None = None
    reason: str = ""

    @property
    def badge(self) -> str:
        """Return the Bootstrap badge class: refractory red, responding green, others grey."""
        return BADGES.get(self.status, "text-bg-secondary")


@dataclass(frozen=True)
class CurrentTherapy:
    """The ongoing therapy courses of a patient and the highest line among them."""

    courses: Sequence[TherapyCourse] = field(default_factory=tuple)

    @property
    def line(self) -> int | None:
        lines = [course.line_of_therapy for course in self.courses if course.line_of_therapy]
        return max(lines) if lines else None


def _panels_with_tested_results() -> Prefetch[Any]:
    tested = AntibodyResult.objects.exclude(result=AntibodyOutcome.NOT_TESTED)
    return Prefetch(
        "antibody_panels",
        queryset=AntibodyPanel.objects.order_by("date", "id").prefetch_related(
            Prefetch("results", queryset=tested)
        ),
    )


def _ongoing_courses() -> Prefetch[Any]:
    return Prefetch(
        "therapy_courses",
        queryset=TherapyCourse.objects.filter(stop__isnull=True)
        .select_related("drug")
        .order_by("start", "id"),
        to_attr="ongoing_courses",
    )


def patient_list(*, user: AbstractBaseUser | AnonymousUser, query: str = "") -> QuerySet[Patient]:
    """Return the user's patients matching every word of ``query``, with list columns.

    A word matches the given or family name, the hospital number or the registry id.
    Rows carry ``last_visit``, the latest refractory evaluation's ``refractory_status``,
    ``_reason`` and ``_evaluated_at``, and the prefetches ``key_antibodies`` and
    ``current_therapy`` read, so a page costs the same queries at any size.
    """
    patients = patients_visible_to(user)
    for word in query.split():
        patients = patients.filter(
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(hospital_number__icontains=word)
            | Q(registry_id__icontains=word)
        )
    return (
        patients_with_latest_evaluation(patients.select_related("department"))
        .annotate(last_visit=Max("visits__date"))
        .prefetch_related(_panels_with_tested_results(), _ongoing_courses())
        .order_by("family_name", "given_name", "id")
    )


def key_antibodies(panels: Iterable[AntibodyPanel]) -> list[str]:
    """Return the antibodies whose latest tested result is positive, in catalogue order.

    ``panels`` come in date order with their tested results prefetched.
    """
    latest: dict[str, AntibodyResult] = {}
    for panel in panels:
        for result in panel.results.all():
            latest[result.antibody] = result
    return [
        latest[code].get_antibody_display()
        for code in Antibody.values
        if code in latest and latest[code].result == AntibodyOutcome.POSITIVE
    ]


def current_therapy(courses: Iterable[TherapyCourse]) -> CurrentTherapy:
    """Return the ongoing courses among ``courses`` (those without a stop date)."""
    return CurrentTherapy(courses=tuple(course for course in courses if course.stop is None))


@dataclass(frozen=True)
class PatientRow:
    """One row of the patient list."""

    patient: Patient
    key_antibodies: list[str]
    therapy: CurrentTherapy
    refractory: RefractoryDisplay


def patient_rows(patients: Sequence[Patient]) -> list[PatientRow]:
    """Build list rows from a page of ``patient_list`` (no further queries per row)."""
    return [
        PatientRow(
            patient=patient,
            key_antibodies=key_antibodies(patient.antibody_panels.all()),
            therapy=current_therapy(patient.ongoing_courses),  # type: ignore[attr-defined]
            refractory=refractory_display(patient),
        )
        for patient in patients
    ]


def refractory_display(patient: Patient) -> RefractoryDisplay:
    """Return the status annotated by ``patient_list`` on a row as the list shows it."""
    status = getattr(patient, "refractory_status", None)
    if not status:
        return RefractoryDisplay()
    return RefractoryDisplay(
        status=status,
        label=RefractoryStatus(status).label,
        evaluated_at=getattr(patient, "refractory_evaluated_at", None),
        reason=getattr(patient, "refractory_reason", "") or "",
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One dated event of a patient's story; ``kind`` names the template that shows it."""

    date: dt.date
    kind: str
    record: object


@dataclass(frozen=True)
class PatientRecord:
    """Everything the patient page shows, loaded in a fixed number of queries."""

    patient: Patient
    age: int
    key_antibodies: list[str]
    therapy: CurrentTherapy
    timeline: list[TimelineEntry]
    chart_data: dict[str, object]


def patient_record_get(*, patient: Patient) -> PatientRecord:
    """Load the header, the timeline (newest first) and the chart data of one patient.

    The refractory status and the reminders come from the assessments panels
    (``refractory_panel`` and ``reminders_panel``), which the view adds.

    ``patient`` comes from ``patients.access.patient_get_for_user``.
    """
    visits = list(
        Visit.objects.filter(patient=patient).select_related("score").order_by("date", "id")
    )
    panels = list(
        AntibodyPanel.objects.filter(patient=patient)
        .order_by("date", "id")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=AntibodyResult.objects.exclude(result=AntibodyOutcome.NOT_TESTED),
            )
        )
    )
    courses = list(
        TherapyCourse.objects.filter(patient=patient).select_related("drug").order_by("start", "id")
    )
    entries = [TimelineEntry(visit.date, "visit", visit) for visit in visits]
    entries += [TimelineEntry(panel.date, "panel", panel) for panel in panels]
    entries += [TimelineEntry(b.date, "biopsy", b) for b in patient.biopsies.order_by("date")]
    entries += [TimelineEntry(t.date, "test", t) for t in patient.diagnostic_tests.order_by("date")]
    entries += [
        TimelineEntry(change.date, "diagnosis", change)
        for change in patient.diagnosis_changes.order_by("date", "id")
    ]
    entries += [TimelineEntry(course.start, "course_start", course) for course in courses]
    entries += [
        TimelineEntry(course.stop, "course_stop", course) for course in courses if course.stop
    ]
    order = {"diagnosis": 0, "course_stop": 1, "course_start": 2, "visit": 3}
    entries.sort(key=lambda entry: (entry.date, -order.get(entry.kind, 4)), reverse=True)
    return PatientRecord(
        patient=patient,
        age=patient.age_on(timezone.localdate()),
        key_antibodies=key_antibodies(panels),
        therapy=current_therapy(courses),
        timeline=entries,
        chart_data=patient_chart_data(visits=visits, courses=courses),
    )
