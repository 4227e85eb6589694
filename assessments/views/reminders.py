"""The reminder inbox, the snooze / done / dismiss actions, and the worker status page.

Who may do what (issue 5): every member of a department sees its reminders; handling
one (snooze, done, dismiss) needs the clinician, department admin or registry admin
role in the patient's department (``can_handle_reminders``, through ``record_view``), so
a nurse gets a logged 403 on the actions. Logging a contact attempt ("phoned, no
answer") is clinical data entry (``can_edit_clinical``): nurses do it too. A reminder
of another department's patient is a 404. The worker status page is for staff users
and department or registry admins (``can_view_worker_status``).
"""

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms.reminders import (
    ContactAttemptForm,
    DismissForm,
    DoneForm,
    ReminderFilterForm,
    SnoozeForm,
)
from assessments.models import Reminder
from assessments.selectors.reminders import (
    CONTACT_CHOICES,
    handling_departments,
    recording_departments,
    reminder_inbox,
    worker_status,
)
from assessments.services.contact import contact_attempt_record
from assessments.services.reminders import (
    reminder_dismiss,
    reminder_done,
    reminder_snooze,
)
from patients.access import (
    can_edit_clinical,
    can_handle_reminders,
    can_view_worker_status,
    record_view,
    registry_view,
)
from patients.views.flow import add_service_errors

PAGE_SIZE = 50


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """List the department's open and overdue reminders, filtered by kind and due date."""
    form = ReminderFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    reminders = reminder_inbox(
        user=request.user,
        kind=filters.get("kind", ""),
        due_from=filters.get("due_from"),
        due_to=filters.get("due_to"),
        include_snoozed=filters.get("include_snoozed", False),
        today=today,
    )
    page = Paginator(reminders, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "assessments/reminder_inbox.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "can_handle": handling_departments(user=request.user),
            "can_record": recording_departments(user=request.user),
            "query": query.urlencode(),
            "next": request.get_full_path(),
            "show_worker_status": can_view_worker_status(request.user),
            **CONTACT_CHOICES,
        },
    )


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)  # login_required: never anonymous here


def _next_url(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("jobs:reminder_inbox")


def _action(
    request: HttpRequest,
    reminder: Reminder,
    *,
    form_class: type[forms.Form],
    title: str,
    perform: Callable[[Reminder, dict[str, Any]], Reminder],
    done: str,
) -> HttpResponse:
    initial = {"version": reminder.version, "next": request.GET.get("next", "")}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            perform(reminder, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            reminder.refresh_from_db()
        else:
            messages.success(
                request, f"{reminder.get_kind_display()} for {reminder.patient}: {done}."
            )
            return redirect(_next_url(request, form.cleaned_data.get("next", "")))
    return render(
        request,
        "assessments/reminder_action.html",
        {"reminder": reminder, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
@record_view(Reminder, can_handle_reminders, pass_as="reminder")
def snooze(request: HttpRequest, reminder: Reminder) -> HttpResponse:
    """Snooze a reminder until a date."""
    return _action(
        request,
        reminder,
        form_class=SnoozeForm,
        title="Snooze reminder",
        perform=lambda reminder, data: reminder_snooze(
            reminder=reminder, user=_user(request), until=data["until"], version=data["version"]
        ),
        done="snoozed",
    )


@login_required
@require_http_methods(["GET", "POST"])
@record_view(Reminder, can_handle_reminders, pass_as="reminder")
def mark_done(request: HttpRequest, reminder: Reminder) -> HttpResponse:
    """Mark a reminder done."""
    return _action(
        request,
        reminder,
        form_class=DoneForm,
        title="Mark reminder done",
        perform=lambda reminder, data: reminder_done(
            reminder=reminder, user=_user(request), note=data["note"], version=data["version"]
        ),
        done="done",
    )


@login_required
@require_http_methods(["GET", "POST"])
@record_view(Reminder, can_handle_reminders, pass_as="reminder")
def dismiss(request: HttpRequest, reminder: Reminder) -> HttpResponse:
    """Dismiss a reminder, with a reason."""
    return _action(
        request,
        reminder,
        form_class=DismissForm,
        title="Dismiss reminder",
        perform=lambda reminder, data: reminder_dismiss(
            reminder=reminder, user=_user(request), reason=data["reason"], version=data["version"]
        ),
        done="dismissed",
    )


@login_required
@require_http_methods(["GET", "POST"])
@record_view(Reminder, can_edit_clinical, pass_as="reminder")
def contact(request: HttpRequest, reminder: Reminder) -> HttpResponse:
    """Log an attempt to reach the patient about a reminder (the inline form posts here)."""
    return _action(
        request,
        reminder,
        form_class=ContactAttemptForm,
        title="Log a contact attempt",
        perform=lambda reminder, data: (
            contact_attempt_record(
                reminder=reminder, data=data, recorded_by=_user(request)
            ).reminder
        ),
        done="contact attempt logged",
    )


@login_required
@require_GET
@registry_view(can_view_worker_status)
def workers(request: HttpRequest) -> HttpResponse:
    """Show whether the workers are alive, the last sweep and the beat schedules."""
    return render(request, "assessments/worker_status.html", {"status": worker_status()})
