"""Building blocks shared by every data-entry form: dates, numbers, edit fields, layout.

Forms take input only: they parse and range-check what was typed and hand cleaned data
to a service. Every form is a plain ``forms.Form`` whose fields come from the model
(labels, choices), so the model stays the single source of truth without ModelForm's
own validation running twice.
"""

from typing import Any, cast

from django import forms
from django.db import models

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]


class DateInput(forms.DateInput):
    """A text box for a date typed as dd/mm/yyyy: fast with the keyboard, in any browser."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        defaults = {"placeholder": "dd/mm/yyyy", "autocomplete": "off", "size": "10"}
        super().__init__(attrs={**defaults, **(attrs or {})}, format="%d/%m/%Y")


def model_field(model: type[models.Model], name: str, **kwargs: Any) -> forms.Field:
    """Return the form field for a model field, with dates as dd/mm/yyyy text boxes."""
    source = model._meta.get_field(name)
    assert isinstance(source, models.Field), name
    if isinstance(source, models.DateField):
        kwargs.setdefault("widget", DateInput)
        kwargs.setdefault("form_class", forms.DateField)
    field = source.formfield(**kwargs)
    assert field is not None, name
    if isinstance(field, forms.DateField):
        field.input_formats = DATE_INPUT_FORMATS
        field.error_messages["invalid"] = "Enter a date as dd/mm/yyyy."
    return field


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """Return a form's choice field, typed, to change its choices."""
    return cast(forms.ChoiceField, form.fields[name])


def number_widget(*, minimum: float, maximum: float | None = None, step: str = "any") -> Any:
    """Return a number box carrying its range for assistive technology and the keyboard."""
    attrs: dict[str, Any] = {"min": minimum, "step": step, "inputmode": "decimal"}
    if maximum is not None:
        attrs["max"] = maximum
    return forms.NumberInput(attrs=attrs)


def autofocus(form: forms.Form, name: str) -> None:
    """Put the keyboard focus on ``name`` when the page opens."""
    form.fields[name].widget.attrs["autofocus"] = True


class EditFields(forms.Form):
    """The fields every edit form adds: the version it was loaded at and why it changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    change_reason = forms.CharField(
        label="Reason for this change",
        max_length=100,
        help_text="Required. Kept in the record's history (e.g. 'typing error', 'lab revised').",
        error_messages={"required": "Say why you are changing this record."},
    )


def confirm_field() -> forms.BooleanField:
    """Return the tick box that confirms implausible but possible values."""
    return forms.BooleanField(
        label="I have checked these values and they are correct", required=False
    )


def data_without(cleaned: dict[str, Any], *names: str) -> dict[str, Any]:
    """Return cleaned data minus the form-only fields (version, reason, confirm...)."""
    skip = {"version", "change_reason", "confirm", *names}
    return {key: value for key, value in cleaned.items() if key not in skip}
