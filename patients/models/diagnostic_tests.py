"""Other diagnostic tests: the differential diagnoses the seed case had to exclude."""

from django.db import models
from django.db.models import Q

from patients.models.base import ClinicalRecord
from patients.models.patient import EARLIEST_DATE, Patient


class TestKind(models.TextChoices):
    LGMD_PANEL = "lgmd_panel", "Limb-girdle muscular dystrophy genetic panel"
    POMPE_GAA = "pompe_gaa", "Acid alpha-glucosidase (Pompe)"
    MUSCLE_MRI = "muscle_mri", "Muscle MRI"
    EMG = "emg", "Electromyography"
    OTHER = "other", "Other"


class TestOutcome(models.TextChoices):
    NORMAL = "normal", "Normal / negative"
    ABNORMAL = "abnormal", "Abnormal / positive"
    INCONCLUSIVE = "inconclusive", "Inconclusive"
    PENDING = "pending", "Pending"


class DiagnosticTest(ClinicalRecord):
    """A dated diagnostic test and its result."""

    __test__ = False  # not a pytest test class despite the name

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="diagnostic_tests")
    date = models.DateField()
    kind = models.CharField(max_length=12, choices=TestKind.choices)
    name = models.CharField(max_length=120, blank=True, help_text="Required when kind is other.")
    outcome = models.CharField(max_length=12, choices=TestOutcome.choices)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(name="test_kind_valid", condition=Q(kind__in=TestKind.values)),
            models.CheckConstraint(
                name="test_outcome_valid", condition=Q(outcome__in=TestOutcome.values)
            ),
            models.CheckConstraint(
                name="test_other_is_named", condition=~Q(kind=TestKind.OTHER) | ~Q(name="")
            ),
            models.CheckConstraint(name="test_after_1900", condition=Q(date__gte=EARLIEST_DATE)),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}: {self.get_outcome_display()}"
