"""Pages to record and edit biopsies, antibody panels and other diagnostic tests."""

from django.http import HttpResponse

from patients.access import can_edit_clinical, patient_view, record_view
from patients.forms import (
    AntibodyPanelEditForm,
    AntibodyPanelForm,
    BiopsyEditForm,
    BiopsyForm,
    DiagnosticTestEditForm,
    DiagnosticTestForm,
)
from patients.forms.base import data_without
from patients.models import AntibodyPanel, DiagnosticTest, MuscleBiopsy, Patient
from patients.services import (
    antibody_panel_record,
    antibody_panel_update,
    biopsy_record,
    biopsy_update,
    diagnostic_test_record,
    diagnostic_test_update,
)
from patients.views.flow import AuthenticatedRequest, form_page, initial_from, posted

FORM_TEMPLATE = "patients/record_form.html"
PANEL_TEMPLATE = "patients/panel_form.html"


@patient_view(can_edit_clinical)
def biopsy_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record a muscle biopsy."""
    form = BiopsyForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: biopsy_record(
            patient=patient, data=data_without(form.cleaned_data), entered_by=request.user
        ),
        success="Biopsy recorded.",
        template=FORM_TEMPLATE,
        context={"patient": patient, "title": "Record a muscle biopsy"},
    )


@record_view(MuscleBiopsy, can_edit_clinical, pass_as="biopsy")
def biopsy_edit(request: AuthenticatedRequest, biopsy: MuscleBiopsy) -> HttpResponse:
    """Change a biopsy, with a reason and a version check."""
    form = BiopsyEditForm(posted(request), initial=initial_from(biopsy, BiopsyEditForm))
    return form_page(
        request,
        form,
        save=lambda: biopsy_update(
            biopsy=biopsy,
            data=data_without(form.cleaned_data),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
        ),
        success="Biopsy saved.",
        template=FORM_TEMPLATE,
        context={
            "patient": biopsy.patient,
            "title": f"Edit the biopsy of {biopsy.date:%d/%m/%Y}",
        },
    )


@patient_view(can_edit_clinical)
def test_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record another diagnostic test."""
    form = DiagnosticTestForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: diagnostic_test_record(
            patient=patient, data=data_without(form.cleaned_data), entered_by=request.user
        ),
        success="Test recorded.",
        template=FORM_TEMPLATE,
        context={"patient": patient, "title": "Record a diagnostic test"},
    )


@record_view(DiagnosticTest, can_edit_clinical, pass_as="test")
def test_edit(request: AuthenticatedRequest, test: DiagnosticTest) -> HttpResponse:
    """Change a diagnostic test, with a reason and a version check."""
    form = DiagnosticTestEditForm(
        posted(request), initial=initial_from(test, DiagnosticTestEditForm)
    )
    return form_page(
        request,
        form,
        save=lambda: diagnostic_test_update(
            test=test,
            data=data_without(form.cleaned_data),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
        ),
        success="Test saved.",
        template=FORM_TEMPLATE,
        context={"patient": test.patient, "title": f"Edit the test of {test.date:%d/%m/%Y}"},
    )


@patient_view(can_edit_clinical)
def panel_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record an antibody panel as one grid of every antibody."""
    form = AntibodyPanelForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: antibody_panel_record(
            patient=patient,
            data=form.panel_data(),
            results=form.results(),
            entered_by=request.user,
        ),
        success="Antibody panel recorded.",
        template=PANEL_TEMPLATE,
        context={"patient": patient, "title": "Record an antibody panel"},
    )


@record_view(AntibodyPanel, can_edit_clinical, pass_as="panel")
def panel_edit(request: AuthenticatedRequest, panel: AntibodyPanel) -> HttpResponse:
    """Change a panel and its results, with a reason and a version check."""
    form = AntibodyPanelEditForm(posted(request), initial=AntibodyPanelForm.initial_for(panel))
    return form_page(
        request,
        form,
        save=lambda: antibody_panel_update(
            panel=panel,
            data=form.panel_data(),
            results=form.results(),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
        ),
        success="Antibody panel saved.",
        template=PANEL_TEMPLATE,
        context={
            "patient": panel.patient,
            "title": f"Edit the antibody panel of {panel.date:%d/%m/%Y}",
        },
    )
