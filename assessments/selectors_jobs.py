"""Reads of refractory evaluations for pages, exports and the jobs, in few queries."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from assessments.adapters import (
    COURSE_COLUMNS,
    VISIT_COLUMNS,
    CourseInput,
    PatientRow,
    VisitInput,
    course_input,
    visit_input,
)
from assessments.models import RefractoryEvaluation, Reminder, Visit
from assessments.services.reminder_rules import StoredReminder
from patients.models import AntibodyResult, FollowUpStatus, MuscleBiopsy, Patient
from treatments.models import TherapyCourse

LATEST_FIELDS = ("status", "reason", "evaluated_at")


def _latest_for_patient() -> QuerySet[RefractoryEvaluation]:
    return RefractoryEvaluation.objects.filter(patient_id=OuterRef("pk")).order_by(
        "-evaluated_at", "-id"
    )


def patient_refractory_status_subquery() -> Subquery:
    """Return a subquery giving a patient's current refractory status (None if never run).

    Use it in an annotation on a Patient queryset:
    ``Patient.objects.annotate(refractory_status=patient_refractory_status_subquery())``.
    """
    return Subquery(_latest_for_patient().values("status")[:1])


def patients_with_latest_evaluation(queryset: QuerySet[Patient]) -> QuerySet[Patient]:
    """Annotate each patient with ``refractory_status``, ``_reason`` and ``_evaluated_at``.

    One query however many patients: each value is a correlated subquery on the latest
    evaluation (index ``evaluation_latest_idx``). Patients never evaluated get None.
    """
    return queryset.annotate(
        **{
            f"refractory_{name}": Subquery(_latest_for_patient().values(name)[:1])
            for name in LATEST_FIELDS
        }
    )


def latest_evaluation(*, patient: Patient) -> RefractoryEvaluation | None:
    """Return the patient's current refractory evaluation, or None if never evaluated."""
    return (
        RefractoryEvaluation.objects.filter(patient=patient)
        .select_related("baseline_visit", "followup_visit")
        .order_by("-evaluated_at", "-id")
        .first()
    )


def evaluation_history(*, patient: Patient) -> QuerySet[RefractoryEvaluation]:
    """Return the patient's evaluations, newest first: each row is one change of status."""
    return RefractoryEvaluation.objects.filter(patient=patient).order_by("-evaluated_at", "-id")


# -- Bulk reads for the jobs ------------------------------------------------------------


@dataclass
class LatestEvaluation:
    """The columns of a patient's latest evaluation that decide whether a new row is due."""

    status: str
    reason: str
    as_of: dt.date
    rule_version: str
    parameters: dict[str, Any]
    inputs: dict[str, Any]


@dataclass
class PatientInputs:
    """Everything the jobs need about one patient, read in bulk with the others."""

    patient: PatientRow
    months_active: int
    months_stable: int
    visits: list[VisitInput] = field(default_factory=list)
    courses: list[CourseInput] = field(default_factory=list)
    antibody_results: list[tuple[str, str]] = field(default_factory=list)
    biopsies: list[tuple[dt.date, str]] = field(default_factory=list)
    latest: LatestEvaluation | None = None
    reminders: list[StoredReminder] = field(default_factory=list)


PATIENT_COLUMNS = (
    "id",
    "department_id",
    "sex",
    "date_of_birth",
    "symptom_onset_date",
    "diagnosis_date",
    "diagnosis",
    "follow_up_status",
    "created_at",
    "department__follow_up_months_active",
    "department__follow_up_months_stable",
    "latest_evaluation_id",
)
EVALUATION_COLUMNS = (
    "patient_id",
    "status",
    "reason",
    "as_of",
    "rule_version",
    "parameters",
    "inputs",
)
REMINDER_COLUMNS = (
    "patient_id",
    "id",
    "kind",
    "due_period",
    "status",
    "due_date",
    "reason",
    "source",
    "resolved_by_id",
    "notify_on",
)


def job_inputs(*, patient_ids: Sequence[int], lock: bool = False) -> list[PatientInputs]:
    """Read everything the jobs need about these patients in seven queries, however many.

    With ``lock`` (inside a transaction) the patient rows are locked FOR NO KEY UPDATE,
    in id order, so two jobs evaluating the same patient run one after the other and the
    second sees what the first wrote; visits and courses can still be inserted meanwhile.
    """
    patients = Patient.objects.filter(pk__in=patient_ids).order_by("pk")
    if lock:
        patients = patients.select_for_update(no_key=True, of=("self",))
    rows = patients.annotate(
        latest_evaluation_id=Subquery(_latest_for_patient().values("pk")[:1])
    ).values_list(*PATIENT_COLUMNS)
    found: dict[int, PatientInputs] = {}
    evaluation_ids = []
    for row in rows:
        *fields, created_at, active, stable, evaluation_id = row
        patient = PatientRow(*fields, created_on=timezone.localdate(created_at))
        found[patient.id] = PatientInputs(patient, active, stable)
        if evaluation_id is not None:
            evaluation_ids.append(evaluation_id)
    ids = list(found)
    visits = Visit.objects.filter(patient_id__in=ids).order_by("patient_id", "date", "pk")
    for row in visits.values_list(*VISIT_COLUMNS):
        found[row[1]].visits.append(visit_input(row))
    courses = TherapyCourse.objects.filter(patient_id__in=ids).order_by("patient_id", "start", "pk")
    for row in courses.values_list(*COURSE_COLUMNS):
        found[row[1]].courses.append(course_input(row))
    results = AntibodyResult.objects.filter(panel__patient_id__in=ids).order_by(
        "panel__date", "panel_id", "pk"
    )
    for patient_id, antibody, result in results.values_list(
        "panel__patient_id", "antibody", "result"
    ):
        found[patient_id].antibody_results.append((antibody, result))
    biopsies = MuscleBiopsy.objects.filter(patient_id__in=ids).order_by("date", "pk")
    for patient_id, date, conclusion in biopsies.values_list("patient_id", "date", "conclusion"):
        found[patient_id].biopsies.append((date, conclusion))
    evaluations = RefractoryEvaluation.objects.filter(pk__in=evaluation_ids)
    for patient_id, *values in evaluations.values_list(*EVALUATION_COLUMNS):
        found[patient_id].latest = LatestEvaluation(*values)
    reminders = Reminder.objects.filter(patient_id__in=ids)
    for patient_id, *values in reminders.values_list(*REMINDER_COLUMNS):
        found[patient_id].reminders.append(StoredReminder(*values))
    return list(found.values())


def active_patient_ids() -> list[int]:
    """Return the ids of every patient in follow-up, in id order (what the sweep covers)."""
    return list(
        Patient.objects.filter(follow_up_status=FollowUpStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
