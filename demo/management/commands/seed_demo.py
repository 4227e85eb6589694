"""Create a synthetic demo cohort: ``python manage.py seed_demo --patients 200 --seed 1``."""

import datetime as dt
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from demo.reference import DEPARTMENTS
from demo.services import demo_data_create


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = (
        "Create three demo departments, a user for every role and a synthetic cohort "
        "including the seed case. Refuses when demo data exists unless --reset."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--patients", type=int, default=200, help="Cohort size (200).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
        parser.add_argument(
            "--password", help="One password for every demo user instead of generated ones."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete existing demo departments, their patients and the demo users first.",
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            help="Date the data runs up to (default today); same seed and date, same data.",
        )
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="Printed with the login URL."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = demo_data_create(
                patients=options["patients"],
                seed=options["seed"],
                as_of=options["as_of"] or timezone.localdate(),
                password=options["password"],
                reset=options["reset"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        write = self.stdout.write
        for label, count in sorted(result.counts.items()):
            write(f"  {label:<28} {count:>10,} rows (+ {count:,} history rows)")
        rate = result.patients / result.seconds if result.seconds else float("inf")
        write(
            self.style.SUCCESS(
                f"Created {result.patients:,} demo patients in {result.seconds:.1f} s "
                f"({rate:,.0f} patients/s)."
            )
        )
        if result.seed_cases:
            write("")
            where = DEPARTMENTS[0].name
            write(f"The seed case (clinical-rules.md §10), in {where}, by hospital number:")
            for number, description in result.seed_cases:
                write(f"  {number:<12} {description}")
        write("")
        write(f"Log in at {options['base_url'].rstrip('/')}{reverse('login')}")
        width = max(len(c.username) for c in result.credentials)
        pwidth = max(len(c.password) for c in result.credentials)
        write(f"  {'user':<{width}}  {'password':<{pwidth}}  role")
        for c in result.credentials:
            write(f"  {c.username:<{width}}  {c.password:<{pwidth}}  {c.role}")
        write(
            "The passwords are shown only now. Generated ones follow from the seed: "
            "use this demo on a trusted machine only."
        )
