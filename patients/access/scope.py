"""Scope: who sees what. Every query for patients and their records starts here.

A patient outside the user's departments is reported as missing (404), never as
forbidden, so its existence is not revealed.
"""

from collections.abc import Sequence
from functools import cache
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.http import Http404

from patients.models import Department, Membership, Patient

AnyUser = AbstractBaseUser | AnonymousUser

M = TypeVar("M", bound=models.Model)


def departments_for(user: AnyUser, *, roles: tuple[str, ...] | None = None) -> QuerySet[Department]:
    """Return the departments the user belongs to, optionally only those where they hold a role."""
    if not user.is_authenticated:
        return Department.objects.none()
    memberships = Membership.objects.filter(user_id=user.pk)
    if roles is not None:
        memberships = memberships.filter(role__in=roles)
    return Department.objects.filter(pk__in=memberships.values("department_id"))


def patients_visible_to(user: AnyUser) -> QuerySet[Patient]:
    """Return the patients the user may see: those of their own departments."""
    return Patient.objects.filter(department__in=departments_for(user))


def patient_get_for_user(*, user: AnyUser, registry_id: str) -> Patient:
    """Return one visible patient by registry id, or raise Http404."""
    try:
        return patients_visible_to(user).select_related("department").get(registry_id=registry_id)
    except Patient.DoesNotExist:
        raise Http404("No such patient") from None


def role_in(user: AnyUser, department_id: int) -> str | None:
    """Return the user's role in a department, or None when they hold none."""
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user_id=user.pk, department_id=department_id).first()
    return membership.role if membership else None


@cache
def patient_path(model: type[models.Model]) -> str:
    """Return the lookup from ``model`` to its patient: ``"patient"``, ``"panel__patient"``…

    Found by following foreign keys (at most two hops), so a new clinical model needs no
    registration here. Raises ``LookupError`` for a model not tied to a patient.
    """
    if model is Patient:
        return ""
    foreign_keys = [f for f in model._meta.get_fields() if isinstance(f, models.ForeignKey)]
    for field in foreign_keys:
        if field.related_model is Patient:
            return field.name
    for field in foreign_keys:
        for inner in field.related_model._meta.get_fields():
            if isinstance(inner, models.ForeignKey) and inner.related_model is Patient:
                return f"{field.name}__{inner.name}"
    raise LookupError(f"{model.__name__} is not tied to a patient")


def records_visible_to(user: AnyUser, model: type[M]) -> QuerySet[M]:
    """Return the rows of a patient-owned model whose patient the user may see."""
    path = patient_path(model)
    if not path:
        return patients_visible_to(user)  # type: ignore[return-value]
    return model._default_manager.filter(**{f"{path}__in": patients_visible_to(user)})


def record_get_for_user(
    *, user: AnyUser, model: type[M], pk: int, select_related: Sequence[str] = ()
) -> M:
    """Return one visible row of a patient-owned model (with its patient), or raise Http404.

    ``select_related`` names further relations the caller will read (a visit's score…).
    """
    path = patient_path(model)
    related = f"{path}__department" if path else "department"
    try:
        rows = records_visible_to(user, model).select_related(related, *select_related)
        return rows.get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404(f"No such {model._meta.verbose_name}") from None


def patient_of(record: models.Model) -> Patient:
    """Return the patient a patient-owned row belongs to (the row itself for a patient)."""
    path = patient_path(type(record))
    target: Any = record
    for step in path.split("__") if path else []:
        target = getattr(target, step)
    return cast(Patient, target)


def department_get_for_user(*, user: AnyUser, code: str) -> Department:
    """Return one of the user's departments by code, or raise Http404."""
    try:
        return departments_for(user).get(code=code)
    except Department.DoesNotExist:
        raise Http404("No such department") from None
