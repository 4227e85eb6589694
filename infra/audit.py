"""Who changed a clinical record, and why: the reason and user behind every history row.

Every clinical model keeps a django-simple-history table. The acting user comes from the
request (``HistoryRequestMiddleware``); the reason comes from the service that writes:

    with audited(reason="Visit entered", user=entered_by):
        visit.full_clean()
        visit.save()

Every history row written inside the block carries that reason (and that user, where
there is no request, as in a Celery task). A reason set on the instance itself
(``instance._change_reason``) wins over the block's.

Bulk writes skip ``save()`` and so would skip history: on audited models they go through
``audited_bulk_create`` / ``audited_bulk_update``, or, for speed, through
``infra.bulk_insert.insert_with_history`` / ``update_with_history`` (a test scans the
source tree for any other ``bulk_create``/``bulk_update``/``objects.update`` on an audited
model).
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.dispatch import receiver
from simple_history.signals import pre_create_historical_record
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

M = TypeVar("M", bound=models.Model)

_reason: ContextVar[str | None] = ContextVar("audit_reason", default=None)
_user: ContextVar[AbstractBaseUser | None] = ContextVar("audit_user", default=None)


class MissingReasonError(ValueError):
    """Raised when an audited write is attempted without saying why."""


@contextmanager
def audited(*, reason: str, user: AbstractBaseUser | None = None) -> Iterator[None]:
    """Stamp ``reason`` (and ``user``, when given) on every history row written in the block."""
    if not reason.strip():
        raise MissingReasonError("An audited change needs a reason.")
    reason_token = _reason.set(reason.strip())
    user_token = _user.set(user)
    try:
        yield
    finally:
        _reason.reset(reason_token)
        _user.reset(user_token)


def current_reason() -> str | None:
    """Return the reason of the innermost ``audited`` block, or None outside one."""
    return _reason.get()


def current_user() -> AbstractBaseUser | None:
    """Return the user of the innermost ``audited`` block, or None (none given, or outside)."""
    return _user.get()


def is_audited(model: type[models.Model]) -> bool:
    """Return whether django-simple-history keeps a history of ``model``."""
    return hasattr(model._meta, "simple_history_manager_attribute")


@receiver(pre_create_historical_record, dispatch_uid="patients_audit_stamp")
def stamp_history_row(
    sender: type[models.Model], instance: models.Model, history_instance: Any, **kwargs: Any
) -> None:
    """Fill the reason and user of a history row from the enclosing ``audited`` block."""
    reason = _reason.get()
    if reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = reason
    user = _user.get()
    if user is not None and not hasattr(instance, "_history_user"):
        history_instance.history_user = user


def audited_bulk_create(
    model: type[M],
    objs: Sequence[M],
    *,
    batch_size: int | None = None,
    default_date: dt.datetime | None = None,
) -> list[M]:
    """Create many rows of an audited model, with one history row each (inside ``audited``).

    ``default_date`` dates the history rows (a job's own clock); a reason set on a row
    (``_change_reason``) wins over the block's.
    """
    reason = _require_reason()
    return bulk_create_with_history(
        objs,
        model,
        batch_size=batch_size,
        default_user=_user.get(),
        default_change_reason=reason,
        default_date=default_date,
    )


def audited_bulk_update(
    model: type[M],
    objs: Sequence[M],
    fields: Sequence[str],
    *,
    batch_size: int | None = None,
    default_date: dt.datetime | None = None,
) -> int:
    """Update many rows of an audited model, with one history row each (inside ``audited``).

    ``default_date`` and a row's own ``_change_reason`` work as in ``audited_bulk_create``.
    """
    reason = _require_reason()
    return bulk_update_with_history(
        objs,
        model,
        fields,
        batch_size=batch_size,
        default_user=_user.get(),
        default_change_reason=reason,
        default_date=default_date,
    )


def _require_reason() -> str:
    reason = _reason.get()
    if reason is None:
        raise MissingReasonError("Bulk writes to audited models must run inside audited().")
    return reason
