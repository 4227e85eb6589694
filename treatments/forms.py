"""Forms to start, stop and edit therapy courses."""

from typing import Any

from django import forms

from patients.forms.base import EditFields, autofocus, choice_field, model_field, number_widget
from treatments.models import DoseUnit, Drug, StopReason, TherapyCourse

USUAL = ""
OUTSIDE_LINES = "none"
LINE_CHOICES = [
    (USUAL, "The drug's usual line"),
    ("1", "1st line"),
    ("2", "2nd line"),
    ("3", "3rd line"),
    (OUTSIDE_LINES, "Outside the lines (e.g. statin, IVIG alone)"),
]


class CourseForm(forms.Form):
    """A therapy course: drug from the catalogue, dose, unit, route, frequency, dates, line."""

    drug = forms.ModelChoiceField(
        queryset=Drug.objects.order_by("name"), empty_label="Choose a drug", label="Drug"
    )
    dose = model_field(
        TherapyCourse,
        "dose",
        min_value=0.01,
        error_messages={"min_value": "The dose must be greater than zero."},
        widget=number_widget(minimum=0),
    )
    unit = model_field(
        TherapyCourse, "unit", required=False, help_text="Empty: the drug's usual unit."
    )
    route = model_field(TherapyCourse, "route")
    frequency = model_field(TherapyCourse, "frequency")
    start = model_field(TherapyCourse, "start", label="Start date")
    line_of_therapy = forms.ChoiceField(
        choices=LINE_CHOICES, required=False, label="Line of therapy"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", "The drug's usual unit"), *self._unit_choices()]
        autofocus(self, "drug")

    def _unit_choices(self) -> list[tuple[str, str]]:
        return list(DoseUnit.choices)

    def service_data(self) -> dict[str, Any]:
        """Return the course values; a line left at "usual" is omitted for the service."""
        data = {
            key: self.cleaned_data[key]
            for key in ("drug", "dose", "unit", "route", "frequency", "start")
        }
        line = self.cleaned_data["line_of_therapy"]
        if line == OUTSIDE_LINES:
            data["line_of_therapy"] = None
        elif line != USUAL:
            data["line_of_therapy"] = int(line)
        return data


class CourseEditForm(EditFields, CourseForm):
    """Change every field of a course, stop included, with a reason."""

    stop = model_field(TherapyCourse, "stop", label="Stop date")
    stop_reason = model_field(TherapyCourse, "stop_reason")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "line_of_therapy").choices = LINE_CHOICES[1:]
        self.fields["line_of_therapy"].required = True
        choice_field(self, "unit").choices = self._unit_choices()
        self.fields["unit"].required = True
        self.order_fields(
            [
                "drug",
                "dose",
                "unit",
                "route",
                "frequency",
                "start",
                "line_of_therapy",
                "stop",
                "stop_reason",
                "change_reason",
            ]
        )

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["stop"] = self.cleaned_data["stop"]
        data["stop_reason"] = self.cleaned_data["stop_reason"]
        return data

    @staticmethod
    def initial_for(course: TherapyCourse) -> dict[str, Any]:
        return {
            "drug": course.drug_id,
            "dose": course.dose,
            "unit": course.unit,
            "route": course.route,
            "frequency": course.frequency,
            "start": course.start,
            "line_of_therapy": OUTSIDE_LINES
            if course.line_of_therapy is None
            else str(course.line_of_therapy),
            "stop": course.stop,
            "stop_reason": course.stop_reason,
            "version": course.version,
        }


class CourseStopForm(forms.Form):
    """Stop an ongoing course: the date and why."""

    stop = model_field(TherapyCourse, "stop", label="Stop date", required=True)
    stop_reason = model_field(TherapyCourse, "stop_reason", required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "stop_reason").choices = [
            ("", "Choose a reason"),
            *StopReason.choices,
        ]
        autofocus(self, "stop")
