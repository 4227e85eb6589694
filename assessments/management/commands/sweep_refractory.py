"""Run the refractory sweep now: queued for the workers, or in this process."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assessments.services.sweeps import DEFAULT_CHUNK_SIZE, sweep_run_inline, sweep_start


class Command(BaseCommand):
    help = (
        "Re-evaluate every patient in follow-up and bring their reminders up to date "
        "(what beat runs every night). --inline runs it here instead of on the workers."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--inline", action="store_true", help="Run in this process.")
        parser.add_argument("--as-of", help="Evaluate for this day (YYYY-MM-DD), default today.")
        parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else None
        except ValueError:
            raise CommandError("--as-of must be a date written YYYY-MM-DD") from None
        if options["chunk_size"] < 1:
            raise CommandError("--chunk-size must be at least 1")
        if options["inline"]:
            run = sweep_run_inline(as_of=as_of, chunk_size=options["chunk_size"])
            self.stdout.write(f"Sweep of {run.as_of}: {run.patient_count} patients re-evaluated.")
        else:
            run = sweep_start(as_of=as_of, chunk_size=options["chunk_size"])
            self.stdout.write(
                f"Sweep of {run.as_of} queued: {run.patient_count} patients "
                f"in {run.chunk_count} chunks."
            )
