"""Forms for biopsies, antibody panels and other diagnostic tests."""

from typing import Any

from django import forms

from patients.forms.base import EditFields, autofocus, model_field, number_widget
from patients.models import (
    MSA,
    Antibody,
    AntibodyOutcome,
    AntibodyPanel,
    AntibodyResult,
    DiagnosticTest,
    MuscleBiopsy,
)
from patients.services.antibodies import ResultInput


class BiopsyForm(forms.Form):
    """A muscle biopsy: date, muscle, structured findings and conclusion."""

    date = model_field(MuscleBiopsy, "date", label="Biopsy date")
    muscle = model_field(MuscleBiopsy, "muscle")
    endomysial_infiltrate = model_field(MuscleBiopsy, "endomysial_infiltrate")
    perimysial_perivascular_infiltrate = model_field(
        MuscleBiopsy, "perimysial_perivascular_infiltrate"
    )
    perifascicular_atrophy = model_field(MuscleBiopsy, "perifascicular_atrophy")
    rimmed_vacuoles = model_field(MuscleBiopsy, "rimmed_vacuoles")
    necrotic_fibres_predominant = model_field(MuscleBiopsy, "necrotic_fibres_predominant")
    mhc1_upregulation = model_field(MuscleBiopsy, "mhc1_upregulation")
    mac_deposition = model_field(MuscleBiopsy, "mac_deposition")
    no_pathological_change = model_field(MuscleBiopsy, "no_pathological_change")
    conclusion = model_field(MuscleBiopsy, "conclusion")
    report = model_field(MuscleBiopsy, "report", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        autofocus(self, "date")


class BiopsyEditForm(EditFields, BiopsyForm):
    """Change a biopsy, with a reason."""


class DiagnosticTestForm(forms.Form):
    """Another diagnostic test: LGMD panel, acid alpha-glucosidase, MRI, EMG..."""

    date = model_field(DiagnosticTest, "date", label="Test date")
    kind = model_field(DiagnosticTest, "kind", label="Test")
    name = model_field(DiagnosticTest, "name", label="Name of the test")
    outcome = model_field(DiagnosticTest, "outcome", label="Result")
    summary = model_field(DiagnosticTest, "summary", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        autofocus(self, "date")


class DiagnosticTestEditForm(EditFields, DiagnosticTestForm):
    """Change a diagnostic test, with a reason."""


class AntibodyPanelForm(forms.Form):
    """One panel and a grid row for every antibody: result, titre and index.

    Grid fields are named ``<antibody code>_result``, ``_titre`` and ``_index_value``;
    every result starts as "not tested".
    """

    date = model_field(AntibodyPanel, "date", label="Panel date")
    lab = model_field(AntibodyPanel, "lab", label="Laboratory")
    method = model_field(AntibodyPanel, "method")
    notes = model_field(AntibodyPanel, "notes", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in Antibody.choices:
            self.fields[f"{code}_result"] = model_field(
                AntibodyResult, "result", label=label, initial=AntibodyOutcome.NOT_TESTED
            )
            self.fields[f"{code}_titre"] = model_field(
                AntibodyResult, "titre", label=f"{label} titre", help_text=""
            )
            self.fields[f"{code}_index_value"] = model_field(
                AntibodyResult,
                "index_value",
                label=f"{label} index",
                widget=number_widget(minimum=0),
            )
        autofocus(self, "date")

    def panel_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("date", "lab", "method")]

    def grid(self) -> list[dict[str, Any]]:
        """Return the grid rows, grouped MSA then MAA, for the template."""
        return [
            {
                "code": code,
                "label": label,
                "group": "Myositis-specific" if code in MSA else "Myositis-associated",
                "result": self[f"{code}_result"],
                "titre": self[f"{code}_titre"],
                "index_value": self[f"{code}_index_value"],
            }
            for code, label in Antibody.choices
        ]

    def panel_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ("date", "lab", "method", "notes")}

    def results(self) -> dict[str, ResultInput]:
        return {
            code: ResultInput(
                result=self.cleaned_data[f"{code}_result"],
                titre=self.cleaned_data[f"{code}_titre"],
                index_value=self.cleaned_data[f"{code}_index_value"],
            )
            for code in Antibody.values
        }

    @staticmethod
    def initial_for(panel: AntibodyPanel) -> dict[str, Any]:
        """Return the form's initial values from a stored panel and its results."""
        initial: dict[str, Any] = {
            "date": panel.date,
            "lab": panel.lab,
            "method": panel.method,
            "notes": panel.notes,
            "version": panel.version,
        }
        for row in panel.results.all():
            initial[f"{row.antibody}_result"] = row.result
            initial[f"{row.antibody}_titre"] = row.titre
            initial[f"{row.antibody}_index_value"] = row.index_value
        return initial


class AntibodyPanelEditForm(EditFields, AntibodyPanelForm):
    """Change a panel and its results, with a reason."""
