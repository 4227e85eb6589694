"""Write demo patient plans to the database in bulk, with one history row per row.

Every clinical model is audited by django-simple-history; rows go in through
``infra.bulk_insert.insert_with_history`` (COPY on PostgreSQL: 20,000 patients in
under a minute), each with a "+" history row whose reason is "demo data" and no user.
"""

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice

from django.db import models
from django.utils import timezone

from assessments.models import Visit
from demo.plan import PatientPlan, Row
from demo.reference import CHANGE_REASON
from infra.bulk_insert import insert_with_history
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    Department,
    DiagnosisChange,
    DiagnosticTest,
    MuscleBiopsy,
    Patient,
)
from treatments.models import TherapyCourse

PATIENTS_PER_CHUNK = 1000
CLINICAL_MODELS: tuple[type[models.Model], ...] = (
    Patient,
    DiagnosisChange,
    MuscleBiopsy,
    AntibodyPanel,
    AntibodyResult,
    DiagnosticTest,
    TherapyCourse,
    Visit,
)


def _with(row: Row, drop: str = "", **extra: object) -> Row:
    """Return a copy of ``row`` without the key ``drop`` and with ``extra``."""
    copied = {key: value for key, value in row.items() if key != drop}
    copied.update(extra)
    return copied


def _chunks(plans: Iterable[PatientPlan], size: int) -> Iterator[list[PatientPlan]]:
    iterator = iter(plans)
    while chunk := list(islice(iterator, size)):
        yield chunk


class PlanWriter:
    """Turn plans into rows and insert them, counting rows per model."""

    def __init__(
        self,
        *,
        departments: Sequence[Department],
        user_ids: Mapping[tuple[int, str], int],
        drug_ids: Mapping[str, int],
    ) -> None:
        self.department_ids = [department.pk for department in departments]
        self.user_ids = user_ids
        self.drug_ids = drug_ids
        self.now = timezone.now()
        self.counts: Counter[str] = Counter()

    def write(self, plans: Iterable[PatientPlan]) -> Counter[str]:
        """Insert every plan, a chunk of patients at a time; return rows per model."""
        for chunk in _chunks(plans, PATIENTS_PER_CHUNK):
            self._write_chunk(chunk)
        return self.counts

    def _write_chunk(self, chunk: list[PatientPlan]) -> None:
        patient_ids = self.insert(
            Patient,
            [
                {**plan.patient, "department_id": self.department_ids[plan.department]}
                for plan in chunk
            ],
        )
        changes: list[Row] = []
        biopsies: list[Row] = []
        panels: list[Row] = []
        tests: list[Row] = []
        courses: list[Row] = []
        visits: list[Row] = []
        panel_results: list[list[Row]] = []
        for plan, pid in zip(chunk, patient_ids, strict=True):
            users = self.user_ids
            for row in plan.diagnosis_changes:
                user = users[(plan.department, str(row["recorded_by"]))]
                changes.append(_with(row, "recorded_by", recorded_by_id=user, patient_id=pid))
            biopsies += [{**row, "patient_id": pid} for row in plan.biopsies]
            for panel in plan.panels:
                panels.append({**panel.panel, "patient_id": pid})
                panel_results.append(panel.results)
            tests += [{**row, "patient_id": pid} for row in plan.tests]
            courses += [
                _with(row, "drug", drug_id=self.drug_ids[str(row["drug"])], patient_id=pid)
                for row in plan.courses
            ]
            for row in plan.visits:
                user = users[(plan.department, str(row["entered_by"]))]
                visits.append(_with(row, "entered_by", entered_by_id=user, patient_id=pid))
        self.insert(DiagnosisChange, changes)
        self.insert(MuscleBiopsy, biopsies)
        panel_ids = self.insert(AntibodyPanel, panels)
        results = [
            {**row, "panel_id": panel_id}
            for panel_id, rows in zip(panel_ids, panel_results, strict=True)
            for row in rows
        ]
        self.insert(AntibodyResult, results)
        self.insert(DiagnosticTest, tests)
        self.insert(TherapyCourse, courses)
        self.insert(Visit, visits)

    def insert(self, model: type[models.Model], rows: list[Row]) -> list[int]:
        """Insert rows (dicts by attribute name) and their history; return their ids."""
        ids = insert_with_history(model, rows, when=self.now, reason=CHANGE_REASON)
        self.counts[model._meta.label] += len(rows)
        return ids
