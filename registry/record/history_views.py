"""The patient history page: the audit trail of one patient."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from patients.access import can_read_patient, patient_view
from patients.models import Patient
from registry.record.history import patient_history


@require_GET
@patient_view(can_read_patient)
def patient_history_page(request: HttpRequest, patient: Patient) -> HttpResponse:
    """List every change to the patient and their records: who, when, what, why."""
    context = {"patient": patient, "entries": patient_history(patient=patient)}
    return render(request, "patients/patient_history.html", context)
