"""Benchmark the CSV export against PostgreSQL's own COPY of the same rows.

Usage (PostgreSQL only; the database is created and seeded on first run):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/myositis_bench python bench/export.py

It seeds 20,000 patients with 5 visits each (bulk inserts, once), then in the same run:
1. ``COPY (SELECT <patient and visit columns> ...) TO STDOUT WITH CSV`` of the visit rows;
2. the application's per-visit CSV export of the same cohort (same rows, plus the
   antibody, refractory and therapy columns computed in Python), drained as a response
   would be, timed without tracemalloc and with RSS growth measured;
3. the same export again under tracemalloc for the peak of Python allocations.
It prints both rates and the ratio; the bar is >= 25% of COPY's rate and < 50 MB growth.
"""

import datetime as dt
import os
import random
import resource
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import IntegerField  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402

from assessments.models import Visit  # noqa: E402
from patients.models import (  # noqa: E402
    AntibodyPanel,
    AntibodyResult,
    Department,
    Patient,
)
from registry.exports.columns import VISIT_COLUMNS  # noqa: E402
from registry.exports.rows import FlatExport  # noqa: E402
from registry.exports.writers import csv_blocks  # noqa: E402
from treatments.models import Drug, TherapyCourse  # noqa: E402

PATIENTS = 20_000
VISITS_PER_PATIENT = 5
BATCH = 2_000
BAR_RATIO = 0.25
BAR_MEGABYTES = 50


def seed() -> Department:
    """Create the bench department with its patients, visits, antibodies and therapy."""
    department, created = Department.objects.get_or_create(code="bench", name="Bench department")
    if not created and department.patients.count() >= PATIENTS:
        return department
    department.patients.all().delete()
    rng = random.Random(7)
    prednisolone = Drug.objects.get(name="Prednisolone")
    methotrexate = Drug.objects.get(name="Methotrexate")
    for start in range(0, PATIENTS, BATCH):
        patients = Patient.objects.bulk_create(
            Patient(
                department=department,
                hospital_number=f"B{index:07d}",
                given_name="Bench",
                family_name=f"Patient{index}",
                sex=rng.choice(["female", "male"]),
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(18_000)),
                symptom_onset_date=dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(2_000)),
                diagnosis=rng.choice(["dm", "pm", "imnm_hmgcr", "ibm", "asys"]),
            )
            for index in range(start, min(start + BATCH, PATIENTS))
        )
        visits, panels, courses = [], [], []
        for patient in patients:
            onset = patient.symptom_onset_date
            for number in range(VISITS_PER_PATIENT):
                visits.append(
                    Visit(
                        patient=patient,
                        date=onset + dt.timedelta(days=120 + 91 * number),
                        physician_global=Decimal(rng.randrange(0, 100)) / 10,
                        patient_global=Decimal(rng.randrange(0, 100)) / 10,
                        mmt8_total=rng.randrange(60, 150),
                        mmt_neck_flexors=rng.randrange(0, 11),
                        haq=Decimal(rng.randrange(0, 3000)) / 1000,
                        extramuscular_global=Decimal(rng.randrange(0, 100)) / 10,
                        ck_value=Decimal(rng.randrange(50, 9000)),
                        ck_uln=Decimal(190),
                        ldh_value=Decimal(rng.randrange(100, 900)),
                        ldh_uln=Decimal(250),
                        proximal_lower_weakness=rng.random() < 0.6,
                        dysphagia=rng.random() < 0.2,
                    )
                )
            panels.append(AntibodyPanel(patient=patient, date=onset, lab="Bench", method="elisa"))
            courses.append(
                TherapyCourse(
                    patient=patient,
                    drug=prednisolone,
                    dose=40,
                    unit="mg",
                    route="oral",
                    start=onset + dt.timedelta(days=100),
                    line_of_therapy=1,
                )
            )
            courses.append(
                TherapyCourse(
                    patient=patient,
                    drug=methotrexate,
                    dose=15,
                    unit="mg",
                    route="oral",
                    start=onset + dt.timedelta(days=130),
                    line_of_therapy=1,
                )
            )
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        AntibodyPanel.objects.bulk_create(panels, batch_size=BATCH)
        TherapyCourse.objects.bulk_create(courses, batch_size=BATCH)
        AntibodyResult.objects.bulk_create(
            [
                AntibodyResult(panel=panel, antibody=antibody, result=rng.choice(outcomes))
                for panel in panels
                for antibody, outcomes in (
                    ("hmgcr", ["positive", "negative"]),
                    ("srp", ["negative", "negative", "positive"]),
                    ("jo1", ["negative"]),
                )
            ],
            batch_size=BATCH,
        )
        print(f"  seeded {start + len(patients)} patients", flush=True)
    return department


