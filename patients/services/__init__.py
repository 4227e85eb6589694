"""Write services for patients and their diagnostic record (see each module)."""

from patients.services.antibodies import (
    ResultInput,
    antibody_panel_record,
    antibody_panel_update,
)
from patients.services.editing import (
    ConcurrentEditError,
    ConfirmationRequired,
    FieldChange,
    ValueWarning,
)
from patients.services.patients import diagnosis_change, patient_register, patient_update
from patients.services.records import (
    biopsy_record,
    biopsy_update,
    diagnostic_test_record,
    diagnostic_test_update,
)

__all__ = [
    "ConcurrentEditError",
    "ConfirmationRequired",
    "FieldChange",
    "ResultInput",
    "ValueWarning",
    "antibody_panel_record",
    "antibody_panel_update",
    "biopsy_record",
    "biopsy_update",
    "diagnosis_change",
    "diagnostic_test_record",
    "diagnostic_test_update",
    "patient_register",
    "patient_update",
]
