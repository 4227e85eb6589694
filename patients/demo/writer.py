"""Write demo patient plans to the database in bulk, with one history row per row.

Every clinical model is audited by django-simple-history. With its helper
``bulk_create_with_history``, 2,000 patients took 34 s on PostgreSQL (about 6 minutes
for 20,000): the ORM prepares every value of every row one by one, and again for the
history rows. So on PostgreSQL the writer draws ids from each table's sequence and
``COPY``s the rows and their history rows, filling the columns simple-history fills
(history type "+", change reason "demo data", no user): 20,000 patients in under a
minute. Elsewhere (SQLite) rows go in through ``bulk_create`` and their history through
one ``INSERT ... SELECT`` per batch. Either way a check at start-up refuses to run if
the history table has columns this writer does not know.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from operator import itemgetter

from django.db import connection, models
from django.utils import timezone

from assessments.models import Visit
from patients.demo.plan import PatientPlan, Row
from patients.demo.reference import CHANGE_REASON
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
BATCH_SIZE = 5000
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
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def quote(name: str | None) -> str:
    """Return a table or column name quoted for SQL."""
    if not name:
        raise ValueError("a table or column without a name")
    return connection.ops.quote_name(name)


def column_of(field: object) -> str:
    """Return the database column of a concrete field."""
    column = getattr(field, "column", None)
    if not column:
        raise ValueError(f"{field} has no column")
    return str(column)


def _with(row: Row, drop: str = "", **extra: object) -> Row:
    """Return a copy of ``row`` without the key ``drop`` and with ``extra``."""
    copied = {key: value for key, value in row.items() if key != drop}
    copied.update(extra)
    return copied


def _chunks(plans: Iterable[PatientPlan], size: int) -> Iterator[list[PatientPlan]]:
    iterator = iter(plans)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Table:
    """How to insert rows of one model: its columns and the values a row leaves out."""

    def __init__(self, model: type[models.Model], now: dt.datetime) -> None:
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.template: Row = {}
        for field in self.fields:
            if field.name in ("created_at", "updated_at"):
                self.template[field.attname] = now
            elif field.has_default() and not callable(field.default):
                self.template[field.attname] = field.get_default()
            else:
                self.template[field.attname] = None
        self.getter = itemgetter(*(field.attname for field in self.fields))
        self.pk = column_of(model._meta.pk)
        columns = [self.pk, *(column_of(field) for field in self.fields)]
        history = model.history.model  # type: ignore[attr-defined]
        tracked = [column_of(field) for field in history.tracked_fields]
        own = {"history_id", *HISTORY_COLUMNS}
        extra = {column_of(field) for field in history._meta.concrete_fields} - set(tracked) - own
        if tracked != columns or extra:  # a simple-history upgrade changed the table: stop
            raise RuntimeError(f"The history table of {model.__name__} has unexpected columns")
        self.name = quote(model._meta.db_table)
        self.history_name = quote(history._meta.db_table)
        self.columns = ", ".join(quote(column) for column in columns)
        self.history_sql = (
            f"INSERT INTO {self.history_name} ({self.columns}, {', '.join(HISTORY_COLUMNS)}) "
            f"SELECT {self.columns}, %s, %s, '+', NULL FROM {self.name} WHERE {quote(self.pk)} "
        )

    def values(self, row: Row) -> tuple[object, ...]:
        """Return the row's values in column order (without the id), defaults filled in."""
        values: tuple[object, ...] = self.getter({**self.template, **row})
        return values


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
        self.tables = {model: _Table(model, self.now) for model in CLINICAL_MODELS}
        self.counts: Counter[str] = Counter()
        self.copy = connection.vendor == "postgresql"

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
        if not rows:
            return []
        table = self.tables[model]
        if self.copy:
            ids = self._copy(table, rows)
        else:
            ids = self._bulk_create(table, rows)
            self._history(table, ids)
        self.counts[model._meta.label] += len(rows)
        return ids

    def _bulk_create(self, table: _Table, rows: list[Row]) -> list[int]:
        objs = [table.model(**row) for row in rows]
        table.model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
        return [obj.pk for obj in objs]

    def _copy(self, table: _Table, rows: list[Row]) -> list[int]:
        """COPY the rows and their history rows in; return the ids drawn for them."""
        history_tail = (self.now, CHANGE_REASON, "+", None)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table.model._meta.db_table, table.pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            values = [
                (pk_value, *table.values(row)) for pk_value, row in zip(ids, rows, strict=True)
            ]
            with cursor.cursor.copy(f"COPY {table.name} ({table.columns}) FROM STDIN") as copy:
                for row_values in values:
                    copy.write_row(row_values)
            columns = f"{table.columns}, {', '.join(HISTORY_COLUMNS)}"
            with cursor.cursor.copy(f"COPY {table.history_name} ({columns}) FROM STDIN") as copy:
                for row_values in values:
                    copy.write_row(row_values + history_tail)
        return ids

    def _history(self, table: _Table, ids: list[int]) -> None:
        """Copy just-inserted rows into their history table, a batch at a time."""
        when = connection.ops.adapt_datetimefield_value(self.now)
        size = min(BATCH_SIZE, (connection.features.max_query_params or BATCH_SIZE) - 2)
        with connection.cursor() as cursor:
            for start in range(0, len(ids), size):
                batch = ids[start : start + size]
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(table.history_sql + f"IN ({marks})", [when, CHANGE_REASON, *batch])
