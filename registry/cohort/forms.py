"""The export form: format, content and shape. Input only."""

from typing import Any

from django import forms

from patients.models import ExportContent, ExportFormat, ExportShape


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        initial=ExportFormat.CSV,
        label="Format",
    )
    content = forms.ChoiceField(widget=forms.RadioSelect, label="Content")
    shape = forms.ChoiceField(
        choices=ExportShape.choices,
        widget=forms.RadioSelect,
        initial=ExportShape.PER_VISIT,
        label="Rows (CSV and XLSX)",
        help_text="REDCap records always repeat the visit instrument; FHIR has no rows.",
    )

    def __init__(self, *args: Any, contents: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(ExportContent.choices)
        field = self.fields["content"]
        assert isinstance(field, forms.ChoiceField)  # declared above
        field.choices = [(content, labels[content]) for content in contents]
        if contents:
            field.initial = contents[-1]
