"""The visit form: MMT-8 grid, global scores, HAQ, MYOACT, enzymes and clinical features."""

from typing import Any

from django import forms

from assessments.models import BILATERAL_GROUPS, ENZYMES, MYOACT_FIELDS, Visit
from assessments.models.visit import CLINICAL_FEATURES
from patients.forms.base import (
    EditFields,
    autofocus,
    confirm_field,
    model_field,
    number_widget,
)

MMT_LABELS = {
    "neck_flexors": "Neck flexors",
    "deltoid": "Deltoid (middle)",
    "biceps": "Biceps brachii",
    "wrist_extensors": "Wrist extensors",
    "gluteus_maximus": "Gluteus maximus",
    "gluteus_medius": "Gluteus medius",
    "quadriceps": "Quadriceps",
    "ankle_dorsiflexors": "Ankle dorsiflexors",
}
GRADE_MESSAGES = {
    "min_value": "Kendall grades run from 0 to 10.",
    "max_value": "Kendall grades run from 0 to 10.",
    "invalid": "Enter a whole-number grade from 0 to 10.",
}
VAS_MESSAGES = {
    "min_value": "A VAS score runs from 0 to 10.",
    "max_value": "A VAS score runs from 0 to 10.",
}
GLOBAL_FIELDS = ("physician_global", "patient_global")
SERVICE_FIELDS = (
    "date",
    "mmt8_variant",
    "mmt_neck_flexors",
    *(f"mmt_{group}_{side}" for group in BILATERAL_GROUPS for side in ("right", "left")),
    *GLOBAL_FIELDS,
    "haq",
    "extramuscular_global",
    *MYOACT_FIELDS,
    *(f"{code}_{part}" for code in ENZYMES for part in ("value", "unit", "uln")),
    *CLINICAL_FEATURES,
    "notes",
)


def _grade_field(name: str) -> forms.Field:
    return model_field(
        Visit,
        name,
        min_value=0,
        max_value=10,
        error_messages=GRADE_MESSAGES,
        widget=number_widget(minimum=0, maximum=10, step="1"),
    )


def _vas_field(name: str) -> forms.Field:
    return model_field(
        Visit,
        name,
        min_value=0,
        max_value=10,
        error_messages=VAS_MESSAGES,
        widget=number_widget(minimum=0, maximum=10, step="0.1"),
    )


class VisitForm(forms.Form):
    """Every field of a visit in the order a nurse fills the paper form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["date"] = model_field(Visit, "date", label="Visit date")
        fields["mmt8_variant"] = model_field(Visit, "mmt8_variant")
        fields["mmt_neck_flexors"] = _grade_field("mmt_neck_flexors")
        for group in BILATERAL_GROUPS:
            for side in ("right", "left"):
                fields[f"mmt_{group}_{side}"] = _grade_field(f"mmt_{group}_{side}")
        for name in GLOBAL_FIELDS:
            fields[name] = _vas_field(name)
        fields["haq"] = model_field(
            Visit,
            "haq",
            min_value=0,
            max_value=3,
            error_messages={
                "min_value": "HAQ-DI runs from 0 to 3.",
                "max_value": "HAQ-DI runs from 0 to 3.",
            },
            widget=number_widget(minimum=0, maximum=3, step="0.125"),
        )
        for name in ("extramuscular_global", *MYOACT_FIELDS):
            fields[name] = _vas_field(name)
        for code in ENZYMES:
            fields[f"{code}_value"] = model_field(
                Visit,
                f"{code}_value",
                min_value=0,
                error_messages={"min_value": "A laboratory value cannot be negative."},
                widget=number_widget(minimum=0),
            )
            fields[f"{code}_unit"] = model_field(Visit, f"{code}_unit")
            fields[f"{code}_uln"] = model_field(
                Visit, f"{code}_uln", widget=number_widget(minimum=0)
            )
        for name in CLINICAL_FEATURES:
            fields[name] = model_field(Visit, name)
        fields["notes"] = model_field(Visit, "notes", widget=forms.Textarea(attrs={"rows": 2}))
        fields["confirm"] = confirm_field()
        autofocus(self, "date")
        self.warnings: list[Any] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for code in ENZYMES:
            uln = cleaned.get(f"{code}_uln")
            if uln is not None and uln <= 0:
                self.add_error(
                    f"{code}_uln", "The upper limit of normal must be greater than zero."
                )
        return cleaned

    def service_data(self) -> dict[str, Any]:
        """Return the cleaned values the visit services take."""
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}

    # --- layout helpers for the template ---------------------------------------------

    def mmt_rows(self) -> list[dict[str, Any]]:
        rows = [{"label": MMT_LABELS["neck_flexors"], "right": self["mmt_neck_flexors"]}]
        rows += [
            {
                "label": MMT_LABELS[group],
                "right": self[f"mmt_{group}_right"],
                "left": self[f"mmt_{group}_left"],
            }
            for group in BILATERAL_GROUPS
        ]
        return rows

    def enzyme_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": self.fields[f"{code}_value"].label,
                "value": self[f"{code}_value"],
                "unit": self[f"{code}_unit"],
                "uln": self[f"{code}_uln"],
            }
            for code in ENZYMES
        ]

    def section(self, *names: str) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def globals_section(self) -> list[forms.BoundField]:
        return self.section(*GLOBAL_FIELDS, "haq")

    def extramuscular_section(self) -> list[forms.BoundField]:
        return self.section("extramuscular_global", *MYOACT_FIELDS)

    def feature_fields(self) -> list[forms.BoundField]:
        return self.section(*CLINICAL_FEATURES)


class VisitEditForm(EditFields, VisitForm):
    """Change a visit, with a reason."""

    @staticmethod
    def initial_for(visit: Visit) -> dict[str, Any]:
        initial = {name: getattr(visit, name) for name in SERVICE_FIELDS}
        initial["version"] = visit.version
        return initial
