"""The audit trail of one patient: every change to them and to their clinical records.

Reads the django-simple-history tables of every audited model tied to a patient (found
through ``patients.access.patient_path``, so a new clinical model appears here without
registration): one query per model, one per referenced model to name foreign keys, and
the diffs are computed in Python with ``diff_against``. The number of queries does not
grow with the number of changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from django.apps import apps
from django.db import models
from django.db.models import Q

from infra.audit import is_audited
from patients.access import patient_path
from patients.models import Patient

ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
HIDDEN_FIELDS = {"id", "version", "created_at", "updated_at", "date_shift_days"}
LABEL_FIELDS = ("date", "start", "antibody")
EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One write to one record: who, when, what record, why, and the fields it changed."""

    at: dt.datetime
    user: str
    record: str
    action: str
    reason: str
    changes: tuple[FieldChange, ...]


def patient_history(*, patient: Patient) -> list[HistoryEntry]:
    """Return every change to the patient and their records, newest first."""
    rows_by_model = {
        model: list(_history_rows(model, patient.pk)) for model in patient_record_models()
    }
    names = _foreign_key_names(rows_by_model)
    entries = [
        entry for model, rows in rows_by_model.items() for entry in _entries_for(model, rows, names)
    ]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


def patient_record_models() -> list[type[models.Model]]:
    """Return the audited models tied to a patient, the patient first."""
    found = []
    for model in apps.get_models():
        if not is_audited(model):
            continue
        try:
            patient_path(model)
        except LookupError:
            continue
        found.append(model)
    return sorted(found, key=lambda model: (model is not Patient, model._meta.label))


def _history_filter(model: type[models.Model], patient_pk: int) -> Q:
    """Match the history rows of ``model`` that belonged to the patient, even if deleted since.

    The first hop is followed through the related model's own history, so a result
    whose panel has been deleted is still found.
    """
    path = patient_path(model).split("__") if patient_path(model) else []
    if not path:
        return Q(id=patient_pk)
    if len(path) == 1:
        return Q(**{f"{path[0]}_id": patient_pk})
    related = cast(type[models.Model], model._meta.get_field(path[0]).related_model)
    history = related.history  # type: ignore[attr-defined]
    related_ids = history.filter(_history_filter(related, patient_pk)).values("id")
    return Q(**{f"{path[0]}_id__in": related_ids})


def _history_rows(model: type[models.Model], patient_pk: int) -> Iterable[Any]:
    rows: Iterable[Any] = (
        model.history.filter(_history_filter(model, patient_pk))  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    return rows


def _shown_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and field.name not in HIDDEN_FIELDS
        and not (isinstance(field, models.ForeignKey) and field.related_model is Patient)
    ]


def _foreign_key_names(rows_by_model: dict[type[models.Model], list[Any]]) -> dict[Any, str]:
    """Name every row referenced by a foreign key, one query per referenced model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, rows in rows_by_model.items():
        for field in _shown_fields(model):
            if isinstance(field, models.ForeignKey):
                wanted[field.related_model].update(
                    getattr(row, field.attname) for row in rows if getattr(row, field.attname)
                )
    names: dict[Any, str] = {}
    for related, ids in wanted.items():
        for pk, obj in related._base_manager.in_bulk(ids).items():
            names[(related, pk)] = _name(obj)
    return names


def _name(obj: models.Model) -> str:
    full_name = getattr(obj, "get_full_name", None)
    if callable(full_name):
        return str(full_name() or obj.get_username())  # type: ignore[attr-defined]
    return str(obj)


def _entries_for(
    model: type[models.Model], rows: list[Any], names: dict[Any, str]
) -> Iterable[HistoryEntry]:
    fields = _shown_fields(model)
    by_name = {field.name: field for field in fields}
    previous = None
    changes: tuple[FieldChange, ...]
    for row in rows:
        if previous is not None and previous.id != row.id:
            previous = None
        if row.history_type == "~" and previous is not None:
            delta = row.diff_against(previous, included_fields=list(by_name))
            changes = tuple(
                FieldChange(
                    field=_label(by_name[change.field]),
                    old=_display(by_name[change.field], change.old, names),
                    new=_display(by_name[change.field], change.new, names),
                )
                for change in delta.changes
            )
        elif row.history_type == "-":
            changes = ()
        else:  # a creation, or the first row we hold of a record created before history
            changes = tuple(
                FieldChange(
                    field=_label(field),
                    old=EMPTY,
                    new=_display(field, getattr(row, field.attname), names),
                )
                for field in fields
                if getattr(row, field.attname) not in (None, "")
            )
        yield HistoryEntry(
            at=row.history_date,
            user=_name(row.history_user) if row.history_user else "system",
            record=_record_label(model, row),
            action=ACTIONS[row.history_type],
            reason=row.history_change_reason or "",
            changes=changes,
        )
        previous = row


def _record_label(model: type[models.Model], row: Any) -> str:
    label = str(model._meta.verbose_name).capitalize()
    if model is Patient:
        return "Patient details"
    for name in LABEL_FIELDS:
        if hasattr(row, name):
            field = cast("models.Field[Any, Any]", model._meta.get_field(name))
            return f"{label} {_display(field, getattr(row, name), {})}"
    return f"{label} #{row.id}"


def _label(field: models.Field[Any, Any]) -> str:
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def _display(field: models.Field[Any, Any], value: Any, names: dict[Any, str]) -> str:
    """Show a stored value as a user reads it: labels for choices, names for references."""
    if value is None or value == "":
        return EMPTY
    if isinstance(field, models.ForeignKey):
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
