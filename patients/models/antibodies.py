"""Antibody panels: one dated panel, one result per antibody."""

from django.db import models
from django.db.models import Q

from patients.models.base import ClinicalRecord
from patients.models.patient import EARLIEST_DATE, Patient


class Antibody(models.TextChoices):
    """Myositis-specific (MSA) and myositis-associated (MAA) antibodies, clinical-rules §6."""

    JO1 = "jo1", "anti-Jo-1"
    PL7 = "pl7", "anti-PL-7"
    PL12 = "pl12", "anti-PL-12"
    EJ = "ej", "anti-EJ"
    OJ = "oj", "anti-OJ"
    MDA5 = "mda5", "anti-MDA5"
    TIF1G = "tif1g", "anti-TIF1-γ"
    NXP2 = "nxp2", "anti-NXP2"
    SAE = "sae", "anti-SAE"
    MI2 = "mi2", "anti-Mi-2"
    SRP = "srp", "anti-SRP"
    HMGCR = "hmgcr", "anti-HMGCR"
    CN1A = "cn1a", "anti-cN1A"
    PMSCL = "pmscl", "anti-PM/Scl"
    KU = "ku", "anti-Ku"
    U1RNP = "u1rnp", "anti-U1-RNP"
    RO52 = "ro52", "anti-Ro52"
    RO60 = "ro60", "anti-Ro60"
    LA = "la", "anti-La"


MSA = (
    Antibody.JO1, Antibody.PL7, Antibody.PL12, Antibody.EJ, Antibody.OJ, Antibody.MDA5,
    Antibody.TIF1G, Antibody.NXP2, Antibody.SAE, Antibody.MI2, Antibody.SRP, Antibody.HMGCR,
    Antibody.CN1A,
)  # fmt: skip


class AntibodyMethod(models.TextChoices):
    LINE_BLOT = "line_blot", "Line blot"
    ELISA = "elisa", "ELISA"
    IMMUNOPRECIPITATION = "ip", "Immunoprecipitation"
    IIF = "iif", "Indirect immunofluorescence"
    OTHER = "other", "Other"


class AntibodyOutcome(models.TextChoices):
    POSITIVE = "positive", "Positive"
    NEGATIVE = "negative", "Negative"
    BORDERLINE = "borderline", "Borderline"
    NOT_TESTED = "not_tested", "Not tested"


class AntibodyPanel(ClinicalRecord):
    """One laboratory antibody panel, its date, lab and method."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="antibody_panels")
    date = models.DateField()
    lab = models.CharField(max_length=120)
    method = models.CharField(max_length=12, choices=AntibodyMethod.choices)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                name="panel_method_valid", condition=Q(method__in=AntibodyMethod.values)
            ),
            models.CheckConstraint(name="panel_lab_not_blank", condition=~Q(lab="")),
            models.CheckConstraint(name="panel_after_1900", condition=Q(date__gte=EARLIEST_DATE)),
        ]

    def __str__(self) -> str:
        return f"Antibody panel {self.date} ({self.lab})"


class AntibodyResult(ClinicalRecord):
    """The result of one antibody on one panel, with titre or index where given."""

    panel = models.ForeignKey(AntibodyPanel, on_delete=models.CASCADE, related_name="results")
    antibody = models.CharField(max_length=8, choices=Antibody.choices)
    result = models.CharField(
        max_length=12, choices=AntibodyOutcome.choices, default=AntibodyOutcome.NOT_TESTED
    )
    titre = models.CharField(max_length=20, blank=True, help_text="e.g. 1:320 or +++")
    index_value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["panel", "antibody"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "antibody"], name="antibody_result_once_per_panel"
            ),
            models.CheckConstraint(
                name="antibody_result_antibody_valid", condition=Q(antibody__in=Antibody.values)
            ),
            models.CheckConstraint(
                name="antibody_result_outcome_valid", condition=Q(result__in=AntibodyOutcome.values)
            ),
            models.CheckConstraint(
                name="antibody_result_index_non_negative",
                condition=Q(index_value__isnull=True) | Q(index_value__gte=0),
            ),
            models.CheckConstraint(
                name="antibody_result_untested_has_no_value",
                condition=~Q(result=AntibodyOutcome.NOT_TESTED)
                | (Q(titre="") & Q(index_value__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_antibody_display()}: {self.get_result_display()}"
