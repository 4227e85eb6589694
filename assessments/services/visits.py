"""Record and edit visits: validate, total the MMT-8, save, and re-score the patient.

``data`` holds the visit's editable model fields by name (date, the MMT-8 grade columns,
the VAS fields, HAQ, enzyme value/unit/ULN, clinical features, notes). Errors are raised
as a ValidationError keyed by those names. Implausible but possible values raise
``ConfirmationRequired`` unless the caller passes ``confirmed=True``.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments import scoring
from assessments.models import BILATERAL_GROUPS, ENZYMES, MmtVariant, Visit
from assessments.models.visit import MMT_COLUMNS, VAS_FIELDS, EnzymeUnit
from assessments.services.refractory import patient_schedule_reevaluation
from assessments.services.scores import patient_scores_recompute
from patients.models import Patient
from patients.services.editing import (
    ConfirmationRequired,
    ValueWarning,
    apply_update,
    audited_save,
    check_dates,
    raise_if,
)

CK_CONFIRM_ABOVE_U_L = Decimal(50_000)
U_L_PER_UKAT_L = Decimal(60)
HAQ_CONFIRM_JUMP = Decimal("1.5")
DUPLICATE_DATE = "This patient already has a visit on this date. Open it to edit it instead."
VISIT_RECORDED = "Visit recorded"


def mmt_columns_for(variant: str) -> tuple[str, ...]:
    """Return the grade columns a variant uses (unilateral: neck flexors and right side)."""
    if variant == MmtVariant.BILATERAL:
        return MMT_COLUMNS
    return ("mmt_neck_flexors", *(f"mmt_{group}_right" for group in BILATERAL_GROUPS))


def _mmt_errors(data: Mapping[str, Any]) -> dict[str, str]:
    variant = data.get("mmt8_variant", MmtVariant.BILATERAL)
    used = mmt_columns_for(variant)
    errors: dict[str, str] = {}
    if variant == MmtVariant.UNILATERAL:
        for column in set(MMT_COLUMNS) - set(used):
            if data.get(column) is not None:
                errors[column] = "Leave the left side empty for the unilateral MMT-8."
    for column in used:
        grade = data.get(column)
        if grade is not None and not 0 <= grade <= 10:
            errors[column] = "Kendall grades run from 0 to 10."
    entered = [column for column in used if data.get(column) is not None]
    if entered and len(entered) < len(used):
        for column in used:
            if data.get(column) is None:
                errors[column] = "Enter every muscle group, or leave the whole MMT-8 empty."
    return errors


def mmt8_total_of(data: Mapping[str, Any]) -> int | None:
    """Return the MMT-8 total of complete grades through the rules engine, else None."""
    variant = data.get("mmt8_variant", MmtVariant.BILATERAL)
    if any(data.get(column) is None for column in mmt_columns_for(variant)):
        return None
    scores: dict[str, int | tuple[int, int]] = {"neck_flexors": data["mmt_neck_flexors"]}
    for group in BILATERAL_GROUPS:
        right = data[f"mmt_{group}_right"]
        if variant == MmtVariant.BILATERAL:
            scores[group] = (data[f"mmt_{group}_left"], right)
        else:
            scores[group] = right
    return scoring.mmt8_total(scores, variant)


def _range_errors(data: Mapping[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in VAS_FIELDS:
        value = data.get(name)
        if value is not None and not 0 <= value <= 10:
            errors[name] = "A VAS score runs from 0 to 10."
    haq = data.get("haq")
    if haq is not None and not 0 <= haq <= 3:
        errors["haq"] = "HAQ-DI runs from 0 to 3."
    for code in ENZYMES:
        value, uln = data.get(f"{code}_value"), data.get(f"{code}_uln")
        if value is not None and value < 0:
            errors[f"{code}_value"] = "A laboratory value cannot be negative."
        if uln is not None and uln <= 0:
            errors[f"{code}_uln"] = "The upper limit of normal must be greater than zero."
        elif value is not None and uln is None:
            errors[f"{code}_uln"] = "Enter the upper limit of normal for this value."
    return errors


def _visit_errors(
    *, patient: Patient, data: Mapping[str, Any], exclude_pk: int | None = None
) -> dict[str, str]:
    errors = check_dates(data=data, fields=["date"], date_of_birth=patient.date_of_birth)
    errors |= _range_errors(data)
    errors |= _mmt_errors(data)
    day = data.get("date")
    if isinstance(day, dt.date) and "date" not in errors:
        same_day = Visit.objects.filter(patient=patient, date=day)
        if exclude_pk is not None:
            same_day = same_day.exclude(pk=exclude_pk)
        if same_day.exists():
            errors["date"] = DUPLICATE_DATE
    return errors


def visit_warnings(
    *, patient: Patient, data: Mapping[str, Any], exclude_pk: int | None = None
) -> list[ValueWarning]:
    """Return the implausible values of a visit: CK > 50,000 U/L, HAQ jump > 1.5."""
    warnings: list[ValueWarning] = []
    ck = data.get("ck_value")
    if ck is not None:
        in_u_l = ck * U_L_PER_UKAT_L if data.get("ck_unit") == EnzymeUnit.UKAT_L else ck
        if in_u_l > CK_CONFIRM_ABOVE_U_L:
            warnings.append(
                ValueWarning(
                    "ck_value",
                    f"CK {ck:,} {data.get('ck_unit', 'U/L')} is above "
                    "50,000 U/L. Check the value and the unit.",
                )
            )
    haq, day = data.get("haq"), data.get("date")
    if haq is not None and isinstance(day, dt.date):
        earlier = Visit.objects.filter(patient=patient, date__lt=day, haq__isnull=False)
        if exclude_pk is not None:
            earlier = earlier.exclude(pk=exclude_pk)
        previous = earlier.order_by("-date").first()
        if previous is not None and abs(haq - previous.haq) > HAQ_CONFIRM_JUMP:
            warnings.append(
                ValueWarning(
                    "haq",
                    f"HAQ-DI changed by more than 1.5 since the previous visit "
                    f"({previous.haq:g} on {previous.date:%d/%m/%Y}).",
                )
            )
    return warnings


def _check(
    *, patient: Patient, data: Mapping[str, Any], confirmed: bool, exclude_pk: int | None = None
) -> None:
    raise_if(_visit_errors(patient=patient, data=data, exclude_pk=exclude_pk))
    if not confirmed:
        warnings = visit_warnings(patient=patient, data=data, exclude_pk=exclude_pk)
        if warnings:
            raise ConfirmationRequired(warnings)


def visit_record(
    *,
    patient: Patient,
    data: Mapping[str, Any],
    entered_by: User,
    confirmed: bool = False,
) -> Visit:
    """Record a visit, store its MMT-8 total and the scores of every visit of the patient."""
    _check(patient=patient, data=data, confirmed=confirmed)
    visit = Visit(patient=patient, entered_by=entered_by, **data)
    visit.mmt8_total = mmt8_total_of(data)
    try:
        with transaction.atomic():
            audited_save(visit, user=entered_by, reason=VISIT_RECORDED)
            patient_scores_recompute(patient=patient)
            patient_schedule_reevaluation(patient_id=patient.pk)
    except IntegrityError:
        # Another visit on the same date was saved between the check and the insert.
        if Visit.objects.filter(patient=patient, date=visit.date).exists():
            raise ValidationError({"date": DUPLICATE_DATE}) from None
        raise
    return visit


def visit_update(
    *,
    visit: Visit,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
    confirmed: bool = False,
) -> Visit:
    """Change a visit (version-checked, with a reason) and re-score every visit.

    Editing the baseline visit changes the TIS and DOI of every later visit; they are
    recomputed in the same transaction.
    """
    _check(patient=visit.patient, data=data, confirmed=confirmed, exclude_pk=visit.pk)
    changes = {**data, "mmt8_total": mmt8_total_of(data)}
    try:
        with transaction.atomic():
            updated = apply_update(
                instance=visit,
                data=changes,
                expected_version=expected_version,
                edited_by=edited_by,
                reason=reason,
                # Visits imported or seeded without an author stay valid when edited.
                exclude=["entered_by"],
            )
            patient_scores_recompute(patient=visit.patient)
            patient_schedule_reevaluation(patient_id=visit.patient_id)
    except IntegrityError:
        raise ValidationError({"date": DUPLICATE_DATE}) from None
    return updated
