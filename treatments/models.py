"""The drug catalogue and therapy courses by line (clinical-rules.md §7)."""

from django.db import models
from django.db.models import F, Q

from patients.models import ClinicalRecord, Patient
from patients.models.patient import EARLIEST_DATE


class DrugClass(models.TextChoices):
    """Drug classes; codes shared with assessments.scoring."""

    GLUCOCORTICOID = "glucocorticoid", "Glucocorticoid"
    CONVENTIONAL_IMMUNOSUPPRESSANT = (
        "conventional_immunosuppressant",
        "Conventional immunosuppressant",
    )
    CALCINEURIN_INHIBITOR = "calcineurin_inhibitor", "Calcineurin inhibitor"
    BIOLOGIC = "biologic", "Biologic"
    IVIG = "ivig", "Intravenous immunoglobulin"
    ALKYLATING_AGENT = "alkylating_agent", "Alkylating agent"
    STATIN = "statin", "Statin"
    OTHER = "other", "Other"


class Drug(models.Model):
    """A drug in the catalogue, with its class and usual line of therapy."""

    name = models.CharField(max_length=80, unique=True)
    drug_class = models.CharField(max_length=32, choices=DrugClass.choices)
    usual_line = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1-3; empty when the drug belongs to any line."
    )
    default_unit = models.CharField(max_length=12, default="mg")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="drug_class_valid", condition=Q(drug_class__in=DrugClass.values)
            ),
            models.CheckConstraint(
                name="drug_usual_line_range",
                condition=Q(usual_line__isnull=True) | Q(usual_line__gte=1, usual_line__lte=3),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class DoseUnit(models.TextChoices):
    MG = "mg", "mg"
    G = "g", "g"
    MG_KG = "mg/kg", "mg/kg"
    G_KG = "g/kg", "g/kg"
    MG_M2 = "mg/m2", "mg/m²"


class Route(models.TextChoices):
    ORAL = "oral", "Oral"
    IV = "iv", "Intravenous"
    SC = "sc", "Subcutaneous"
    IM = "im", "Intramuscular"


class StopReason(models.TextChoices):
    INEFFECTIVE = "ineffective", "Ineffective"
    ADVERSE_EVENT = "adverse_event", "Adverse event / intolerance"
    REMISSION = "remission", "Remission"
    OTHER = "other", "Other"


class TherapyCourse(ClinicalRecord):
    """One course of one drug: dose, route, dates, why it stopped, and its line of therapy."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="therapy_courses")
    drug = models.ForeignKey(Drug, on_delete=models.PROTECT, related_name="courses")
    dose = models.DecimalField(max_digits=8, decimal_places=2)
    unit = models.CharField(max_length=8, choices=DoseUnit.choices)
    frequency = models.CharField(max_length=40, blank=True, help_text="e.g. daily, weekly, monthly")
    route = models.CharField(max_length=8, choices=Route.choices)
    start = models.DateField()
    stop = models.DateField(null=True, blank=True)
    stop_reason = models.CharField(max_length=16, choices=StopReason.choices, blank=True)
    line_of_therapy = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="1-3; empty for drugs outside the lines (statins…)."
    )

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(name="course_dose_positive", condition=Q(dose__gt=0)),
            models.CheckConstraint(name="course_unit_valid", condition=Q(unit__in=DoseUnit.values)),
            models.CheckConstraint(name="course_route_valid", condition=Q(route__in=Route.values)),
            models.CheckConstraint(
                name="course_stop_after_start",
                condition=Q(stop__isnull=True) | Q(stop__gte=F("start")),
            ),
            models.CheckConstraint(
                name="course_stop_reason_iff_stopped",
                condition=(Q(stop__isnull=True) & Q(stop_reason=""))
                | (Q(stop__isnull=False) & Q(stop_reason__in=StopReason.values)),
            ),
            models.CheckConstraint(
                name="course_line_range",
                condition=Q(line_of_therapy__isnull=True)
                | Q(line_of_therapy__gte=1, line_of_therapy__lte=3),
            ),
            models.CheckConstraint(name="course_after_1900", condition=Q(start__gte=EARLIEST_DATE)),
        ]

    def __str__(self) -> str:
        return f"{self.drug} from {self.start}"

    @property
    def is_ongoing(self) -> bool:
        return self.stop is None
