"""Recompute the stored scores of every visit (after a rules change or a bulk load)."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from assessments.services.scores import patient_scores_recompute
from patients.models import Patient


class Command(BaseCommand):
    help = (
        "Recompute TIS, IMACS DOI and EULAR/ACR classification for every visit of every "
        "patient (or of the registry ids given), storing them with the current rule versions."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("registry_ids", nargs="*", help="Only these patients.")

    def handle(self, *args: Any, **options: Any) -> None:
        patients = Patient.objects.order_by("pk")
        if options["registry_ids"]:
            patients = patients.filter(registry_id__in=options["registry_ids"])
        visits = 0
        for patient in patients.iterator(chunk_size=500):
            visits += len(patient_scores_recompute(patient=patient))
        self.stdout.write(f"Scores recomputed for {visits} visits.")
