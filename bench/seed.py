"""Time ``seed_demo`` against a bare baseline on the configured database.

    DATABASE_URL=postgres://... python bench/seed.py [--patients 20000] [--seed 1]

Prints patients per second for ``seed_demo`` and for a baseline measured in the same
run: a plain ``bulk_create`` of as many bare Patient rows, without history. Their ratio
(how many times the baseline's time the demo takes) is comparable across machines;
seconds are not. Everything runs in one transaction that is rolled back, so the database
is left as it was: existing demo data is deleted first (not timed) and comes back with
the rollback. Deferred constraints are checked inside the timings, as a commit would.
"""

import argparse
import datetime as dt
import os
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from demo.reset import delete_demo_data  # noqa: E402
from patients.models import Department, Patient  # noqa: E402

PASSWORD = "bench-only-password-9f3k"
AS_OF = dt.date(2025, 6, 30)


def baseline(count: int) -> float:
    """Return the seconds a bulk_create of ``count`` bare patients takes (no history)."""
    department = Department.objects.create(name="Bench baseline", code="bench-baseline")
    patients = [
        Patient(
            department=department,
            hospital_number=f"B{index:07d}",
            given_name="Bench",
            family_name=f"Patient {index}",
            sex="female",
            date_of_birth=dt.date(1970, 1, 1),
        )
        for index in range(count)
    ]
    started = time.perf_counter()
    Patient.objects.bulk_create(patients, batch_size=2000)
    connection.check_constraints()
    return time.perf_counter() - started


def seed_demo(count: int, seed: int) -> float:
    """Return the seconds ``manage.py seed_demo`` takes for ``count`` patients."""
    started = time.perf_counter()
    call_command(
        "seed_demo",
        patients=count,
        seed=seed,
        password=PASSWORD,
        as_of=AS_OF,
        stdout=StringIO(),
    )
    connection.check_constraints()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engine = connection.vendor
    print(f"Database: {engine} ({connection.settings_dict['NAME']}), {args.patients:,} patients")
    with transaction.atomic():
        delete_demo_data()  # untimed, and undone by the rollback
        bare = baseline(args.patients)
        demo = seed_demo(args.patients, args.seed)
        transaction.set_rollback(True)
    print(f"baseline bulk_create, bare patients: {bare:8.2f} s {args.patients / bare:10,.0f} /s")
    print(f"seed_demo, full cohort with history: {demo:8.2f} s {args.patients / demo:10,.0f} /s")
    print(f"ratio seed_demo / baseline: {demo / bare:.1f}x")


if __name__ == "__main__":
    main()
