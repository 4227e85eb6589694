"""Helpers proving that the database itself refuses a row, and which rule refused it.

Each constraint test module lists its cases as ``Violation``s and exposes the names it
covers in ``COVERED_CONSTRAINTS``; ``tests/test_every_constraint_is_tested.py`` checks
that together they name every constraint of every model.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import IntegrityError, connection, models, transaction

from patients.models import Patient


@dataclass(frozen=True)
class Violation:
    """A write, given an existing valid patient, that breaks one named constraint."""

    model: type[models.Model]
    constraint: str
    label: str
    write: Callable[[Patient], object]

    @property
    def id(self) -> str:
        return f"{self.constraint}-{self.label}"


def breaking(make: Callable[..., object], **values: Any) -> Callable[[Patient], object]:
    """Return a write calling ``make(existing_patient, **values)``, for cases built in loops."""
    return lambda existing: make(existing, **values)


def constraint_named(model: type[models.Model], name: str) -> models.BaseConstraint:
    """Return the constraint ``name`` declared in ``model``'s Meta, failing if there is none."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return constraint
    raise AssertionError(f"{model.__name__} declares no constraint named {name!r}")


@contextmanager
def refused_by(model: type[models.Model], name: str) -> Iterator[None]:
    """Expect the database to refuse the block's write because of constraint ``name``.

    The block runs in its own savepoint, so nothing of it is left behind. PostgreSQL and
    SQLite both name a failed check constraint; SQLite names the columns of a failed
    unique index instead of the index, so for those the columns are compared.
    """
    constraint = constraint_named(model, name)
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        yield
    message = str(caught.value)
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        column_of = {field.name: field.column for field in model._meta.concrete_fields}
        table = model._meta.db_table
        columns = ", ".join(f"{table}.{column_of[field]}" for field in constraint.fields)
        assert f"UNIQUE constraint failed: {columns}" in message
    else:
        assert name in message, f"expected {name!r} to refuse the row, got: {message}"


def covered(violations: Iterable[Violation]) -> frozenset[str]:
    """Return the constraint names a module's cases exercise."""
    return frozenset(violation.constraint for violation in violations)