def copy_sql(patients) -> tuple[str, list[object]]:
    """Return the SELECT of the same visit rows with the patient and visit columns."""
    patient_fields = (
        "patient__registry_id", "patient__department__code", "patient__family_name",
        "patient__given_name", "patient__hospital_number", "patient__date_of_birth",
        "patient__sex", "patient__symptom_onset_date", "patient__diagnosis_date",
        "patient__diagnosis", "patient__statin_exposure", "patient__cancer_history",
        "patient__family_history_neuromuscular", "patient__follow_up_status",
    )  # fmt: skip
    visit_fields = [
        Cast(column.source, IntegerField()) if column.kind == "boolean" else column.source
        for column in VISIT_COLUMNS
    ]
    query = (
        Visit.objects.filter(patient__in=patients)
        .order_by("patient_id", "date")
        .values_list(*patient_fields, *visit_fields)
    )
    sql, params = query.query.sql_with_params()
    return sql, list(params)


def time_copy(patients) -> tuple[int, float]:
    """Run COPY ... TO STDOUT of the visit rows; return (rows, seconds)."""
    sql, params = copy_sql(patients)
    connection.ensure_connection()
    raw = connection.connection
    started = time.perf_counter()
    lines = 0
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
    with raw.cursor() as cursor, cursor.copy(statement, params) as copy:
        for block in copy:
            lines += bytes(block).count(b"\n")
    return lines - 1, time.perf_counter() - started


def run_export(patients) -> tuple[int, float, int]:
    """Drain the per-visit CSV export; return (rows, seconds, bytes)."""
    export = FlatExport(patients, content="identified")
    size = 0
    started = time.perf_counter()
    blocks, counter = csv_blocks(export)
    for block in blocks:
        size += len(block)
    return counter.count, time.perf_counter() - started, size


def rss_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Run the benchmark on PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)
    print("Seeding (first run only)...", flush=True)
    department = seed()
    patients = Patient.objects.filter(department=department)
    run_export(patients.filter(pk__in=patients.order_by("pk").values("pk")[:500]))  # warm up

    copy_rows, copy_seconds = time_copy(patients)
    rss_before = rss_megabytes()
    rows, seconds, size = run_export(patients)
    rss_growth = rss_megabytes() - rss_before
    copy_rows_again, copy_seconds_again = time_copy(patients)
    copy_seconds = min(copy_seconds, copy_seconds_again)
    tracemalloc.start()
    run_export(patients)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    copy_rate = copy_rows / copy_seconds
    rate = rows / seconds
    ratio = rate / copy_rate
    peak_mb = peak / 1024 / 1024
    print(f"patients: {patients.count()}, visit rows: export {rows}, COPY {copy_rows}")
    print(f"COPY TO STDOUT: {copy_rate:,.0f} rows/s ({copy_seconds:.2f} s)")
    print(f"CSV export:     {rate:,.0f} rows/s ({seconds:.2f} s, {size / 1e6:.1f} MB written)")
    print(f"ratio: {ratio:.1%} of COPY's rate (bar {BAR_RATIO:.0%})")
    print(f"memory: peak Python allocations {peak_mb:.1f} MB (tracemalloc), ", end="")
    print(f"RSS growth {rss_growth:.1f} MB (bar {BAR_MEGABYTES} MB)")
    assert rows == copy_rows == copy_rows_again, "the export and COPY must hold the same rows"
    ok = ratio >= BAR_RATIO and max(peak_mb, rss_growth) < BAR_MEGABYTES
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
