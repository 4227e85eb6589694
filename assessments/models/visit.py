"""A visit: the six IMACS core set measures and the features classification needs."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from patients.models import ClinicalRecord, Patient
from patients.models.patient import EARLIEST_DATE

MMT_GROUPS = (
    "neck_flexors",
    "deltoid",
    "biceps",
    "wrist_extensors",
    "gluteus_maximus",
    "gluteus_medius",
    "quadriceps",
    "ankle_dorsiflexors",
)
BILATERAL_GROUPS = MMT_GROUPS[1:]
MMT_COLUMNS = (
    "mmt_neck_flexors",
    *tuple(f"mmt_{group}_{side}" for group in BILATERAL_GROUPS for side in ("right", "left")),
)
ENZYMES = ("ck", "ldh", "aldolase", "alt", "ast")
MYOACT_FIELDS = (
    "myoact_constitutional",
    "myoact_cutaneous",
    "myoact_skeletal",
    "myoact_gastrointestinal",
    "myoact_pulmonary",
    "myoact_cardiac",
)
VAS_FIELDS = ("physician_global", "patient_global", "extramuscular_global", *MYOACT_FIELDS)
CLINICAL_FEATURES = (
    "proximal_upper_weakness",
    "proximal_lower_weakness",
    "neck_flexor_weaker",
    "legs_proximal_weaker_than_distal",
    "heliotrope",
    "gottron_papules",
    "gottron_sign",
    "dysphagia",
    "finger_flexor_weakness",
    "ild",
    "raynaud",
    "mechanics_hands",
    "arthritis",
    "myocarditis",
    "cutaneous_necrosis",
)


class MmtVariant(models.TextChoices):
    UNILATERAL = "unilateral", "Unilateral (0-80)"
    BILATERAL = "bilateral", "Bilateral (0-150)"


MMT_MAX = {MmtVariant.UNILATERAL: 80, MmtVariant.BILATERAL: 150}


class EnzymeUnit(models.TextChoices):
    U_L = "U/L", "U/L"
    UKAT_L = "ukat/L", "µkat/L"


# The model plugin types a field from its constructor call; a field built by a helper
# needs its set and get types spelt out (both nullable here).
if TYPE_CHECKING:
    from django.db.models.expressions import Combinable

    OptionalGradeField = models.PositiveSmallIntegerField[
        float | int | str | Combinable | None, int | None
    ]
    OptionalDecimalField = models.DecimalField[
        float | str | Decimal | Combinable | None, Decimal | None
    ]


def _grade(label: str) -> "OptionalGradeField":
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def _vas(label: str) -> "OptionalDecimalField":
    return models.DecimalField(label, max_digits=3, decimal_places=1, null=True, blank=True)


def _enzyme(label: str) -> "OptionalDecimalField":
    return models.DecimalField(label, max_digits=9, decimal_places=2, null=True, blank=True)


def _visit_constraints() -> list[models.BaseConstraint]:
    """Build the range and consistency constraints of a visit, one per rule."""
    constraints: list[models.BaseConstraint] = [
        models.UniqueConstraint(fields=["patient", "date"], name="visit_one_per_patient_per_day"),
        models.CheckConstraint(name="visit_after_1900", condition=Q(date__gte=EARLIEST_DATE)),
        models.CheckConstraint(
            name="visit_mmt_variant_valid", condition=Q(mmt8_variant__in=MmtVariant.values)
        ),
        models.CheckConstraint(
            name="visit_mmt_unilateral_has_no_left_side",
            condition=~Q(mmt8_variant=MmtVariant.UNILATERAL)
            | Q(**{f"mmt_{group}_left__isnull": True for group in BILATERAL_GROUPS}),
        ),
        models.CheckConstraint(
            name="visit_mmt_total_within_variant",
            condition=Q(mmt8_total__isnull=True)
            | Q(mmt8_variant=MmtVariant.UNILATERAL, mmt8_total__lte=80)
            | Q(mmt8_variant=MmtVariant.BILATERAL, mmt8_total__lte=150),
        ),
        models.CheckConstraint(
            name="visit_haq_range",
            condition=Q(haq__isnull=True) | Q(haq__gte=0, haq__lte=3),
        ),
    ]
    for column in MMT_COLUMNS:
        constraints.append(
            models.CheckConstraint(
                name=f"visit_{column}_range",
                condition=Q(**{f"{column}__isnull": True}) | Q(**{f"{column}__lte": 10}),
            )
        )
    for field in VAS_FIELDS:
        constraints.append(
            models.CheckConstraint(
                name=f"visit_{field}_range",
                condition=Q(**{f"{field}__isnull": True})
                | Q(**{f"{field}__gte": 0, f"{field}__lte": 10}),
            )
        )
    for enzyme in ENZYMES:
        constraints += [
            models.CheckConstraint(
                name=f"visit_{enzyme}_value_non_negative",
                condition=Q(**{f"{enzyme}_value__isnull": True}) | Q(**{f"{enzyme}_value__gte": 0}),
            ),
            models.CheckConstraint(
                name=f"visit_{enzyme}_uln_positive",
                condition=Q(**{f"{enzyme}_uln__isnull": True}) | Q(**{f"{enzyme}_uln__gt": 0}),
            ),
            models.CheckConstraint(
                name=f"visit_{enzyme}_value_has_uln",
                condition=Q(**{f"{enzyme}_value__isnull": True})
                | Q(**{f"{enzyme}_uln__isnull": False}),
            ),
            models.CheckConstraint(
                name=f"visit_{enzyme}_unit_valid",
                condition=Q(**{f"{enzyme}_unit__in": EnzymeUnit.values}),
            ),
        ]
    return constraints


class Visit(ClinicalRecord):
    """One clinic visit with the IMACS core set measures (clinical-rules.md §1)."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField()
    physician_global = _vas("Physician global activity")
    patient_global = _vas("Patient global activity")
    mmt8_variant = models.CharField(
        "MMT-8 variant", max_length=10, choices=MmtVariant.choices, default=MmtVariant.BILATERAL
    )
    # MMT-8, Kendall 0-10 per group. Neck flexors are tested once; the other seven groups
    # have a right and a left column. Unilateral variant: the tested side goes in the right
    # column and the left column stays empty.
    mmt_neck_flexors = _grade("Neck flexors")
    mmt_deltoid_right = _grade("Deltoid (middle), right")
    mmt_deltoid_left = _grade("Deltoid (middle), left")
    mmt_biceps_right = _grade("Biceps brachii, right")
    mmt_biceps_left = _grade("Biceps brachii, left")
    mmt_wrist_extensors_right = _grade("Wrist extensors, right")
    mmt_wrist_extensors_left = _grade("Wrist extensors, left")
    mmt_gluteus_maximus_right = _grade("Gluteus maximus, right")
    mmt_gluteus_maximus_left = _grade("Gluteus maximus, left")
    mmt_gluteus_medius_right = _grade("Gluteus medius, right")
    mmt_gluteus_medius_left = _grade("Gluteus medius, left")
    mmt_quadriceps_right = _grade("Quadriceps, right")
    mmt_quadriceps_left = _grade("Quadriceps, left")
    mmt_ankle_dorsiflexors_right = _grade("Ankle dorsiflexors, right")
    mmt_ankle_dorsiflexors_left = _grade("Ankle dorsiflexors, left")
    mmt8_total = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    haq = models.DecimalField("HAQ-DI", max_digits=4, decimal_places=3, null=True, blank=True)
    extramuscular_global = _vas("Extramuscular global activity")
    myoact_constitutional = _vas("MYOACT constitutional")
    myoact_cutaneous = _vas("MYOACT cutaneous")
    myoact_skeletal = _vas("MYOACT skeletal")
    myoact_gastrointestinal = _vas("MYOACT gastrointestinal")
    myoact_pulmonary = _vas("MYOACT pulmonary")
    myoact_cardiac = _vas("MYOACT cardiac")
    ck_value = _enzyme("CK")
    ck_unit = models.CharField(max_length=8, choices=EnzymeUnit.choices, default=EnzymeUnit.U_L)
    ck_uln = _enzyme("CK upper limit of normal")
    ldh_value = _enzyme("LDH")
    ldh_unit = models.CharField(max_length=8, choices=EnzymeUnit.choices, default=EnzymeUnit.U_L)
    ldh_uln = _enzyme("LDH upper limit of normal")
    aldolase_value = _enzyme("Aldolase")
    aldolase_unit = models.CharField(
        max_length=8, choices=EnzymeUnit.choices, default=EnzymeUnit.U_L
    )
    aldolase_uln = _enzyme("Aldolase upper limit of normal")
    alt_value = _enzyme("ALT")
    alt_unit = models.CharField(max_length=8, choices=EnzymeUnit.choices, default=EnzymeUnit.U_L)
    alt_uln = _enzyme("ALT upper limit of normal")
    ast_value = _enzyme("AST")
    ast_unit = models.CharField(max_length=8, choices=EnzymeUnit.choices, default=EnzymeUnit.U_L)
    ast_uln = _enzyme("AST upper limit of normal")
    # Clinical features for the EULAR/ACR 2017 criteria (clinical-rules.md §4) and extras.
    proximal_upper_weakness = models.BooleanField(
        "Symmetric proximal weakness, upper limbs", default=False
    )
    proximal_lower_weakness = models.BooleanField(
        "Symmetric proximal weakness, lower limbs", default=False
    )
    neck_flexor_weaker = models.BooleanField(
        "Neck flexors weaker than neck extensors", default=False
    )
    legs_proximal_weaker_than_distal = models.BooleanField(
        "Legs: proximal weaker than distal", default=False
    )
    heliotrope = models.BooleanField("Heliotrope rash", default=False)
    gottron_papules = models.BooleanField("Gottron's papules", default=False)
    gottron_sign = models.BooleanField("Gottron's sign", default=False)
    dysphagia = models.BooleanField("Dysphagia or oesophageal dysmotility", default=False)
    finger_flexor_weakness = models.BooleanField("Finger-flexor weakness", default=False)
    ild = models.BooleanField("Interstitial lung disease", default=False)
    raynaud = models.BooleanField("Raynaud's phenomenon", default=False)
    mechanics_hands = models.BooleanField("Mechanic's hands", default=False)
    arthritis = models.BooleanField("Arthritis", default=False)
    myocarditis = models.BooleanField("Myocarditis", default=False)
    cutaneous_necrosis = models.BooleanField("Cutaneous necrosis", default=False)
    notes = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = _visit_constraints()

    def __str__(self) -> str:
        return f"Visit {self.date}"

    def get_absolute_url(self) -> str:
        return reverse(
            "assessments:visit_detail",
            kwargs={"registry_id": self.patient.registry_id, "pk": self.pk},
        )

    @property
    def mmt8_max(self) -> int:
        return MMT_MAX[MmtVariant(self.mmt8_variant)]

    def enzyme(self, code: str) -> tuple[Decimal, Decimal] | None:
        """Return (value, ULN) for an enzyme, or None when it was not measured."""
        value = getattr(self, f"{code}_value")
        uln = getattr(self, f"{code}_uln")
        return None if value is None or uln is None else (value, uln)
