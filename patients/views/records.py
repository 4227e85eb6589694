"""Pages to record and edit biopsies, antibody panels and other diagnostic tests."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

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
from patients.views.flow import AuthenticatedRequest, attempt, initial_from, posted

FORM_TEMPLATE = "patients/record_form.html"


@patient_view(can_edit_clinical)
def biopsy_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record a muscle biopsy."""
    form = BiopsyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = data_without(form.cleaned_data)
        biopsy = attempt(
            form, lambda: biopsy_record(patient=patient, data=data, entered_by=request.user)
        )
        if biopsy is not None:
            messages.success(request, "Biopsy recorded.")
            return redirect(patient)
    context = {"form": form, "patient": patient, "title": "Record a muscle biopsy"}
    return render(request, FORM_TEMPLATE, context)


@record_view(MuscleBiopsy, can_edit_clinical, pass_as="biopsy")
def biopsy_edit(request: AuthenticatedRequest, biopsy: MuscleBiopsy) -> HttpResponse:
    """Change a biopsy, with a reason and a version check."""
    patient = biopsy.patient
    form = BiopsyEditForm(posted(request), initial=initial_from(biopsy, BiopsyEditForm))
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: biopsy_update(
                biopsy=biopsy,
                data=data_without(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                edited_by=request.user,
                reason=form.cleaned_data["change_reason"],
            ),
        )
        if saved is not None:
            messages.success(request, "Biopsy saved.")
            return redirect(patient)
    context = {
        "form": form,
        "patient": patient,
        "title": f"Edit the biopsy of {biopsy.date:%d/%m/%Y}",
    }
    return render(request, FORM_TEMPLATE, context)


@patient_view(can_edit_clinical)
def test_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record another diagnostic test."""
    form = DiagnosticTestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = data_without(form.cleaned_data)
        test = attempt(
            form,
            lambda: diagnostic_test_record(patient=patient, data=data, entered_by=request.user),
        )
        if test is not None:
            messages.success(request, "Test recorded.")
            return redirect(patient)
    context = {"form": form, "patient": patient, "title": "Record a diagnostic test"}
    return render(request, FORM_TEMPLATE, context)


@record_view(DiagnosticTest, can_edit_clinical, pass_as="test")
def test_edit(request: AuthenticatedRequest, test: DiagnosticTest) -> HttpResponse:
    """Change a diagnostic test, with a reason and a version check."""
    patient = test.patient
    form = DiagnosticTestEditForm(
        posted(request), initial=initial_from(test, DiagnosticTestEditForm)
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: diagnostic_test_update(
                test=test,
                data=data_without(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                edited_by=request.user,
                reason=form.cleaned_data["change_reason"],
            ),
        )
        if saved is not None:
            messages.success(request, "Test saved.")
            return redirect(patient)
    context = {"form": form, "patient": patient, "title": f"Edit the test of {test.date:%d/%m/%Y}"}
    return render(request, FORM_TEMPLATE, context)


@patient_view(can_edit_clinical)
def panel_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record an antibody panel as one grid of every antibody."""
    form = AntibodyPanelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        panel = attempt(
            form,
            lambda: antibody_panel_record(
                patient=patient,
                data=form.panel_data(),
                results=form.results(),
                entered_by=request.user,
            ),
        )
        if panel is not None:
            messages.success(request, "Antibody panel recorded.")
            return redirect(patient)
    context = {"form": form, "patient": patient, "title": "Record an antibody panel"}
    return render(request, "patients/panel_form.html", context)


@record_view(AntibodyPanel, can_edit_clinical, pass_as="panel")
def panel_edit(request: AuthenticatedRequest, panel: AntibodyPanel) -> HttpResponse:
    """Change a panel and its results, with a reason and a version check."""
    patient = panel.patient
    form = AntibodyPanelEditForm(posted(request), initial=AntibodyPanelForm.initial_for(panel))
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: antibody_panel_update(
                panel=panel,
                data=form.panel_data(),
                results=form.results(),
                expected_version=form.cleaned_data["version"],
                edited_by=request.user,
                reason=form.cleaned_data["change_reason"],
            ),
        )
        if saved is not None:
            messages.success(request, "Antibody panel saved.")
            return redirect(patient)
    context = {
        "form": form,
        "patient": patient,
        "title": f"Edit the antibody panel of {panel.date:%d/%m/%Y}",
    }
    return render(request, "patients/panel_form.html", context)
