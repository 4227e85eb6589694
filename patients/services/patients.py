"""Register patients, edit their details and record changes of diagnosis."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from patients.hooks import patient_evaluation_stale, patient_scores_stale
from patients.models import Department, DiagnosisChange, Patient
from patients.services.editing import apply_update, audited_save, check_dates, raise_if

PATIENT_DATE_FIELDS = ("date_of_birth", "symptom_onset_date", "diagnosis_date")
DUPLICATE_HOSPITAL_NUMBER = "This hospital number is already registered in this department."
PATIENT_REGISTERED = "Patient registered"


def _patient_errors(
    *, department: Department, data: Mapping[str, Any], exclude_pk: int | None = None
) -> dict[str, str]:
    errors = check_dates(data=data, fields=PATIENT_DATE_FIELDS)
    birth = data.get("date_of_birth")
    onset = data.get("symptom_onset_date")
    diagnosed = data.get("diagnosis_date")
    if birth and onset and "symptom_onset_date" not in errors and onset < birth:
        errors["symptom_onset_date"] = "Symptom onset cannot be before the date of birth."
    if diagnosed and "diagnosis_date" not in errors:
        if birth and diagnosed < birth:
            errors["diagnosis_date"] = "The diagnosis cannot be before the date of birth."
        elif onset and diagnosed < onset:
            errors["diagnosis_date"] = "The diagnosis cannot be before symptom onset."
    number = data.get("hospital_number")
    if number:
        clash = Patient.objects.filter(department=department, hospital_number=number)
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["hospital_number"] = DUPLICATE_HOSPITAL_NUMBER
    return errors


def patient_register(
    *, department: Department, data: Mapping[str, Any], registered_by: User
) -> Patient:
    """Register a patient in a department the caller has already checked the user is in."""
    raise_if(_patient_errors(department=department, data=data))
    patient = Patient(department=department, **data)
    try:
        with transaction.atomic():
            audited_save(patient, user=registered_by, reason=PATIENT_REGISTERED)
    except IntegrityError:
        # Two registrations of the same hospital number raced past the check above.
        raise ValidationError({"hospital_number": DUPLICATE_HOSPITAL_NUMBER}) from None
    return patient


def patient_update(
    *,
    patient: Patient,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
) -> Patient:
    """Change a patient's details (not the diagnosis) and re-score their visits."""

    raise_if(_patient_errors(department=patient.department, data=data, exclude_pk=patient.pk))
    with transaction.atomic():
        updated = apply_update(
            instance=patient,
            data=data,
            expected_version=expected_version,
            edited_by=edited_by,
            reason=reason,
        )
        patient_scores_stale(patient=updated)
        patient_evaluation_stale(patient_id=updated.pk)
    return updated


def diagnosis_change(
    *,
    patient: Patient,
    date: dt.date,
    to_diagnosis: str,
    basis: str,
    recorded_by: User,
) -> DiagnosisChange:
    """Record a dated change of diagnosis and make it the patient's current diagnosis."""
    errors = check_dates(data={"date": date}, fields=["date"], date_of_birth=patient.date_of_birth)
    if not basis.strip():
        errors["basis"] = "Say what the new diagnosis rests on."
    with transaction.atomic():
        current = Patient.objects.select_for_update().get(pk=patient.pk)
        if to_diagnosis == current.diagnosis:
            errors["to_diagnosis"] = (
                f"The current diagnosis is already {current.get_diagnosis_display()}."
            )
        latest = current.diagnosis_changes.order_by("-date", "-id").first()
        if latest is not None and "date" not in errors and date < latest.date:
            errors["date"] = (
                f"A later change of diagnosis is already recorded ({latest.date:%d/%m/%Y})."
            )
        raise_if(errors)
        change = DiagnosisChange(
            patient=current,
            date=date,
            from_diagnosis=current.diagnosis,
            to_diagnosis=to_diagnosis,
            basis=basis.strip(),
            recorded_by=recorded_by,
        )
        reason = f"Diagnosis changed on {date:%d/%m/%Y}: {basis.strip()}"[:100]
        audited_save(change, user=recorded_by, reason=reason)
        current.diagnosis = to_diagnosis
        audited_save(current, user=recorded_by, reason=reason, bump=True)
    patient.refresh_from_db()
    return change
