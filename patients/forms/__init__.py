"""Input forms for patients and their diagnostic record."""

from patients.forms.patients import (
    DiagnosisChangeForm,
    PatientEditForm,
    PatientRegisterForm,
)
from patients.forms.records import (
    AntibodyPanelEditForm,
    AntibodyPanelForm,
    BiopsyEditForm,
    BiopsyForm,
    DiagnosticTestEditForm,
    DiagnosticTestForm,
)

__all__ = [
    "AntibodyPanelEditForm",
    "AntibodyPanelForm",
    "BiopsyEditForm",
    "BiopsyForm",
    "DiagnosisChangeForm",
    "DiagnosticTestEditForm",
    "DiagnosticTestForm",
    "PatientEditForm",
    "PatientRegisterForm",
]
