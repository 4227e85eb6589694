"""Enforcement: the view decorators and the class-based-view mixin.

Each fetches through the scope (404 outside it, logged when the row exists elsewhere)
and then checks a rule (a refusal is a 403 that the security log records).
"""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, ClassVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from patients.access.rules import DepartmentRule, can_read_patient
from patients.access.scope import (
    AnyUser,
    M,
    department_get_for_user,
    patient_get_for_user,
    patient_of,
    record_get_for_user,
)
from patients.access.user_rules import UserRule
from patients.models import Department, Patient

View = Callable[..., HttpResponseBase]


class AuthenticatedHttpRequest(HttpRequest):
    """The request a ``login_required`` view receives (for type checking): a user signed in."""

    user: User


def require(rule: DepartmentRule, user: AnyUser, department: Department) -> None:
    """Raise PermissionDenied (a logged 403) unless ``rule`` allows the user in ``department``."""
    if not rule(user, department):
        raise PermissionDenied(rule.__name__)


def _log_out_of_scope(request: HttpRequest, what: str) -> None:
    security_event_record(
        kind=SecurityEventKind.PERMISSION_DENIED,
        request=request,
        detail={"reason": f"{what} outside the user's departments"},
    )


def _patient_for_request(request: HttpRequest, registry_id: str) -> Patient:
    """Fetch through the one way in; a hit on another department's patient is logged."""
    try:
        return patient_get_for_user(user=request.user, registry_id=registry_id)
    except Http404:
        if Patient.objects.filter(registry_id=registry_id).exists():
            _log_out_of_scope(request, "patient")
        raise


def _record_for_request(
    request: HttpRequest, model: type[M], pk: int, select_related: Sequence[str] = ()
) -> M:
    """Fetch a patient-owned row; a hit on another department's row is logged."""
    try:
        return record_get_for_user(
            user=request.user, model=model, pk=pk, select_related=select_related
        )
    except Http404:
        if model._default_manager.filter(pk=pk).exists():
            _log_out_of_scope(request, str(model._meta.verbose_name))
        raise


def patient_view(rule: DepartmentRule = can_read_patient) -> Callable[[View], View]:
    """Wrap a view whose URL takes ``registry_id``; the view receives ``patient=`` instead.

    A patient outside the user's departments is a 404; a role that ``rule`` refuses in
    the patient's department is a 403, written to the security log.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, registry_id: str, **kwargs: Any) -> Any:
            patient = _patient_for_request(request, registry_id)
            require(rule, request.user, patient.department)
            return view(request, *args, patient=patient, **kwargs)

        return wrapped

    return decorator


def record_view(
    model: type[models.Model],
    rule: DepartmentRule = can_read_patient,
    *,
    url_kwarg: str = "pk",
    pass_as: str = "record",
    select_related: Sequence[str] = (),
) -> Callable[[View], View]:
    """Wrap a view whose URL names a patient-owned row by ``pk`` (a visit, a course…).

    The view receives the row as ``record=`` (or ``pass_as``), its patient and department
    loaded. A row of another department's patient is a 404; a role ``rule`` refuses is a
    logged 403. When the URL also names the patient (``registry_id``, as in
    ``patients/<registry_id>/visits/<pk>/``), a row of another patient is a 404 too.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            pk = kwargs.pop(url_kwarg)
            registry_id = kwargs.pop("registry_id", None)
            record = _record_for_request(request, model, pk, select_related)
            patient = patient_of(record)
            if registry_id is not None and patient.registry_id != registry_id:
                raise Http404(f"No such {model._meta.verbose_name} for this patient")
            require(rule, request.user, patient.department)
            return view(request, *args, **{pass_as: record}, **kwargs)

        return wrapped

    return decorator


def department_view(rule: DepartmentRule) -> Callable[[View], View]:
    """Wrap a view whose URL takes ``department_code``; the view receives ``department=``.

    A department the user does not belong to is a 404; a refused role is a logged 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, department_code: str, **kwargs: Any) -> Any:
            department = department_get_for_user(user=request.user, code=department_code)
            require(rule, request.user, department)
            return view(request, *args, department=department, **kwargs)

        return wrapped

    return decorator


def registry_view(rule: UserRule) -> Callable[[View], View]:
    """Wrap a registry-wide view (cross-department export, security log): 403 unless allowed."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not rule(request.user):
                raise PermissionDenied(rule.__name__)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class PatientAccessMixin:
    """For class-based views whose URL takes ``registry_id``: sets ``self.patient``.

    Set ``patient_rule`` to the rule the view needs (``can_read_patient`` by default).
    """

    patient_rule: ClassVar[DepartmentRule] = can_read_patient
    patient: Patient

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.patient = _patient_for_request(request, kwargs["registry_id"])
        require(type(self).patient_rule, request.user, self.patient.department)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        return response
