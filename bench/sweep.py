"""Benchmark the nightly sweep through a real Celery worker (not a test).

Seeds N patients in follow-up (default 20,000) with visits, therapy courses, antibody
panels and biopsies by bulk inserts, starts ``celery worker --concurrency=2``, runs the
sweep three times and prints patients per second for each, with the ratio against a
plain read of the same input rows in one query:

- cold: the first sweep, which evaluates everyone and writes every evaluation and
  reminder (as after loading a registry);
- steady state: the same day again, nothing changed, nothing written;
- next night: the following day, after 1% of patients got a new visit; the patients
  whose safety-net re-check falls on that night (about one in 28) are evaluated too.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/myositis_bench_jobs \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/6 \\
    python bench/sweep.py --patients 20000

The database is created and migrated if needed; seeded rows are kept between runs
(``--reseed`` starts again). Target: at least 10,000 patients per second.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DJANGO_DEBUG", "false")

TARGET = 10_000
MSA = ("jo1", "pl7", "pl12", "ej", "oj", "mda5", "tif1g", "nxp2", "sae", "mi2", "srp", "hmgcr")
SUBTYPES = ("dm", "pm", "imnm_hmgcr", "imnm_seroneg", "asys", "overlap", "ibm")
CONCLUSIONS = ("inflammatory", "necrotising", "non_inflammatory", "dm_pattern", "non_diagnostic")


def ensure_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL if it does not exist."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        found = conn.execute(query, [db["NAME"]]).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{db["NAME"]}"')


def seed(count: int, *, reseed: bool) -> None:
    """Bulk-insert ``count`` patients in follow-up and their clinical rows (no history)."""
    from assessments.models import Visit
    from patients.models import AntibodyPanel, AntibodyResult, Department, MuscleBiopsy, Patient
    from treatments.models import Drug, TherapyCourse

    if reseed:
        Patient.objects.all().delete()
    have = Patient.objects.count()
    if have >= count:
        print(f"Seed: {have} patients already present")
        return
    rng = random.Random(20061)
    departments = [
        Department.objects.get_or_create(code=f"bench{n}", defaults={"name": f"Bench {n}"})[0]
        for n in range(20)
    ]
    drugs = {drug.name: drug for drug in Drug.objects.all()}
    partners = [drugs[name] for name in ("Methotrexate", "Azathioprine", "Mycophenolate mofetil")]
    started = time.perf_counter()
    for start in range(have, count, 2000):
        size = min(2000, count - start)
        patients = []
        for n in range(start, start + size):
            onset = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randrange(3650))
            patients.append(
                Patient(
                    department=rng.choice(departments),
                    hospital_number=f"B{n:08d}",
                    given_name="Bench",
                    family_name=f"Patient{n}",
                    sex=rng.choice(("female", "male")),
                    date_of_birth=onset - dt.timedelta(days=365 * rng.randrange(15, 80)),
                    symptom_onset_date=onset,
                    diagnosis_date=onset + dt.timedelta(days=rng.randrange(30, 200)),
                    diagnosis=rng.choice(SUBTYPES),
                    statin_exposure=rng.random() < 0.1,
                )
            )
        patients = Patient.objects.bulk_create(patients)
        visits, courses, panels, biopsies = [], [], [], []
        for patient in patients:
            therapy = patient.diagnosis_date
            if rng.random() < 0.85:
                courses.append(_course(patient, drugs["Prednisolone"], therapy))
                courses.append(_course(patient, rng.choice(partners), therapy))
            if rng.random() < 0.1:
                courses.append(_course(patient, drugs["Atorvastatin"], therapy))
            if rng.random() < 0.05:
                ivig = therapy + dt.timedelta(days=200)
                courses.append(_course(patient, drugs["Intravenous immunoglobulin"], ivig))
            for index in range(rng.randrange(1, 5)):
                visits.append(_visit(rng, patient, therapy + dt.timedelta(days=120 * index)))
            if rng.random() < 0.7:
                panel = AntibodyPanel(patient=patient, date=therapy, lab="Bench", method="ip")
                panels.append(panel)
            if rng.random() < 0.5:
                conclusion = rng.choice(CONCLUSIONS)
                biopsy = MuscleBiopsy(
                    patient=patient, date=patient.symptom_onset_date, conclusion=conclusion
                )
                biopsies.append(biopsy)
        TherapyCourse.objects.bulk_create(courses)
        Visit.objects.bulk_create(visits)
        MuscleBiopsy.objects.bulk_create(biopsies)
        results = []
        for panel in AntibodyPanel.objects.bulk_create(panels):
            positive = rng.choice((None, None, *MSA))
            for code in MSA[: rng.randrange(8, len(MSA) + 1)]:
                outcome = "positive" if code == positive else "negative"
                results.append(AntibodyResult(panel=panel, antibody=code, result=outcome))
        AntibodyResult.objects.bulk_create(results)
    print(f"Seed: {count - have} patients inserted in {time.perf_counter() - started:.1f} s")


def _course(patient: object, drug: object, start: dt.date) -> object:
    from treatments.models import TherapyCourse

    return TherapyCourse(
        patient=patient, drug=drug, dose=Decimal("10"), unit="mg", route="oral", start=start
    )


def _visit(rng: random.Random, patient: object, day: dt.date) -> object:
    from assessments.models import Visit

    def vas() -> Decimal:
        return Decimal(rng.randrange(0, 100)) / 10

    return Visit(
        patient=patient,
        date=day,
        physician_global=vas(),
        patient_global=vas(),
        extramuscular_global=vas(),
        haq=Decimal(rng.randrange(0, 300)) / 100,
        mmt8_variant="bilateral",
        mmt8_total=rng.randrange(80, 151),
        ck_value=Decimal(rng.randrange(50, 5000)),
        ck_uln=Decimal("190"),
        dysphagia=rng.random() < 0.1,
    )


def start_worker(concurrency: int) -> subprocess.Popen[str]:
    env = {**os.environ, "DJANGO_DEBUG": "false"}
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=WARNING",
        f"--concurrency={concurrency}", "--pool=prefork", "--without-gossip",
        "--without-mingle", "-n", f"bench-{os.getpid()}@%h",
    ]  # fmt: skip
    log = (ROOT / "var" / "bench-worker.log").open("w")
    print(f"Worker log: {log.name}")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def wait(condition: object, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.01)
    raise SystemExit(f"Timed out waiting for {what}")


def timed_sweep(count: int, chunk_size: int, as_of: dt.date | None = None) -> float:
    """Run one sweep through the worker; return its wall time from send to last chunk."""
    from assessments.models import SweepRun
    from assessments.tasks import sweep_refractory

    before = SweepRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    started = time.perf_counter()
    sweep_refractory.delay(as_of and as_of.isoformat(), chunk_size=chunk_size)
    wait(
        lambda: SweepRun.objects.filter(pk__gt=before, finished_at__isnull=False).exists(),
        timeout=600,
        what="the sweep to finish",
    )
    elapsed = time.perf_counter() - started
    run = SweepRun.objects.get(pk__gt=before)
    assert run.patient_count == count, (run.patient_count, count)
    return elapsed


PLAIN_READ = """
SELECT 'p' AS t, p::text FROM (
  SELECT id, department_id, sex, date_of_birth, symptom_onset_date, diagnosis_date, diagnosis,
         follow_up_status, created_at FROM patients_patient WHERE follow_up_status = 'active') p
