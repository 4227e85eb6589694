"""Stored refractory evaluations: one row per change of a patient's evaluated status."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from assessments.models.score import TisCategory
from assessments.models.visit import Visit
from assessments.sources import RULE_SOURCES
from patients.models import Patient


class RefractoryStatus(models.TextChoices):
    """The four outcomes of ``assessments.scoring.refractory_status`` (clinical-rules.md §8)."""

    INSUFFICIENT_DATA = "insufficient_data", "Insufficient data"
    NOT_YET_EVALUABLE = "not_yet_evaluable", "Not yet evaluable"
    RESPONDING = "responding", "Responding"
    REFRACTORY = "refractory", "Refractory"


class EvaluationTrigger(models.TextChoices):
    """What made the evaluation run."""

    CHANGE = "change", "Visit or therapy change"
    SWEEP = "sweep", "Nightly sweep"


COMPARED = (RefractoryStatus.RESPONDING, RefractoryStatus.REFRACTORY)


class RefractoryEvaluation(models.Model):
    """One refractory evaluation of a patient, with its inputs, results and rule version.

    Rows are append-only: a job writes a new row only when the status, reason or inputs
    differ from the patient's latest row, so the latest row is the current status and
    the earlier rows are its history.
    """

    # No index of its own: ``evaluation_latest_idx`` (patient, evaluated_at, id) serves
    # every lookup by patient, and one index fewer makes the sweep's inserts cheaper.
    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="refractory_evaluations", db_index=False
    )
    evaluated_at = models.DateTimeField()
    as_of = models.DateField(help_text="The day the rule was evaluated for.")
    trigger = models.CharField(max_length=8, choices=EvaluationTrigger.choices)
    status = models.CharField(max_length=20, choices=RefractoryStatus.choices)
    reason = models.TextField()
    rule_version = models.CharField(max_length=40)
    parameters = models.JSONField(default=dict, blank=True)
    inputs = models.JSONField(
        default=dict, blank=True, help_text='Ids used: {"visits": [...], "courses": [...]}.'
    )
    adequate_since = models.DateField(null=True, blank=True)
    window_end = models.DateField(null=True, blank=True)
    baseline_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    followup_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tis_total = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    tis_category = models.CharField(max_length=10, choices=TisCategory.choices, blank=True)
    doi_met = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["-evaluated_at", "-id"]
        get_latest_by = ["evaluated_at", "id"]
        indexes = [
            models.Index(fields=["patient", "-evaluated_at", "-id"], name="evaluation_latest_idx"),
            models.Index(fields=["status"], name="evaluation_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="evaluation_status_valid", condition=Q(status__in=RefractoryStatus.values)
            ),
            models.CheckConstraint(
                name="evaluation_trigger_valid", condition=Q(trigger__in=EvaluationTrigger.values)
            ),
            models.CheckConstraint(name="evaluation_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(name="evaluation_has_version", condition=~Q(rule_version="")),
            models.CheckConstraint(
                name="evaluation_tis_category_valid",
                condition=Q(tis_category="") | Q(tis_category__in=TisCategory.values),
            ),
            models.CheckConstraint(
                name="evaluation_tis_range",
                condition=Q(tis_total__isnull=True)
                | Q(tis_total__gte=Decimal(0), tis_total__lte=Decimal(100)),
            ),
            models.CheckConstraint(
                name="evaluation_compared_has_scores",
                condition=~Q(status__in=COMPARED)
                | (Q(tis_total__isnull=False) & ~Q(tis_category="") & Q(doi_met__isnull=False)),
            ),
            models.CheckConstraint(
                name="evaluation_uncompared_has_no_scores",
                condition=Q(status__in=COMPARED)
                | (Q(tis_total__isnull=True) & Q(tis_category="") & Q(doi_met__isnull=True)),
            ),
            models.CheckConstraint(
                name="evaluation_window_after_start",
                condition=Q(window_end__isnull=True)
                | (Q(adequate_since__isnull=False) & Q(window_end__gt=models.F("adequate_since"))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.as_of}"

    @property
    def rule_source(self) -> str:
        """Return the section of the clinical rules the evaluation applies."""
        return RULE_SOURCES["refractory"]
