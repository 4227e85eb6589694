"""Rows of the flat exports, read in chunks of patients so memory stays constant.

Patients are read with a server-side cursor (``iterator(chunk_size=...)``); for each chunk
the visits, antibody results and therapy courses of just those patients are read with one
plain query each, with no prefetching. A chunk is all that is ever held in memory.
"""

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import IntegerField, QuerySet
from django.db.models.functions import Cast

from assessments.models import RefractoryEvaluation, Visit
from patients.exports.columns import (
    VISIT_COLUMNS,
    Column,
    columns_for,
    patient_columns,
    visit_columns,
)
from patients.exports.deidentify import age_on, shift_date
from patients.filters import date_range_q
from patients.models import AntibodyResult, ExportContent, ExportShape, Patient
from treatments.models import TherapyCourse

CHUNK_PATIENTS = 500
RESULT_RANK = {"positive": 3, "borderline": 2, "negative": 1, "not_tested": 0}
T = TypeVar("T")
Row = tuple[Any, ...]
Progress = Callable[[int], None]


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Yield lists of at most ``size`` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _as_int(name: str) -> Cast:
    """Read a boolean column as 0/1, as statistics packages and REDCap's yes/no expect."""
    return Cast(name, IntegerField())


@dataclass(frozen=True)
class Course:
    drug: str
    line: int | None
    start: dt.date
    stop: dt.date | None

    def ongoing_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.stop is None or self.stop >= day)


@dataclass
class PatientBlock:
    """One patient of the export: their patient-level values and their visits."""

    prefix: Row
    shift_days: int
    visits: list[Row] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)


def therapy_on(courses: list[Course], day: dt.date) -> tuple[int | None, str]:
    """Return the highest line and the drugs ongoing on ``day``."""
    ongoing = [course for course in courses if course.ongoing_on(day)]
    lines = [course.line for course in ongoing if course.line is not None]
    names = dict.fromkeys(course.drug for course in ongoing)
    return (max(lines) if lines else None), "; ".join(names)


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
        self._boolean_patient = {c.name for c in self.patient_columns if c.kind == "boolean"}

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

    def blocks(self, progress: Progress | None = None) -> Iterator[PatientBlock]:
        """Yield one block per patient, chunk by chunk, calling ``progress`` after each."""
        fields = ["pk", "date_shift_days", "date_of_birth"]
        fields += [column.source for column in self._db_columns]
        rows = self.patients.order_by("pk").values_list(*fields)
        done = 0
        for chunk in batched(rows.iterator(chunk_size=self.chunk_size), self.chunk_size):
            ids = [row[0] for row in chunk]
            antibodies = self._antibodies(ids)
            refractory = self._refractory(ids)
            courses = self._courses(ids)
            visits = self._visits(ids)
            for row in chunk:
                pk, shift, dob = row[0], row[1], row[2]
                values = dict(zip((c.name for c in self._db_columns), row[3:], strict=True))
                yield PatientBlock(
                    prefix=self._prefix(
                        values, dob, shift, antibodies.get(pk, {}), refractory.get(pk)
                    ),
                    shift_days=shift,
                    visits=visits.get(pk, []),
                    courses=courses.get(pk, []),
                )
            done += len(chunk)
            if progress is not None:
                progress(done)

    def _prefix(
        self,
        values: dict[str, Any],
        dob: dt.date,
        shift: int,
        antibodies: dict[str, str],
        refractory: str | None,
    ) -> Row:
        prefix = []
        for column in self.patient_columns:
            if column.name == "refractory_status":
                value: Any = refractory
            elif column.name == "age_at_onset":
                value = age_on(dob, values["symptom_onset_date"])
            elif column.name.startswith("ab_"):
                value = antibodies.get(column.name[3:])
            else:
                value = values[column.name]
                if column.name in self._boolean_patient:
                    value = int(value)
                elif column.kind == "date" and self.deidentified:
                    value = shift_date(value, shift)
            prefix.append(value)
        return tuple(prefix)

    def _antibodies(self, ids: list[int]) -> dict[int, dict[str, str]]:
        best: dict[int, dict[str, str]] = {}
        results = AntibodyResult.objects.filter(panel__patient_id__in=ids).values_list(
            "panel__patient_id", "antibody", "result"
        )
        for patient_id, antibody, result in results:
            current = best.setdefault(patient_id, {})
            if RESULT_RANK[result] >= RESULT_RANK.get(current.get(antibody, ""), -1):
                current[antibody] = result
        return best

    def _refractory(self, ids: list[int]) -> dict[int, str]:
        """Return each patient's latest refractory status (rows come newest first)."""
        latest: dict[int, str] = {}
        rows = (
            RefractoryEvaluation.objects.filter(patient_id__in=ids)
            .order_by("patient_id", "-evaluated_at", "-id")
            .values_list("patient_id", "status")
        )
        for patient_id, status in rows:
            latest.setdefault(patient_id, status)
        return latest

    def _courses(self, ids: list[int]) -> dict[int, list[Course]]:
        courses: dict[int, list[Course]] = {}
        rows = (
            TherapyCourse.objects.filter(patient_id__in=ids)
            .order_by("patient_id", "start", "id")
            .values_list("patient_id", "drug__name", "line_of_therapy", "start", "stop")
        )
        for patient_id, *course in rows:
            courses.setdefault(patient_id, []).append(Course(*course))
        return courses

    def _visits(self, ids: list[int]) -> dict[int, list[Row]]:
        booleans = {c.source for c in VISIT_COLUMNS if c.kind == "boolean"}
        sources = [_as_int(c.source) if c.source in booleans else c.source for c in VISIT_COLUMNS]
        rows = (
            self.visits()
            .filter(patient_id__in=ids)
            .order_by("patient_id", "date")
            .values_list("patient_id", *sources)
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
        lines = [course.line for course in block.courses if course.line is not None]
        return (
            len(days),
            shift_date(days[0], shift) if days else None,
            shift_date(days[-1], shift) if days else None,
            max(lines) if lines else None,
            "; ".join(dict.fromkeys(course.drug for course in block.courses)),
        )

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
