"""Patient pages: registration, details and diagnosis changes."""

from django.http import HttpResponse

from patients.access import (
    can_change_diagnosis,
    can_edit_clinical,
    departments_for,
    patient_view,
)
from patients.forms import DiagnosisChangeForm, PatientEditForm, PatientRegisterForm
from patients.forms.base import data_without
from patients.models import Patient
from patients.services import diagnosis_change, patient_register, patient_update
from patients.views.flow import AuthenticatedRequest, form_page, initial_from, posted


def patient_register_view(request: AuthenticatedRequest) -> HttpResponse:
    """Register a patient in one of the user's departments (every role may)."""
    form = PatientRegisterForm(posted(request), departments=departments_for(request.user))
    return form_page(
        request,
        form,
        save=lambda: patient_register(
            department=form.cleaned_data["department"],
            data=data_without(form.cleaned_data, "department"),
            registered_by=request.user,
        ),
        success=lambda patient: f"Patient {patient.registry_id} registered.",
        template="patients/patient_register.html",
        context={},
        redirect_to=lambda patient: patient,
    )


@patient_view(can_edit_clinical)
def patient_edit(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Change a patient's details, with a reason and a version check."""
    form = PatientEditForm(posted(request), initial=initial_from(patient, PatientEditForm))
    return form_page(
        request,
        form,
        save=lambda: patient_update(
            patient=patient,
            data=data_without(form.cleaned_data),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
        ),
        success="Patient details saved.",
        template="patients/record_form.html",
        context={"patient": patient, "title": "Edit patient details"},
    )


@patient_view(can_change_diagnosis)
def patient_diagnosis_change(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record a dated change of diagnosis with its basis (clinicians and admins)."""
    form = DiagnosisChangeForm(posted(request), current=patient.diagnosis)
    return form_page(
        request,
        form,
        save=lambda: diagnosis_change(
            patient=patient, recorded_by=request.user, **form.cleaned_data
        ),
        success=lambda change: f"Diagnosis changed to {change.get_to_diagnosis_display()}.",
        template="patients/record_form.html",
        context={
            "patient": patient,
            "title": "Change the diagnosis",
            "lead": f"Current diagnosis: {patient.get_diagnosis_display()}.",
        },
    )
