"""Create (and reset) the demo cohort."""

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from demo.accounts import (
    Credential,
    check_password_strength,
    create_departments,
    create_users,
)
from demo.cohort import SEED_CASES, generate_cohort
from demo.reset import delete_demo_data, existing_demo_data
from demo.seed_case import EARLIEST_AS_OF
from demo.writer import PlanWriter
from patients.models import Patient
from treatments.models import Drug

MAX_PATIENTS = 1_000_000


@dataclass(frozen=True)
class DemoData:
    """What a demo run created, the credentials to hand out and how long it took.

    ``seed_cases`` lists the seed-case patients created: (hospital number, description).
    """

    patients: int
    counts: Counter[str]
    credentials: list[Credential]
    seconds: float
    seed_cases: tuple[tuple[str, str], ...] = ()


def demo_data_create(
    *,
    patients: int,
    seed: int,
    as_of: dt.date,
    password: str | None = None,
    reset: bool = False,
) -> DemoData:
    """Create the demo departments, users and a synthetic cohort of ``patients``.

    The cohort is a function of ``seed`` and ``as_of`` only. Refuses when demo data
    exists unless ``reset``, which first deletes the demo departments with all their
    patients and history, and the demo users. All or nothing: one transaction.
    Rows are not ``full_clean()``-ed one by one (too slow at 20,000 patients); the
    database constraints check every row, and the tests run ``full_clean`` on samples.
    """
    if not 1 <= patients <= MAX_PATIENTS:
        raise ValidationError(f"The number of patients must be between 1 and {MAX_PATIENTS}.")
    if as_of < EARLIEST_AS_OF:
        raise ValidationError(f"The as-of date must be on or after {EARLIEST_AS_OF}.")
    if password is not None:
        check_password_strength(password)
    started = time.perf_counter()
    with transaction.atomic():
        existing = existing_demo_data()
        if existing and not reset:
            raise ValidationError(
                f"Demo data already exists ({existing}). "
                "Run with --reset to delete it and create it again."
            )
        if existing:
            try:
                delete_demo_data()
            except ProtectedError as exc:
                raise ValidationError(
                    "The demo users are referenced by data outside the demo departments; "
                    "delete that data first."
                ) from exc
        departments = create_departments()
        user_ids, credentials = create_users(departments=departments, seed=seed, password=password)
        writer = PlanWriter(
            departments=departments,
            user_ids=user_ids,
            drug_ids=dict(Drug.objects.values_list("name", "pk")),
        )
        taken_ids = frozenset(Patient.objects.values_list("registry_id", flat=True))
        cohort = generate_cohort(count=patients, seed=seed, as_of=as_of, taken_ids=taken_ids)
        counts = writer.write(cohort)
    return DemoData(
        patients=patients,
        counts=counts,
        credentials=credentials,
        seconds=time.perf_counter() - started,
        seed_cases=SEED_CASES[:patients],
    )
