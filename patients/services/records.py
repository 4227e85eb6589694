"""Record and edit biopsies and other diagnostic tests."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from patients.hooks import patient_evaluation_stale, patient_scores_stale
from patients.models import DiagnosticTest, MuscleBiopsy, Patient, TestKind
from patients.models.biopsy import FINDING_FIELDS
from patients.services.editing import apply_update, audited_save, check_dates, raise_if

BIOPSY_RECORDED = "Biopsy recorded"
TEST_RECORDED = "Diagnostic test recorded"


def _biopsy_errors(*, patient: Patient, data: Mapping[str, Any]) -> dict[str, str]:
    errors = check_dates(data=data, fields=["date"], date_of_birth=patient.date_of_birth)
    if data.get("no_pathological_change") and any(data.get(name) for name in FINDING_FIELDS):
        errors["no_pathological_change"] = (
            "Untick this, or untick the findings: a biopsy with findings has pathological change."
        )
    return errors


def biopsy_record(*, patient: Patient, data: Mapping[str, Any], entered_by: User) -> MuscleBiopsy:
    """Record a muscle biopsy with its structured findings and re-score the visits."""
    raise_if(_biopsy_errors(patient=patient, data=data))
    with transaction.atomic():
        biopsy = MuscleBiopsy(patient=patient, **data)
        audited_save(biopsy, user=entered_by, reason=BIOPSY_RECORDED)
        patient_scores_stale(patient=patient)
        patient_evaluation_stale(patient_id=patient.pk)
    return biopsy


def biopsy_update(
    *,
    biopsy: MuscleBiopsy,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
) -> MuscleBiopsy:
    """Change a biopsy (version-checked, with a reason) and re-score the visits."""
    raise_if(_biopsy_errors(patient=biopsy.patient, data=data))
    with transaction.atomic():
        updated = apply_update(
            instance=biopsy,
            data=data,
            expected_version=expected_version,
            edited_by=edited_by,
            reason=reason,
        )
        patient_scores_stale(patient=biopsy.patient)
        patient_evaluation_stale(patient_id=biopsy.patient.pk)
    return updated


def _test_errors(*, patient: Patient, data: Mapping[str, Any]) -> dict[str, str]:
    errors = check_dates(data=data, fields=["date"], date_of_birth=patient.date_of_birth)
    if data.get("kind") == TestKind.OTHER and not str(data.get("name", "")).strip():
        errors["name"] = "Name the test when its kind is Other."
    return errors


def diagnostic_test_record(
    *, patient: Patient, data: Mapping[str, Any], entered_by: User
) -> DiagnosticTest:
    """Record another diagnostic test (genetic panel, enzyme assay, MRI, EMG...)."""
    raise_if(_test_errors(patient=patient, data=data))

    test = DiagnosticTest(patient=patient, **data)
    with transaction.atomic():
        audited_save(test, user=entered_by, reason=TEST_RECORDED)
        patient_evaluation_stale(patient_id=patient.pk)
    return test


def diagnostic_test_update(
    *,
    test: DiagnosticTest,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
) -> DiagnosticTest:
    """Change a diagnostic test (version-checked, with a reason)."""
    raise_if(_test_errors(patient=test.patient, data=data))
    with transaction.atomic():
        updated = apply_update(
            instance=test,
            data=data,
            expected_version=expected_version,
            edited_by=edited_by,
            reason=reason,
        )
        patient_evaluation_stale(patient_id=test.patient_id)
    return updated
