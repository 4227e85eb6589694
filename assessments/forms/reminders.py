"""Forms of the reminder inbox: input only; the services decide."""

import datetime as dt

from django import forms
from django.utils import timezone

from assessments.models import ContactMethod, ContactOutcome, ReminderKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        # A date input reads and shows ISO dates whatever the locale's display format.
        super().__init__(
            attrs={"class": "form-control form-control-sm", **(attrs or {})}, format="%Y-%m-%d"
        )


class ReminderFilterForm(forms.Form):
    """Filter the inbox by kind and due date."""

    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *ReminderKind.choices],
        required=False,
        label="Kind",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    due_from = forms.DateField(required=False, label="Due from", widget=DateInput)
    due_to = forms.DateField(required=False, label="Due by", widget=DateInput)
    include_snoozed = forms.BooleanField(
        required=False,
        label="Include snoozed",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("due_from"), cleaned.get("due_to")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("due_to", "The end of the range is before its start.")
        return cleaned


class ReminderActionForm(forms.Form):
    """The version the user saw, so a change made meanwhile is not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class SnoozeForm(ReminderActionForm):
    until = forms.DateField(label="Snooze until", widget=DateInput)


class DoneForm(ReminderActionForm):
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class DismissForm(ReminderActionForm):
    reason = forms.CharField(
        label="Reason for dismissing",
        max_length=500,
        error_messages={"required": "Say why the reminder does not apply."},
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ContactAttemptForm(forms.Form):
    """One attempt to reach the patient; the date defaults to today (the service checks it)."""

    next = forms.CharField(widget=forms.HiddenInput, required=False)
    attempted_on = forms.DateField(label="Date", initial=timezone.localdate, widget=DateInput)
    method = forms.ChoiceField(
        label="Method",
        choices=ContactMethod.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=ContactOutcome.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
