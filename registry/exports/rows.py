"""Rows of the flat exports, read in chunks of patients so memory stays constant.

Patients are read with a server-side cursor (``iterator(chunk_size=...)``); for each chunk
the visits, antibody results and therapy courses of just those patients are read with one
plain query each, with no prefetching. A chunk is all that is ever held in memory.
"""

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from django.db.models import IntegerField, Q, QuerySet
from django.db.models.functions import Cast

from assessments.models import RefractoryEvaluation, Visit
from patients.models import AntibodyResult, ExportContent, ExportShape, Patient
from registry.cohort.filters import date_range_q
from registry.exports.columns import (
    VISIT_COLUMNS,
    Column,
    columns_for,
    patient_columns,
    visit_columns,
)
from registry.exports.deidentify import age_on, shift_date
from registry.exports.sqlcsv import CsvText, csv_line
from treatments.models import TherapyCourse

CHUNK_PATIENTS = 1000
RESULT_RANK = {"positive": 3, "borderline": 2, "negative": 1, "not_tested": 0}
T = TypeVar("T")
Row = tuple[Any, ...]
Progress = Callable[[int], None]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class AsInteger(Cast):
    """Read a boolean column as 0/1, as statistics packages and REDCap's yes/no expect.

    The database already returns integers, so no Python converter runs on every value.
    """

    # Django's own no-op converter (which it recognises and skips); not in the type stubs.
    _convert_value_noop: Callable[..., Any]

    def __init__(self, expression: str) -> None:
        super().__init__(expression, IntegerField())

    @cached_property
    def convert_value(self) -> Callable[..., Any]:
        return self._convert_value_noop


# A therapy course as read: (drug name, line of therapy, start, stop).
Course = tuple[str, int | None, dt.date, dt.date | None]


@dataclass
class PatientBlock:
    """One patient of the export: their patient-level values and their visits."""

    prefix: Row
    shift_days: int
    visits: list[Row] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)


def _on_panel(patients: Q) -> Q:
    """Return the patient condition ``patients`` applied through the antibody panel.

    ``patients`` must be a plain AND of ``(lookup, value)`` pairs, with no nested ``Q``.
    """
    conditions: list[tuple[str, Any]] = []
    for child in patients.children:
        if not isinstance(child, Sequence):
            raise TypeError(f"Cannot move a nested condition to the panel: {child!r}")
        name, value = child
        conditions.append((f"panel__{name.replace('patient_id', 'patient')}", value))
    return Q(*conditions)


def therapy_on(courses: list[Course], day: dt.date) -> tuple[int | None, str]:
    """Return the highest line and the drugs ongoing on ``day``."""
    line = None
    names: list[str] = []
    for drug, course_line, start, stop in courses:
        if start <= day and (stop is None or stop >= day):
            if drug not in names:
                names.append(drug)
            if course_line is not None and (line is None or course_line > line):
                line = course_line
    return line, "; ".join(names)


