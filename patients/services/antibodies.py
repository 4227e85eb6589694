"""Record and edit antibody panels: one panel, one result row for every antibody.

Every panel stores a row for each antibody of the catalogue, "not tested" unless a result
was entered, so a panel says explicitly what it did not test. Errors on a result are keyed
``<antibody code>_<result|titre|index_value>``, the names of the panel form's grid fields.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from infra.audit import audited, audited_bulk_create
from patients.hooks import patient_evaluation_stale, patient_scores_stale
from patients.models import Antibody, AntibodyOutcome, AntibodyPanel, AntibodyResult, Patient
from patients.services.editing import (
    ConcurrentEditError,
    FieldChange,
    apply_update,
    audited_save,
    changes_between,
    check_dates,
    conflict_for,
    raise_if,
    snapshot,
)

RESULT_FIELDS = ("result", "titre", "index_value")
PANEL_RECORDED = "Antibody panel recorded"


@dataclass(frozen=True)
class ResultInput:
    """One antibody's entry on a panel."""

    result: str = AntibodyOutcome.NOT_TESTED
    titre: str = ""
    index_value: Decimal | None = None


def _panel_errors(
    *, patient: Patient, data: Mapping[str, Any], results: Mapping[str, ResultInput]
) -> dict[str, str]:
    errors = check_dates(data=data, fields=["date"], date_of_birth=patient.date_of_birth)
    for code, entry in results.items():
        if code not in Antibody.values:
            errors["__all__"] = f"Unknown antibody {code!r}."
            continue
        untested = entry.result == AntibodyOutcome.NOT_TESTED
        if untested and entry.titre.strip():
            errors[f"{code}_titre"] = "Choose a result before entering a titre."
        if untested and entry.index_value is not None:
            errors[f"{code}_index_value"] = "Choose a result before entering an index."
        if entry.index_value is not None and entry.index_value < 0:
            errors[f"{code}_index_value"] = "An index cannot be negative."
    if not any(entry.result != AntibodyOutcome.NOT_TESTED for entry in results.values()):
        errors["__all__"] = "Enter the result of at least one antibody."
    return errors


def _result_row(panel: AntibodyPanel, code: str, entry: ResultInput) -> AntibodyResult:
    return AntibodyResult(
        panel=panel,
        antibody=code,
        result=entry.result,
        titre=entry.titre.strip(),
        index_value=entry.index_value,
    )


def antibody_panel_record(
    *,
    patient: Patient,
    data: Mapping[str, Any],
    results: Mapping[str, ResultInput],
    entered_by: User,
) -> AntibodyPanel:
    """Record a panel and one result row per antibody, then re-score the visits."""
    raise_if(_panel_errors(patient=patient, data=data, results=results))
    with transaction.atomic():
        panel = AntibodyPanel(patient=patient, **data)
        audited_save(panel, user=entered_by, reason=PANEL_RECORDED)
        rows = [
            _result_row(panel, code, results.get(code, ResultInput())) for code in Antibody.values
        ]
        for row in rows:
            # Field checks only: the rows were checked above and the table's constraints
            # back them, so skip one constraint query per row and antibody.
            row.full_clean(exclude=["panel"], validate_constraints=False)
        with audited(reason=PANEL_RECORDED, user=entered_by):
            audited_bulk_create(AntibodyResult, rows)
        patient_scores_stale(patient=patient)
        patient_evaluation_stale(patient_id=patient.pk)
    return panel


def _results_as_of_version(panel: AntibodyPanel, version: int) -> dict[str, dict[str, object]]:
    """Return each antibody's stored values as they were when the panel had ``version``.

    The panel row is always saved before its results, so the results of version v are the
    latest result history written before the panel's version v + 1.
    """
    following = panel.history.filter(version=version + 1).order_by("history_date").first()
    history = AntibodyResult.history.filter(panel_id=panel.pk).order_by("history_date")
    if following is not None:
        history = history.filter(history_date__lt=following.history_date)
    state: dict[str, dict[str, object]] = {}
    for record in history:
        state[record.antibody] = snapshot(record)
    return state


def _panel_conflict(current: AntibodyPanel, expected_version: int) -> ConcurrentEditError:
    error = conflict_for(current, expected_version)
    before = _results_as_of_version(current, expected_version)
    changes: list[FieldChange] = list(error.changes)
    for row in current.results.all():
        if row.antibody in before:
            changes += changes_between(
                AntibodyResult,
                {k: before[row.antibody][k] for k in RESULT_FIELDS},
                snapshot(row),
                prefix=f"{row.get_antibody_display()} ",
            )
    error.changes = changes
    return error


def antibody_panel_update(
    *,
    panel: AntibodyPanel,
    data: Mapping[str, Any],
    results: Mapping[str, ResultInput],
    expected_version: int,
    edited_by: User,
    reason: str,
) -> AntibodyPanel:
    """Change a panel and its results (version-checked, with a reason); re-score visits."""
    raise_if(_panel_errors(patient=panel.patient, data=data, results=results))
    with transaction.atomic():
        current = AntibodyPanel.objects.select_for_update().get(pk=panel.pk)
        if current.version != expected_version:
            raise _panel_conflict(current, expected_version)
        updated = apply_update(
            instance=current,
            data=data,
            expected_version=expected_version,
            edited_by=edited_by,
            reason=reason,
        )
        stored = {row.antibody: row for row in updated.results.all()}
        for code in Antibody.values:
            entry = results.get(code, ResultInput())
            row = stored.get(code) or _result_row(updated, code, entry)
            values = {
                "result": entry.result,
                "titre": entry.titre.strip(),
                "index_value": entry.index_value,
            }
            if row.pk is not None and all(getattr(row, k) == v for k, v in values.items()):
                continue
            for name, value in values.items():
                setattr(row, name, value)
            audited_save(row, user=edited_by, reason=reason.strip(), bump=row.pk is not None)
        patient_scores_stale(patient=panel.patient)
        patient_evaluation_stale(patient_id=panel.patient.pk)
    return updated
