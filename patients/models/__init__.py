"""Patients, departments and the diagnostic record."""

from patients.models.antibodies import (
    MSA,
    Antibody,
    AntibodyMethod,
    AntibodyOutcome,
    AntibodyPanel,
    AntibodyResult,
)
from patients.models.base import ClinicalRecord
from patients.models.biopsy import BiopsyConclusion, MuscleBiopsy
from patients.models.departments import Department, Membership, Role
from patients.models.diagnostic_tests import DiagnosticTest, TestKind, TestOutcome
from patients.models.exports import (
    ExportContent,
    ExportDelivery,
    ExportFormat,
    ExportJob,
    ExportShape,
    ExportStatus,
)
from patients.models.patient import (
    DiagnosisChange,
    FollowUpStatus,
    Patient,
    Sex,
    Subtype,
)

__all__ = [
    "MSA",
    "Antibody",
    "AntibodyMethod",
    "AntibodyOutcome",
    "AntibodyPanel",
    "AntibodyResult",
    "BiopsyConclusion",
    "ClinicalRecord",
    "Department",
    "DiagnosisChange",
    "DiagnosticTest",
    "ExportContent",
    "ExportDelivery",
    "ExportFormat",
    "ExportJob",
    "ExportShape",
    "ExportStatus",
    "FollowUpStatus",
    "Membership",
    "MuscleBiopsy",
    "Patient",
    "Role",
    "Sex",
    "Subtype",
    "TestKind",
    "TestOutcome",
]
