"""Shared write helpers: date checks, audited saves and optimistic concurrency.

Every editable clinical record carries a ``version``. An edit names the version it was
loaded with; if the stored version has moved on, the edit is refused with a
``ConcurrentEditError`` listing what the other person changed, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from infra.audit import audited
from patients.models import ClinicalRecord

RecordT = TypeVar("RecordT", bound=ClinicalRecord)

INTERNAL_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})


@dataclass(frozen=True)
class FieldChange:
    """One field another person changed: its label and the values before and after."""

    field: str
    label: str
    old: str
    new: str


class ConcurrentEditError(Exception):
    """Raised when a record changed after the editor loaded it; nothing was saved."""

    def __init__(
        self, *, changes: list[FieldChange], current_version: int, changed_by: str = ""
    ) -> None:
        super().__init__("The record was changed by someone else while you were editing it.")
        self.changes = changes
        self.current_version = current_version
        self.changed_by = changed_by


@dataclass(frozen=True)
class ValueWarning:
    """A possible but implausible value the user must confirm before it is saved."""

    field: str
    message: str


class ConfirmationRequired(Exception):
    """Raised when input holds implausible values the user has not confirmed; nothing saved."""

    def __init__(self, warnings: list[ValueWarning]) -> None:
        super().__init__("; ".join(warning.message for warning in warnings))
        self.warnings = warnings


def today() -> dt.date:
    """Return today's date in the project's time zone."""
    return timezone.localdate()


def check_dates(
    *,
    data: Mapping[str, Any],
    fields: Iterable[str],
    date_of_birth: dt.date | None = None,
) -> dict[str, str]:
    """Return errors for dates in the future or before the patient's birth, by field."""
    errors: dict[str, str] = {}
    for name in fields:
        value = data.get(name)
        if not isinstance(value, dt.date):
            continue
        if value > today():
            errors[name] = "This date is in the future."
        elif date_of_birth is not None and value < date_of_birth:
            errors[name] = f"This date is before the patient's birth ({date_of_birth:%d/%m/%Y})."
    return errors


def raise_if(errors: Mapping[str, str | list[str]]) -> None:
    """Raise a ValidationError keyed by field when there is any error."""
    if errors:
        raise ValidationError(dict(errors))


def display_value(field: models.Field[Any, Any], value: object) -> str:
    """Return a value the way a user reads it on a page."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def changes_between(
    model: type[models.Model],
    before: Mapping[str, object],
    after: Mapping[str, object],
    *,
    prefix: str = "",
) -> list[FieldChange]:
    """List the editable fields whose values differ between two snapshots."""
    changes: list[FieldChange] = []
    for field in model._meta.concrete_fields:
        name = field.attname
        if name in INTERNAL_FIELDS or not field.editable or name not in before:
            continue
        old, new = before.get(name), after.get(name)
        if old != new:
            label = str(field.verbose_name)
            label = f"{prefix}{label}" if prefix else label[:1].upper() + label[1:]
            changes.append(
                FieldChange(name, label, display_value(field, old), display_value(field, new))
            )
    return changes


def snapshot(instance: models.Model) -> dict[str, object]:
    """Return the stored values of an instance (or of a historical record) by attname."""
    return {
        field.attname: getattr(instance, field.attname, None)
        for field in type(instance)._meta.concrete_fields
        if not field.attname.startswith("history_")
    }


def version_record(instance: ClinicalRecord, version: int) -> Any | None:
    """Return the historical record of ``instance`` as it was at ``version``, if kept."""
    return instance.history.filter(version=version).order_by("-history_date").first()


def conflict_for(current: ClinicalRecord, expected_version: int) -> ConcurrentEditError:
    """Build the error describing what changed since ``expected_version``."""
    loaded = version_record(current, expected_version)
    latest = current.history.order_by("-history_date").first()
    changes = (
        changes_between(type(current), snapshot(loaded), snapshot(current))
        if loaded is not None
        else []
    )
    changed_by = ""
    if latest is not None and latest.history_user is not None:
        changed_by = latest.history_user.get_full_name() or latest.history_user.get_username()
    return ConcurrentEditError(
        changes=changes, current_version=current.version, changed_by=changed_by
    )


def locked_current(instance: RecordT, expected_version: int) -> RecordT:
    """Reload and lock the row; raise ConcurrentEditError if its version has moved on.

    Call inside ``transaction.atomic``.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise conflict_for(current, expected_version)
    return current


def audited_save(
    instance: ClinicalRecord,
    *,
    user: User,
    reason: str,
    bump: bool = False,
    exclude: list[str] | None = None,
) -> None:
    """Validate and save a record; its history row names the user and the reason.

    ``reason`` is what the user typed for an edit, or a fixed phrase for a creation
    ("Visit recorded"). Stamped through ``infra.audit.audited``.
    """
    if bump:
        instance.version += 1
    instance.full_clean(exclude=exclude)
    with audited(reason=reason, user=user):
        instance.save()


def apply_update(
    *,
    instance: RecordT,
    data: Mapping[str, Any],
    expected_version: int,
    edited_by: User,
    reason: str,
    exclude: list[str] | None = None,
) -> RecordT:
    """Write ``data`` over a locked, version-checked copy of ``instance``; return it.

    Call inside ``transaction.atomic``. Raises ConcurrentEditError when the version moved
    and ValidationError when the reason is blank or the result is invalid.
    """
    if not reason.strip():
        raise ValidationError({"change_reason": "Say why you are changing this record."})
    current = locked_current(instance, expected_version)
    for name, value in data.items():
        setattr(current, name, value)
    audited_save(current, user=edited_by, reason=reason.strip(), bump=True, exclude=exclude)
    return current
