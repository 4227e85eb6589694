"""Bulk reads of the jobs: everything about a chunk of patients in a constant number of queries.

``patients_to_recheck`` is the sweep's first, cheap step: it digests each patient's
inputs in grouped queries (row counts and last changes per table, the department's
intervals) and returns only the patients whose digest moved since their
``SweepState`` was stored, whose recheck day came, or who were never checked.
``job_inputs`` then loads those patients' rows, one query per table, as plain tuples.
"""

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    Count,
    F,
    Lookup,
    Max,
    Model,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, TruncDate

from assessments.adapters import (
    COURSE_COLUMNS,
    VISIT_COLUMNS,
    CourseInput,
    PatientRow,
    VisitInput,
    course_input,
    visit_input,
)
from assessments.models import RefractoryEvaluation, Reminder, SweepState, Visit
from assessments.services.reminder_rules import StoredReminder
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    FollowUpStatus,
    MuscleBiopsy,
    Patient,
)
from treatments.models import TherapyCourse

# The tables whose rows feed the rules (or hold the rules' own results), and the path
# from each to its patient's id.
DIGESTED: tuple[tuple[type[Model], str], ...] = (
    (Visit, "patient_id"),
    (TherapyCourse, "patient_id"),
    (AntibodyPanel, "patient_id"),
    (AntibodyResult, "panel__patient_id"),
    (MuscleBiopsy, "patient_id"),
    (Reminder, "patient_id"),
    (RefractoryEvaluation, "patient_id"),
)
# The digested tables the jobs write themselves (their results).
WRITTEN_BY_JOBS: tuple[type[Model], ...] = (Reminder, RefractoryEvaluation)
PATIENT_DIGEST_COLUMNS = (
    "pk",
    "changed",
    "department__follow_up_months_active",
    "department__follow_up_months_stable",
)


def _latest_evaluation_id() -> Subquery:
    return Subquery(
        RefractoryEvaluation.objects.filter(patient_id=OuterRef("pk"))
        .order_by("-evaluated_at", "-id")
        .values("pk")[:1]
    )


class AnyOf(Lookup):
    """``column = ANY(%s)``: the ids travel as one array parameter on PostgreSQL.

    ``__in`` writes, and the driver then parses, one placeholder per id; for a chunk of
    hundreds of patients that costs more than running the query. Other databases
    (SQLite) get a plain ``IN``.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return [int(pk) for pk in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, Any]:
        lhs, params = self.process_lhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", (*params, self.rhs)
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", (*params, *self.rhs)


def _id_filter(path: str, patient_ids: Sequence[int]) -> Q | AnyOf:
    """Filter on a chunk of ids: a range when the ids are dense (cheapest, and planned well
    whatever the statistics say), else the ids themselves. A range also matches patients
    outside the chunk: callers drop their rows."""
    low, high = min(patient_ids), max(patient_ids)
    if high - low < 4 * len(patient_ids):
        return Q(**{f"{path}__gte": low, f"{path}__lte": high})
    return AnyOf(F(path), patient_ids)


def _table_digests(
    model: type[Model], path: str, patient_ids: Sequence[int]
) -> dict[int, tuple[int, str]]:
    """Return each patient's row count and last change in one table (one grouped query)."""
    last = "pk" if model is RefractoryEvaluation else "updated_at"
    rows = (
        model._default_manager.filter(_id_filter(path, patient_ids))
        .order_by()
        .values(path)
        .annotate(count=Count("pk"), last=Cast(Max(last), CharField()))
        .values_list(path, "count", "last")
    )
    return {pk: (count, changed) for pk, count, changed in rows}


def patient_digests(*, patient_ids: Sequence[int]) -> dict[int, list[object]]:
    """Return what each patient's inputs look like, in eight plain queries however many.

    The patient's own last change and department intervals, then per table the row
    count and the last change (``updated_at``, or the last id for evaluations, as text):
    any insert, edit or delete moves one of them. Grouped queries, not correlated
    subqueries, so the plans stay index scans whatever the statistics say. (Neither one
    UNION ALL, which PostgreSQL runs as a Parallel Append costing more than the round
    trips it saves, nor one query joining the groups, whose planning eats the gain.)
    """
    if not patient_ids:
        return {}
    wanted = set(patient_ids)
    digests: dict[int, list[object]] = {
        pk: list(values)
        for pk, *values in Patient.objects.filter(_id_filter("pk", patient_ids))
        .order_by()
        .annotate(changed=Cast("updated_at", CharField()))
        .values_list(*PATIENT_DIGEST_COLUMNS)
        if pk in wanted
    }
    for model, path in DIGESTED:
        found = _table_digests(model, path, patient_ids)
        for pk, parts in digests.items():
            parts.append(found.get(pk))
    return digests


def digests_after_run(
    *, patient_ids: Sequence[int], before: Mapping[int, list[object]]
) -> dict[int, list[object]]:
    """Return the digests to store once a run has written its results.

    A patient digested before the run keeps that digest of its inputs: a visit saved while
    the run was reading then still moves the fingerprint, and the next sweep sees it. Only
    the tables the run writes itself (``WRITTEN_BY_JOBS``) are digested again, in two
    queries. A patient not digested before (never checked, or evaluated on a change) is
    digested whole.
    """
    known = [pk for pk in patient_ids if pk in before]
    digests = patient_digests(patient_ids=[pk for pk in patient_ids if pk not in before])
    if not known:
        return digests
    for pk in known:
        digests[pk] = list(before[pk])
    offset = len(PATIENT_DIGEST_COLUMNS) - 1  # the patient's own parts come first
    for index, (model, path) in enumerate(DIGESTED):
        if model in WRITTEN_BY_JOBS:
            found = _table_digests(model, path, known)
            for pk in known:
                digests[pk][offset + index] = found.get(pk)
    return digests


