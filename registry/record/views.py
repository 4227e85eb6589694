"""Patient pages that gather every app: the list and the record."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.selectors.jobs import refractory_panel
from assessments.selectors.reminders import reminders_panel
from patients.access import (
    can_change_diagnosis,
    can_edit_clinical,
    can_read_patient,
    departments_for,
    patient_view,
    rights_in,
)
from patients.models import Patient
from patients.views.flow import AuthenticatedRequest
from registry.record.selectors import patient_list, patient_record_get, patient_rows

PAGE_SIZE = 25


@require_GET
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


@require_GET
@patient_view(can_read_patient)
def patient_detail(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Show one patient's header, refractory status, reminders, charts and timeline."""
    record = patient_record_get(patient=patient)
    rights = rights_in(request.user, patient.department, can_edit_clinical, can_change_diagnosis)
    context = {
        "record": record,
        "patient": patient,
        "rights": rights,
        **refractory_panel(patient=patient),
        **reminders_panel(user=request.user, patient=patient, next_url=request.path),
    }
    return render(request, "patients/patient_detail.html", context)