class FlatExport:
    """The rows of a CSV/XLSX export of a filtered cohort, for one content and shape."""

    def __init__(
        self,
        patients: QuerySet[Patient],
        *,
        content: str,
        shape: str = ExportShape.PER_VISIT,
        visit_range: slice | None = None,
        chunk_size: int = CHUNK_PATIENTS,
    ) -> None:
        self.patients = patients
        self.content = content
        self.shape = shape
        self.visit_range = visit_range
        self.chunk_size = chunk_size
        self.deidentified = content == ExportContent.DEIDENTIFIED
        self.patient_columns = patient_columns(content)
        self.columns: tuple[Column, ...] = columns_for(shape=shape, content=content)
        self._db_columns = [column for column in self.patient_columns if column.source]
        self._columns_plan = self._plan()
        antibodies = [c.name[3:] for c in self.patient_columns if c.name.startswith("ab_")]
        self._antibody_slots = {code: slot for slot, code in enumerate(antibodies)}
        # The antibody columns close the patient part: _prefix appends them as one block.

    # -- Counting ---------------------------------------------------------------------

    def visits(self) -> QuerySet[Visit]:
        """Return the visits that belong in the export (restricted to the visit range)."""
        visits = Visit.objects.all()
        if self.visit_range is not None:
            visits = visits.filter(date_range_q("date", self.visit_range))
        return visits

    def count_patients(self) -> int:
        return self.patients.count()

    def count_rows(self) -> int:
        """Return the number of data rows the export will have."""
        if self.shape == ExportShape.PER_PATIENT:
            return self.count_patients()
        with_visits = self.visits().filter(patient__in=self.patients)
        without = self.patients.exclude(pk__in=self.visits().values("patient_id"))
        return with_visits.count() + without.count()

    # -- Reading ----------------------------------------------------------------------

    def blocks(
        self, progress: Progress | None = None, *, as_text: bool = False
    ) -> Iterator[PatientBlock]:
        """Yield one block per patient, chunk by chunk, calling ``progress`` after each.

        With ``as_text`` each visit is ``(date, csv text of the other visit columns)``.
        """
        fields = ["pk", "date_shift_days", "date_of_birth"]
        fields += [column.source for column in self._db_columns]
        rows = self.patients.order_by("pk").values_list(*fields)
        done = 0
        no_antibodies = (None,) * len(self._antibody_slots)
        for chunk in batched(rows.iterator(chunk_size=self.chunk_size), self.chunk_size):
            # The range lets the database use the patient index; the subquery keeps
            # only the filtered patients, without a long list of ids in the SQL.
            span = (chunk[0][0], chunk[-1][0])
            scope = Q(
                patient_id__gte=span[0],
                patient_id__lte=span[1],
                patient_id__in=self.patients.filter(pk__range=span).values("pk"),
            )
            antibodies = self._antibodies(scope)
            refractory = self._refractory(scope)
            courses = self._courses(scope)
            visits = self._visit_texts(scope) if as_text else self._visits(scope)
            for row in chunk:
                pk, shift = row[0], row[1]
                yield PatientBlock(
                    prefix=self._prefix(row, antibodies.get(pk, no_antibodies), refractory.get(pk)),
                    shift_days=shift,
                    visits=visits.get(pk, []),
                    courses=courses.get(pk, []),
                )
            done += len(chunk)
            if progress is not None:
                progress(done)

    def _plan(self) -> list[tuple[str, Any]]:
        """Return, per patient column, how to get its value from a patient row."""
        positions = {column.name: 3 + i for i, column in enumerate(self._db_columns)}
        plan: list[tuple[str, Any]] = []
        for column in self.patient_columns:
            if column.name == "refractory_status":
                plan.append(("refractory", None))
            elif column.name == "age_at_onset":
                plan.append(("age", positions["symptom_onset_date"]))
            elif column.name.startswith("ab_"):
                continue  # appended as one block, see _antibodies
            elif column.kind == "boolean":
                plan.append(("boolean", positions[column.name]))
            elif column.kind == "date" and self.deidentified:
                plan.append(("shifted", positions[column.name]))
            else:
                plan.append(("value", positions[column.name]))
        return plan

    def _prefix(self, row: Row, antibodies: Row, refractory: str | None) -> Row:
        """Return the patient-level values of one patient row (pk, shift, birth date, ...)."""
        values: list[Any] = []
        for how, key in self._columns_plan:
            if how == "value":
                values.append(row[key])
            elif how == "boolean":
                values.append(int(row[key]))
            elif how == "shifted":
                values.append(shift_date(row[key], row[1]))
            elif how == "age":
                values.append(age_on(row[2], row[key]))
            else:
                values.append(refractory)
        return (*values, *antibodies)

    def _antibodies(self, scope: Q) -> dict[int, Row]:
        """Return each patient's most positive result per antibody, in column order."""
        slots = self._antibody_slots
        best: dict[int, list[str | None]] = {}
        results = AntibodyResult.objects.filter(_on_panel(scope)).values_list(
            "panel__patient_id", "antibody", "result"
        )
        for patient_id, antibody, result in results:
            current = best.setdefault(patient_id, [None] * len(slots))
            slot = slots[antibody]
            if RESULT_RANK[result] >= RESULT_RANK.get(current[slot] or "", -1):
                current[slot] = result
        return {patient_id: tuple(values) for patient_id, values in best.items()}

    def _refractory(self, scope: Q) -> dict[int, str]:
        """Return each patient's latest refractory status (rows come newest first)."""
        latest: dict[int, str] = {}
        rows = (
            RefractoryEvaluation.objects.filter(scope)
            .order_by("patient_id", "-evaluated_at", "-id")
            .values_list("patient_id", "status")
        )
        for patient_id, status in rows:
            latest.setdefault(patient_id, status)
        return latest

    def _courses(self, scope: Q) -> dict[int, list[Course]]:
        courses: dict[int, list[Course]] = {}
        rows = (
            TherapyCourse.objects.filter(scope)
            .order_by("patient_id", "start", "id")
            .values_list("patient_id", "drug__name", "line_of_therapy", "start", "stop")
        )
        for row in rows:
            courses.setdefault(row[0], []).append(row[1:])
        return courses

    def _visits(self, scope: Q) -> dict[int, list[Row]]:
        booleans = {c.source for c in VISIT_COLUMNS if c.kind == "boolean"}
        sources = [AsInteger(c.source) if c.source in booleans else c.source for c in VISIT_COLUMNS]
        rows = (
            self.visits()
            .filter(scope)
            .order_by("patient_id", "date")
            .values_list("patient_id", *sources)
        )
        return {
            patient_id: [row[1:] for row in group]
            for patient_id, group in itertools.groupby(rows, key=lambda row: row[0])
        }

    def _visit_texts(self, scope: Q) -> dict[int, list[Row]]:
        """Return each patient's visits as (date, CSV text of the columns after the date)."""
        columns = [(column.source, column.kind) for column in VISIT_COLUMNS[1:]]
        rows = (
            self.visits()
            .filter(scope)
            .order_by("patient_id", "date")
            .values_list("patient_id", "date", CsvText(Visit, columns))
        )
        return {
            patient_id: [row[1:] for row in group]
            for patient_id, group in itertools.groupby(rows, key=lambda row: row[0])
        }

    # -- Shaping ----------------------------------------------------------------------

    def visit_values(self, block: PatientBlock, visit: Row) -> Row:
        """Return the visit-level values of one visit (date shifted when de-identified)."""
        day = visit[0]
        line, drugs = therapy_on(block.courses, day) if block.courses else (None, "")
        if self.deidentified:
            return (shift_date(day, block.shift_days), *visit[1:], line, drugs)
        return (*visit, line, drugs)

    def summary_values(self, block: PatientBlock) -> Row:
        """Return the per-patient summary of visits and therapy."""
        days = [visit[0] for visit in block.visits]
        shift = block.shift_days if self.deidentified else 0
        lines = [course[1] for course in block.courses if course[1] is not None]
        return (
            len(days),
            shift_date(days[0], shift) if days else None,
            shift_date(days[-1], shift) if days else None,
            max(lines) if lines else None,
            "; ".join(dict.fromkeys(course[0] for course in block.courses)),
        )

    def csv_lines(self, progress: Progress | None = None) -> Iterator[str]:
        """Yield the per-visit export as CSV lines (header first), numbers formatted by SQL."""
        yield ",".join(column.name for column in self.columns) + "\r\n"
        empty_visit = "," * len(visit_columns())
        for block in self.blocks(progress, as_text=True):
            prefix = csv_line(block.prefix)
            if not block.visits:
                yield prefix + empty_visit + "\r\n"
            therapy: dict[tuple[int | None, str], str] = {}
            for day, text in block.visits:
                current = therapy_on(block.courses, day) if block.courses else (None, "")
                if current not in therapy:
                    therapy[current] = csv_line(current)
                if self.deidentified:
                    day = shift_date(day, block.shift_days)
                yield f"{prefix},{day},{text},{therapy[current]}\r\n"

    def rows(self, progress: Progress | None = None) -> Iterator[Row]:
        """Yield the data rows in column order."""
        if self.shape == ExportShape.PER_PATIENT:
            for block in self.blocks(progress):
                yield block.prefix + self.summary_values(block)
            return
        empty_visit = (None,) * len(visit_columns())
        for block in self.blocks(progress):
            if not block.visits:
                yield block.prefix + empty_visit
            for visit in block.visits:
                yield block.prefix + self.visit_values(block, visit)
