"""The one way a data-entry view turns a service's refusal into what the user sees.

A service either returns the saved record or raises: a ValidationError keyed by field
(shown on that field), a ConcurrentEditError (the form is shown again with what the other
person changed, and now carries the current version so a second save is deliberate), or
ConfirmationRequired (the form is shown again with the warnings and a tick box).
"""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from patients.services.editing import ConcurrentEditError, ConfirmationRequired

T = TypeVar("T")


class AuthenticatedRequest(HttpRequest):
    """A request past ``LoginRequiredMiddleware``: its user is a real user."""

    user: User


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, field_messages in error.message_dict.items():
        on_form = name in form.fields and name != NON_FIELD_ERRORS
        for message in field_messages:
            if on_form:
                form.add_error(name, message)
            elif name == NON_FIELD_ERRORS:
                form.add_error(None, message)
            else:
                form.add_error(None, f"{name.replace('_', ' ').capitalize()}: {message}")


def attempt(form: forms.Form, call: Callable[[], T]) -> T | None:
    """Run a service call; on refusal, annotate the form and return None."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
    except ConcurrentEditError as conflict:
        form.conflict = conflict  # type: ignore[attr-defined]
        data = cast(QueryDict, form.data).copy()
        data["version"] = str(conflict.current_version)
        form.data = data
    except ConfirmationRequired as confirmation:
        form.warnings = confirmation.warnings  # type: ignore[attr-defined]
    return None


def initial_from(record: models.Model, form_class: type[forms.Form]) -> dict[str, Any]:
    """Return a form's initial values read from a stored record (and its version)."""
    names = [name for name in form_class.base_fields if hasattr(record, name)]
    return {name: getattr(record, name) for name in names}


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the POST data of a submission, or None to build an unbound form."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[], T],
    success: str | Callable[[T], str],
    template: str,
    context: Mapping[str, Any],
    redirect_to: Callable[[T], Any] | None = None,
) -> HttpResponse:
    """Show a data-entry form; save a valid submission through ``save`` and move on.

    On success the user sees ``success`` and goes to ``redirect_to(saved)`` (by default
    the patient in ``context``); on a refusal the form is shown again with what
    ``attempt`` put on it.
    """
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, save)
        if saved is not None:
            messages.success(request, success if isinstance(success, str) else success(saved))
            return redirect(redirect_to(saved) if redirect_to else context["patient"])
    return render(request, template, {"form": form, **context})
