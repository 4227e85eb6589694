"""Muscle biopsies with structured findings."""

from django.db import models
from django.db.models import Q

from patients.models.base import ClinicalRecord
from patients.models.patient import EARLIEST_DATE, Patient


class BiopsyConclusion(models.TextChoices):
    INFLAMMATORY = "inflammatory", "Inflammatory myopathy"
    DM_PATTERN = "dm_pattern", "Dermatomyositis pattern"
    NECROTISING = "necrotising", "Necrotising myopathy"
    IBM_PATTERN = "ibm_pattern", "Inclusion body myositis pattern"
    NON_INFLAMMATORY = "non_inflammatory", "Myopathic, no inflammation"
    NORMAL = "normal", "No pathological change"
    NON_DIAGNOSTIC = "non_diagnostic", "Non-diagnostic"


FINDING_FIELDS = (
    "endomysial_infiltrate",
    "perimysial_perivascular_infiltrate",
    "perifascicular_atrophy",
    "rimmed_vacuoles",
    "necrotic_fibres_predominant",
    "mhc1_upregulation",
    "mac_deposition",
)


class MuscleBiopsy(ClinicalRecord):
    """One muscle biopsy: its site, structured findings and the pathologist's conclusion."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="biopsies")
    date = models.DateField()
    muscle = models.CharField(max_length=60, default="vastus lateralis")
    endomysial_infiltrate = models.BooleanField(
        "Endomysial mononuclear infiltrate surrounding, not invading, fibres", default=False
    )
    perimysial_perivascular_infiltrate = models.BooleanField(
        "Perimysial and/or perivascular infiltrate", default=False
    )
    perifascicular_atrophy = models.BooleanField("Perifascicular atrophy", default=False)
    rimmed_vacuoles = models.BooleanField("Rimmed vacuoles", default=False)
    necrotic_fibres_predominant = models.BooleanField(
        "Necrotic/regenerating fibres predominant", default=False
    )
    mhc1_upregulation = models.BooleanField("MHC class I upregulation", default=False)
    mac_deposition = models.BooleanField("MAC (C5b-9) deposition", default=False)
    no_pathological_change = models.BooleanField("No pathological change", default=False)
    conclusion = models.CharField(max_length=20, choices=BiopsyConclusion.choices)
    report = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name_plural = "muscle biopsies"
        constraints = [
            models.CheckConstraint(
                name="biopsy_conclusion_valid", condition=Q(conclusion__in=BiopsyConclusion.values)
            ),
            models.CheckConstraint(
                name="biopsy_no_change_excludes_findings",
                condition=Q(no_pathological_change=False)
                | Q(**dict.fromkeys(FINDING_FIELDS, False)),
            ),
            models.CheckConstraint(name="biopsy_after_1900", condition=Q(date__gte=EARLIEST_DATE)),
        ]

    def __str__(self) -> str:
        return f"Biopsy {self.date} ({self.get_conclusion_display()})"