UNION ALL SELECT 'v', v::text FROM (SELECT {visit_columns} FROM assessments_visit) v
UNION ALL SELECT 'c', c::text FROM (
  SELECT c.id, c.patient_id, d.name, d.drug_class, c.start, c.stop, c.stop_reason
  FROM treatments_therapycourse c JOIN treatments_drug d ON d.id = c.drug_id) c
UNION ALL SELECT 'a', a::text FROM (
  SELECT p.patient_id, r.antibody, r.result, p.date FROM patients_antibodyresult r
  JOIN patients_antibodypanel p ON p.id = r.panel_id) a
UNION ALL SELECT 'b', b::text FROM (
  SELECT patient_id, date, conclusion FROM patients_musclebiopsy) b
UNION ALL SELECT 'e', e::text FROM (
  SELECT DISTINCT ON (patient_id) patient_id, status, reason, as_of, rule_version,
         parameters, inputs FROM assessments_refractoryevaluation
  ORDER BY patient_id, evaluated_at DESC, id DESC) e
UNION ALL SELECT 'r', r::text FROM (
  SELECT patient_id, id, kind, due_period, status, due_date, reason, source, resolved_by_id,
         notify_on FROM assessments_reminder) r
"""


def add_visits(share: float, day: dt.date) -> int:
    """Give a share of the patients a new visit on ``day`` (a day of data entry)."""
    from assessments.models import Visit
    from patients.models import Patient

    rng = random.Random(day.toordinal())
    ids = list(Patient.objects.order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(ids, max(1, int(len(ids) * share)))
    Visit.objects.bulk_create(
        [_visit(rng, Patient(pk=pk), day) for pk in chosen]  # type: ignore[arg-type]
    )
    return len(chosen)


def plain_read() -> tuple[float, int]:
    """Read the sweep's input rows in one query; return (seconds, rows)."""
    from django.db import connection

    from assessments.adapters import VISIT_COLUMNS

    sql = PLAIN_READ.format(visit_columns=", ".join(VISIT_COLUMNS))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    return time.perf_counter() - started, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--chunk-size", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from assessments.models import (
        RefractoryEvaluation,
        Reminder,
        SweepRun,
        SweepState,
        Visit,
        WorkerHeartbeat,
    )
    from assessments.tasks import heartbeat
    from config.celery_app import app

    seed(args.patients, reseed=args.reseed)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
    count = args.patients
    Visit.objects.filter(date__gt=timezone.localdate()).delete()  # an earlier run's next night
    RefractoryEvaluation.objects.all().delete()
    Reminder.history.all().delete()
    Reminder.objects.all().delete()
    SweepRun.objects.all().delete()
    SweepState.objects.all().delete()
    app.control.purge()

    worker = start_worker(args.concurrency)
    # Stop the worker however the benchmark ends (timeout's SIGTERM included).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("Interrupted"))
    try:
        marker = f"bench-{os.getpid()}"
        heartbeat.delay(marker)
        wait(
            lambda: WorkerHeartbeat.objects.filter(worker=marker).exists(),
            timeout=120,
            what="the worker to start",
        )
        cold = timed_sweep(count, args.chunk_size)
        evaluations, reminders = RefractoryEvaluation.objects.count(), Reminder.objects.count()
        steady = timed_sweep(count, args.chunk_size)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        changed = add_visits(0.01, tomorrow)
        due = SweepState.objects.filter(recheck_on__lte=tomorrow).count()
        night = timed_sweep(count, args.chunk_size, as_of=tomorrow)
        read, rows = plain_read()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)

    print(f"Patients: {count}, chunks of {args.chunk_size}, worker concurrency {args.concurrency}")
    print(f"Cold sweep (writes {evaluations} evaluations, {reminders} reminders + history):")
    print(f"  {cold:.2f} s  ->  {count / cold:,.0f} patients/s")
    print("Steady-state sweep (nothing changed, nothing written):")
    print(f"  {steady:.2f} s  ->  {count / steady:,.0f} patients/s")
    print(f"Next night ({changed} patients with a new visit, {due} re-checks due by date):")
    print(f"  {night:.2f} s  ->  {count / night:,.0f} patients/s")
    print(f"Plain read of the same input rows in one query: {rows} rows in {read:.2f} s")
    print(
        f"  ratio sweep / plain read: cold {cold / read:.1f}x, steady {steady / read:.1f}x, "
        f"next night {night / read:.1f}x"
    )
    for name, seconds in (("cold", cold), ("steady-state", steady), ("next night", night)):
        verdict = "meets" if count / seconds >= TARGET else "misses"
        print(f"Target {TARGET:,} patients/s: {name} sweep {verdict} it")


if __name__ == "__main__":
    main()