def fingerprint(parts: Sequence[object], key: str) -> str:
    """Return a short digest of a patient's ``patient_digests`` values and the rules' key."""
    text = "|".join(str(part) for part in parts) + "#" + key
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True)
class Recheck:
    """The patients a sweep must evaluate, and the digests read while deciding."""

    ids: list[int]
    digests: dict[int, list[object]]


def patients_to_recheck(*, patient_ids: Sequence[int], as_of: dt.date, key: str) -> Recheck:
    """Return, in id order, the patients whose rules must run for ``as_of``.

    A patient is skipped only when it has a sweep state with the same fingerprint, was
    checked for a day on or before ``as_of`` and its recheck day is still to come. Every
    patient with a state is digested (nine queries however many; one when none has a
    state, as in a first sweep, where everyone is due): the digests of the due ones are
    returned for ``digests_after_run``. An id without a patient (deleted meanwhile) has no
    state and is returned too; ``job_inputs`` drops it.
    """
    if not patient_ids:
        return Recheck([], {})
    states = {
        pk: (stored, checked_on, recheck_on)
        for pk, stored, checked_on, recheck_on in SweepState.objects.filter(
            _id_filter("patient_id", patient_ids)
        ).values_list("patient_id", "fingerprint", "checked_on", "recheck_on")
    }
    wanted = set(patient_ids)
    due = wanted - set(states)
    digests = patient_digests(patient_ids=[pk for pk in states if pk in wanted])
    for pk, parts in digests.items():
        stored, checked_on, recheck_on = states[pk]
        if as_of >= recheck_on or as_of < checked_on or fingerprint(parts, key) != stored:
            due.add(pk)
    return Recheck(sorted(due), {pk: digests[pk] for pk in due if pk in digests})


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
    "created_on",
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
    if not patient_ids:
        return []
    patients = Patient.objects.filter(AnyOf(F("pk"), patient_ids)).order_by("pk")
    if lock:
        patients = patients.select_for_update(no_key=True, of=("self",))
    rows = patients.annotate(
        # The local day, computed by the database: cheaper than loading the timestamp.
        created_on=TruncDate("created_at"),
        latest_evaluation_id=_latest_evaluation_id(),
    ).values_list(*PATIENT_COLUMNS)
    found: dict[int, PatientInputs] = {}
    evaluation_ids = []
    for row in rows:
        (id_, department, sex, born, onset, diagnosed, diagnosis, status, created_on) = row[:9]
        active, stable, evaluation_id = row[9:]
        patient = PatientRow(
            id=id_,
            department_id=department,
            sex=sex,
            date_of_birth=born,
            symptom_onset_date=onset,
            diagnosis_date=diagnosed,
            diagnosis=diagnosis,
            follow_up_status=status,
            created_on=created_on,
        )
        found[patient.id] = PatientInputs(patient, active, stable)
        if evaluation_id is not None:
            evaluation_ids.append(evaluation_id)
    if not found:
        return []
    # The other tables are read by a range of patient ids when it is dense: rows of
    # patients outside the chunk are skipped.
    ids = list(found)
    visits = Visit.objects.filter(_id_filter("patient_id", ids)).order_by(
        "patient_id", "date", "pk"
    )
    for row in visits.values_list(*VISIT_COLUMNS):
        if (inputs := found.get(row[1])) is not None:
            inputs.visits.append(visit_input(row))
    courses = TherapyCourse.objects.filter(_id_filter("patient_id", ids)).order_by(
        "patient_id", "start", "pk"
    )
    for row in courses.values_list(*COURSE_COLUMNS):
        if (inputs := found.get(row[1])) is not None:
            inputs.courses.append(course_input(row))
    results = AntibodyResult.objects.filter(_id_filter("panel__patient_id", ids)).order_by(
        "panel__date", "panel_id", "pk"
    )
    for patient_id, antibody, result in results.values_list(
        "panel__patient_id", "antibody", "result"
    ):
        if (inputs := found.get(patient_id)) is not None:
            inputs.antibody_results.append((antibody, result))
    biopsies = MuscleBiopsy.objects.filter(_id_filter("patient_id", ids)).order_by("date", "pk")
    for patient_id, date, conclusion in biopsies.values_list("patient_id", "date", "conclusion"):
        if (inputs := found.get(patient_id)) is not None:
            inputs.biopsies.append((date, conclusion))
    if evaluation_ids:
        evaluations = RefractoryEvaluation.objects.filter(AnyOf(F("pk"), evaluation_ids))
        for patient_id, *values in evaluations.values_list(*EVALUATION_COLUMNS):
            found[patient_id].latest = LatestEvaluation(*values)
    reminders = Reminder.objects.filter(_id_filter("patient_id", ids))
    for patient_id, *values in reminders.values_list(*REMINDER_COLUMNS):
        if (inputs := found.get(patient_id)) is not None:
            inputs.reminders.append(StoredReminder(*values))
    return list(found.values())


def active_patient_ids() -> list[int]:
    """Return the ids of every patient in follow-up, in id order (what the sweep covers)."""
    return list(
        Patient.objects.filter(follow_up_status=FollowUpStatus.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
