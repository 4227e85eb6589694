"""The patient and the dated history of their diagnosis."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from patients.models.base import ClinicalRecord
from patients.models.departments import Department

EARLIEST_DATE = dt.date(1900, 1, 1)
REGISTRY_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_registry_id() -> str:
    """Return a fresh pseudonymous registry id such as ``MYO-7KQ2M9XA``."""
    return "MYO-" + "".join(secrets.choice(REGISTRY_ID_ALPHABET) for _ in range(8))


def new_date_shift_days() -> int:
    """Return a per-patient date offset for de-identified exports (-180..180, never 0)."""
    return secrets.choice([d for d in range(-180, 181) if d != 0])


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    UNKNOWN = "unknown", "Unknown"


class Subtype(models.TextChoices):
    """Current diagnosis or myositis subtype (codes shared with assessments.scoring)."""

    DM = "dm", "Dermatomyositis"
    ADM = "adm", "Amyopathic dermatomyositis"
    JDM = "jdm", "Juvenile dermatomyositis"
    PM = "pm", "Polymyositis"
    IMNM_HMGCR = "imnm_hmgcr", "IMNM, anti-HMGCR"
    IMNM_SRP = "imnm_srp", "IMNM, anti-SRP"
    IMNM_SERONEG = "imnm_seroneg", "IMNM, antibody-negative"
    IBM = "ibm", "Inclusion body myositis"
    ASYS = "asys", "Antisynthetase syndrome"
    OVERLAP = "overlap", "Overlap myositis"
    UNCERTAIN = "uncertain", "Uncertain / other"


class FollowUpStatus(models.TextChoices):
    ACTIVE = "active", "In follow-up"
    DISCHARGED = "discharged", "Discharged"
    TRANSFERRED = "transferred", "Transferred"
    LOST = "lost", "Lost to follow-up"
    DECEASED = "deceased", "Deceased"


class Patient(ClinicalRecord):
    """A patient followed by one department, known to the registry by a pseudonymous id."""

    registry_id = models.CharField(
        max_length=12, unique=True, default=new_registry_id, editable=False
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="patients")
    hospital_number = models.CharField(max_length=30)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    sex = models.CharField(max_length=10, choices=Sex.choices)
    date_of_birth = models.DateField()
    symptom_onset_date = models.DateField(null=True, blank=True)
    diagnosis_date = models.DateField(null=True, blank=True)
    diagnosis = models.CharField(max_length=20, choices=Subtype.choices, default=Subtype.UNCERTAIN)
    statin_exposure = models.BooleanField("Statin exposure (ever)", default=False)
    cancer_history = models.BooleanField("History of cancer", default=False)
    family_history_neuromuscular = models.BooleanField(
        "Family history of neuromuscular disease", default=False
    )
    follow_up_status = models.CharField(
        max_length=12, choices=FollowUpStatus.choices, default=FollowUpStatus.ACTIVE
    )
    date_shift_days = models.SmallIntegerField(default=new_date_shift_days, editable=False)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "hospital_number"],
                name="patient_hospital_number_unique_in_department",
            ),
            models.CheckConstraint(
                name="patient_hospital_number_not_blank", condition=~Q(hospital_number="")
            ),
            models.CheckConstraint(
                name="patient_names_not_blank", condition=~Q(given_name="") & ~Q(family_name="")
            ),
            models.CheckConstraint(name="patient_sex_valid", condition=Q(sex__in=Sex.values)),
            models.CheckConstraint(
                name="patient_diagnosis_valid", condition=Q(diagnosis__in=Subtype.values)
            ),
            models.CheckConstraint(
                name="patient_follow_up_status_valid",
                condition=Q(follow_up_status__in=FollowUpStatus.values),
            ),
            models.CheckConstraint(
                name="patient_birth_after_1900", condition=Q(date_of_birth__gte=EARLIEST_DATE)
            ),
            models.CheckConstraint(
                name="patient_onset_after_birth",
                condition=Q(symptom_onset_date__isnull=True)
                | Q(symptom_onset_date__gte=F("date_of_birth")),
            ),
            models.CheckConstraint(
                name="patient_diagnosis_after_birth",
                condition=Q(diagnosis_date__isnull=True)
                | Q(diagnosis_date__gte=F("date_of_birth")),
            ),
            models.CheckConstraint(
                name="patient_diagnosis_after_onset",
                condition=Q(diagnosis_date__isnull=True)
                | Q(symptom_onset_date__isnull=True)
                | Q(diagnosis_date__gte=F("symptom_onset_date")),
            ),
            models.CheckConstraint(
                name="patient_date_shift_nonzero",
                condition=Q(date_shift_days__gte=-365)
                & Q(date_shift_days__lte=365)
                & ~Q(date_shift_days=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registry_id} {self.family_name}, {self.given_name}"

    def get_absolute_url(self) -> str:
        return reverse("patients:detail", args=[self.registry_id])

    def age_on(self, day: dt.date) -> int:
        """Return the patient's age in whole years on ``day``."""
        birthday_passed = (day.month, day.day) >= (self.date_of_birth.month, self.date_of_birth.day)
        return day.year - self.date_of_birth.year - (0 if birthday_passed else 1)


class DiagnosisChange(ClinicalRecord):
    """A dated change of diagnosis with its basis: the story the seed case tells."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="diagnosis_changes")
    date = models.DateField()
    from_diagnosis = models.CharField(max_length=20, choices=Subtype.choices, blank=True)
    to_diagnosis = models.CharField(max_length=20, choices=Subtype.choices)
    basis = models.TextField(help_text="What the change rests on: biopsy, antibodies, course…")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                name="diagnosis_change_changes_something",
                condition=~Q(from_diagnosis=F("to_diagnosis")),
            ),
            models.CheckConstraint(
                name="diagnosis_change_to_valid", condition=Q(to_diagnosis__in=Subtype.values)
            ),
            models.CheckConstraint(
                name="diagnosis_change_from_valid",
                condition=Q(from_diagnosis="") | Q(from_diagnosis__in=Subtype.values),
            ),
            models.CheckConstraint(name="diagnosis_change_has_basis", condition=~Q(basis="")),
            models.CheckConstraint(
                name="diagnosis_change_after_1900", condition=Q(date__gte=EARLIEST_DATE)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.from_diagnosis or '—'} → {self.to_diagnosis}"
