"""Forms to register a patient, edit their details and change the diagnosis."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from patients.forms.base import EditFields, autofocus, choice_field, model_field
from patients.models import Department, DiagnosisChange, Patient, Subtype

DETAIL_FIELDS = (
    "hospital_number",
    "family_name",
    "given_name",
    "sex",
    "date_of_birth",
    "symptom_onset_date",
    "diagnosis_date",
    "statin_exposure",
    "cancer_history",
    "family_history_neuromuscular",
)


class PatientDetailsForm(forms.Form):
    """A patient's identity, dates and history flags (not the diagnosis, not the department)."""

    hospital_number = model_field(Patient, "hospital_number")
    family_name = model_field(Patient, "family_name")
    given_name = model_field(Patient, "given_name")
    sex = model_field(Patient, "sex")
    date_of_birth = model_field(Patient, "date_of_birth")
    symptom_onset_date = model_field(Patient, "symptom_onset_date")
    diagnosis_date = model_field(Patient, "diagnosis_date")
    statin_exposure = model_field(Patient, "statin_exposure")
    cancer_history = model_field(Patient, "cancer_history")
    family_history_neuromuscular = model_field(Patient, "family_history_neuromuscular")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["symptom_onset_date"].label = "Date of first symptom"
        self.fields["diagnosis_date"].label = "Date of IIM diagnosis"


class PatientRegisterForm(PatientDetailsForm):
    """Register a patient in one of the user's departments, with the initial diagnosis."""

    department: forms.ModelChoiceField[Department] = forms.ModelChoiceField(
        queryset=Department.objects.none(), empty_label="Choose a department", label="Department"
    )
    diagnosis = model_field(Patient, "diagnosis", label="Current diagnosis")

    field_order = ["department", *DETAIL_FIELDS, "diagnosis"]

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["department"])  # type: ignore[type-arg]
        field.queryset = departments
        options = list(departments)
        if len(options) == 1:
            # One department: no choice to make; the page names it.
            field.initial = options[0].pk
            field.disabled = True
            field.widget = forms.HiddenInput()
            autofocus(self, "hospital_number")
        else:
            autofocus(self, "department")
        self.single_department = options[0] if len(options) == 1 else None


class PatientEditForm(EditFields, PatientDetailsForm):
    """Change a patient's details; the diagnosis changes through its own form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        autofocus(self, "hospital_number")


class DiagnosisChangeForm(forms.Form):
    """A new diagnosis, the date it was made and what it rests on."""

    date = model_field(DiagnosisChange, "date", label="Date of the change")
    to_diagnosis = model_field(DiagnosisChange, "to_diagnosis", label="New diagnosis")
    basis = model_field(
        DiagnosisChange,
        "basis",
        label="Basis",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the change rests on: biopsy, antibodies, course...",
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "to_diagnosis").choices = [
            ("", "Choose the new diagnosis"),
            *[(code, label) for code, label in Subtype.choices if code != current],
        ]
        autofocus(self, "date")
