"""Patient pages: the list, the record, registration, details and diagnosis changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from patients.access import departments_for, patient_get_for_user
from patients.forms import DiagnosisChangeForm, PatientEditForm, PatientRegisterForm
from patients.forms.base import data_without
from patients.selectors import patient_list, patient_record_get, patient_rows
from patients.services import diagnosis_change, patient_register, patient_update
from patients.views.flow import AuthenticatedRequest, attempt, initial_from, posted

PAGE_SIZE = 25


@login_required
def patient_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """List the user's patients with search and pagination: the landing page."""
    query = request.GET.get("q", "").strip()
    page = Paginator(patient_list(user=request.user, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    departments = list(departments_for(request.user))
    return render(
        request,
        "patients/patient_list.html",
        {
            "page": page,
            "rows": patient_rows(list(page.object_list)),
            "query": query,
            "departments": departments,
        },
    )


@login_required
def patient_detail(request: AuthenticatedRequest, registry_id: str) -> HttpResponse:
    """Show one patient's header, charts and timeline."""
    patient = patient_get_for_user(user=request.user, registry_id=registry_id)
    record = patient_record_get(patient=patient)
    return render(request, "patients/patient_detail.html", {"record": record, "patient": patient})


@login_required
def patient_register_view(request: AuthenticatedRequest) -> HttpResponse:
    """Register a patient in one of the user's departments."""
    form = PatientRegisterForm(posted(request), departments=departments_for(request.user))
    if request.method == "POST" and form.is_valid():
        data = data_without(form.cleaned_data, "department")
        patient = attempt(
            form,
            lambda: patient_register(
                department=form.cleaned_data["department"], data=data, registered_by=request.user
            ),
        )
        if patient is not None:
            messages.success(request, f"Patient {patient.registry_id} registered.")
            return redirect(patient)
    return render(request, "patients/patient_register.html", {"form": form})


@login_required
def patient_edit(request: AuthenticatedRequest, registry_id: str) -> HttpResponse:
    """Change a patient's details, with a reason and a version check."""
    patient = patient_get_for_user(user=request.user, registry_id=registry_id)
    form = PatientEditForm(posted(request), initial=initial_from(patient, PatientEditForm))
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: patient_update(
                patient=patient,
                data=data_without(form.cleaned_data),
                expected_version=form.cleaned_data["version"],
                edited_by=request.user,
                reason=form.cleaned_data["change_reason"],
            ),
        )
        if saved is not None:
            messages.success(request, "Patient details saved.")
            return redirect(patient)
    return render(
        request,
        "patients/record_form.html",
        {"form": form, "patient": patient, "title": "Edit patient details"},
    )


@login_required
def patient_diagnosis_change(request: AuthenticatedRequest, registry_id: str) -> HttpResponse:
    """Record a dated change of diagnosis with its basis."""
    patient = patient_get_for_user(user=request.user, registry_id=registry_id)
    form = DiagnosisChangeForm(posted(request), current=patient.diagnosis)
    if request.method == "POST" and form.is_valid():
        change = attempt(
            form,
            lambda: diagnosis_change(
                patient=patient, recorded_by=request.user, **form.cleaned_data
            ),
        )
        if change is not None:
            messages.success(request, f"Diagnosis changed to {change.get_to_diagnosis_display()}.")
            return redirect(patient)
    return render(
        request,
        "patients/record_form.html",
        {
            "form": form,
            "patient": patient,
            "title": "Change the diagnosis",
            "lead": f"Current diagnosis: {patient.get_diagnosis_display()}.",
        },
    )
