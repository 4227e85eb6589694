"""Start, stop and edit therapy courses."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from patients.hooks import patient_evaluation_stale
from patients.models import Patient
from patients.services.editing import apply_update, audited_save, check_dates, raise_if
from treatments.models import StopReason, TherapyCourse

COURSE_STARTED = "Therapy course started"


def _course_errors(*, patient: Patient, data: Mapping[str, Any]) -> dict[str, str]:
    errors = check_dates(data=data, fields=["start", "stop"], date_of_birth=patient.date_of_birth)
    start, stop, reason = data.get("start"), data.get("stop"), data.get("stop_reason", "")
    dose = data.get("dose")
    if dose is not None and dose <= 0:
        errors["dose"] = "The dose must be greater than zero."
    line = data.get("line_of_therapy")
    if line is not None and not 1 <= line <= 3:
        errors["line_of_therapy"] = "Lines of therapy run from 1 to 3."
    if start and stop and "stop" not in errors and stop < start:
        errors["stop"] = f"The stop date is before the start ({start:%d/%m/%Y})."
    if stop and not reason:
        errors["stop_reason"] = "Say why the course stopped."
    if reason and not stop:
        errors["stop"] = "Enter the stop date, or clear the stop reason."
    return errors


def course_start(*, patient: Patient, data: Mapping[str, Any], entered_by: User) -> TherapyCourse:
    """Start a therapy course; the unit and line default to the drug's usual ones."""
    drug = data["drug"]
    values = dict(data)
    if not values.get("unit"):
        values["unit"] = drug.default_unit
    if "line_of_therapy" not in values:
        values["line_of_therapy"] = drug.usual_line
    raise_if(_course_errors(patient=patient, data=values))
    course = TherapyCourse(patient=patient, **values)
    with transaction.atomic():
        audited_save(course, user=entered_by, reason=COURSE_STARTED)
        patient_evaluation_stale(patient_id=patient.pk)
    return course


def course_stop(
    *,
    course: TherapyCourse,
    stop: dt.date,
    stop_reason: str,
    expected_version: int,
    edited_by: User,
) -> TherapyCourse:
    """Stop an ongoing course on a date, for a reason (version-checked)."""
    data = {"start": course.start, "stop": stop, "stop_reason": stop_reason}
    errors = _course_errors(patient=course.patient, data=data)
    if course.stop is not None:
        errors["stop"] = f"This course already stopped on {course.stop:%d/%m/%Y}."
    raise_if(errors)
    label = StopReason(stop_reason).label
    with transaction.atomic():
        stopped = apply_update(
            instance=course,
            data={"stop": stop, "stop_reason": stop_reason},
            expected_version=expected_version,
            edited_by=edited_by,
            reason=f"Stopped: {label}",
        )
        patient_evaluation_stale(patient_id=course.patient_id)
    return stopped


def course_update(
    *,
    course: TherapyCourse,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
) -> TherapyCourse:
    """Change a therapy course (version-checked, with a reason)."""
    raise_if(_course_errors(patient=course.patient, data=data))
    with transaction.atomic():
        updated = apply_update(
            instance=course,
            data=data,
            expected_version=expected_version,
            edited_by=edited_by,
            reason=reason,
        )
        patient_evaluation_stale(patient_id=course.patient_id)
    return updated
