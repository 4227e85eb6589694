"""Scores computed from a visit by the rules engine, stored with their rule versions."""

from django.db import models
from django.db.models import Q

from assessments.models.visit import Visit


class TisCategory(models.TextChoices):
    NONE = "none", "No improvement"
    MINIMAL = "minimal", "Minimal improvement"
    MODERATE = "moderate", "Moderate improvement"
    MAJOR = "major", "Major improvement"


class ClassificationCategory(models.TextChoices):
    NOT_IIM = "not_iim", "Not IIM"
    POSSIBLE = "possible", "Possible IIM"
    PROBABLE = "probable", "Probable IIM"
    DEFINITE = "definite", "Definite IIM"


class ClassificationSubgroup(models.TextChoices):
    JDM = "jdm", "Juvenile dermatomyositis"
    JUVENILE_OTHER = "juvenile_other", "Juvenile myositis other than JDM"
    DM = "dm", "Dermatomyositis"
    ADM = "adm", "Amyopathic dermatomyositis"
    IBM = "ibm", "Inclusion body myositis"
    PM = "pm", "Polymyositis (incl. IMNM)"


class VisitScore(models.Model):
    """What the rules engine computed for one visit, and against which baseline.

    The TIS and the DOI compare the visit with the patient's baseline visit (their first
    visit); on the baseline visit itself they are empty. The classification uses the
    findings known on the visit date. ``details`` keeps the per-measure breakdown, the
    missing measures and the scored items so the page can show its reasoning.
    """

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="score")
    baseline_visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tis_total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    tis_category = models.CharField(max_length=10, choices=TisCategory.choices, blank=True)
    tis_complete = models.BooleanField(default=False)
    tis_version = models.CharField(max_length=30, blank=True)
    doi_met = models.BooleanField(null=True, blank=True)
    doi_version = models.CharField(max_length=30, blank=True)
    classification_score = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    classification_category = models.CharField(
        max_length=10, choices=ClassificationCategory.choices, blank=True
    )
    classification_subgroup = models.CharField(
        max_length=16, choices=ClassificationSubgroup.choices, blank=True
    )
    classification_with_biopsy = models.BooleanField(default=False)
    classification_version = models.CharField(max_length=30, blank=True)
    details = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="visit_score_tis_range",
                condition=Q(tis_total__isnull=True) | Q(tis_total__gte=0, tis_total__lte=100),
            ),
            models.CheckConstraint(
                name="visit_score_tis_category_iff_total",
                condition=(Q(tis_total__isnull=True) & Q(tis_category=""))
                | (Q(tis_total__isnull=False) & Q(tis_category__in=TisCategory.values)),
            ),
            models.CheckConstraint(
                name="visit_score_classification_category_valid",
                condition=Q(classification_category="")
                | Q(classification_category__in=ClassificationCategory.values),
            ),
            models.CheckConstraint(
                name="visit_score_classification_subgroup_valid",
                condition=Q(classification_subgroup="")
                | Q(classification_subgroup__in=ClassificationSubgroup.values),
            ),
            models.CheckConstraint(
                name="visit_score_classification_score_non_negative",
                condition=Q(classification_score__isnull=True) | Q(classification_score__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return f"Scores of {self.visit}"

    @property
    def is_baseline(self) -> bool:
        return self.baseline_visit_id == self.visit_id
