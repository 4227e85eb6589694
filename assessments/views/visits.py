"""Visit pages: record a visit, show it with its scores, edit it."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments.forms.visits import VisitEditForm, VisitForm
from assessments.models import Visit
from assessments.selectors.visits import visit_initial
from assessments.services.scores import BASELINE_RULE
from assessments.services.visits import visit_record, visit_update
from patients.access import (
    can_edit_clinical,
    can_read_patient,
    patient_view,
    record_view,
    rights_in,
)
from patients.models import Patient
from patients.views.flow import AuthenticatedRequest, form_page, posted

FORM_TEMPLATE = "assessments/visit_form.html"
VISIT_RELATED = ("score", "score__baseline_visit", "entered_by")


@patient_view(can_edit_clinical)
def visit_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Record a visit; on success show it with the computed scores."""
    form = VisitForm(posted(request), initial=visit_initial(patient=patient))
    return form_page(
        request,
        form,
        save=lambda: visit_record(
            patient=patient,
            data=form.service_data(),
            entered_by=request.user,
            confirmed=form.cleaned_data["confirm"],
        ),
        success=_saved_message,
        template=FORM_TEMPLATE,
        context={"patient": patient, "title": "Record a visit"},
        redirect_to=lambda visit: visit,
    )


@require_GET
@record_view(Visit, can_read_patient, pass_as="visit", select_related=VISIT_RELATED)
def visit_detail(request: AuthenticatedRequest, visit: Visit) -> HttpResponse:
    """Show a visit's measures and its scores with their reasoning."""
    patient = visit.patient
    score = getattr(visit, "score", None)
    context = {
        "patient": patient,
        "rights": rights_in(request.user, patient.department, can_edit_clinical),
        "visit": visit,
        "score": score,
        "details": score.details if score else {},
        "baseline_rule": BASELINE_RULE,
    }
    return render(request, "assessments/visit_detail.html", context)


@record_view(Visit, can_edit_clinical, pass_as="visit")
def visit_edit(request: AuthenticatedRequest, visit: Visit) -> HttpResponse:
    """Change a visit, with a reason and a version check; every score is recomputed."""
    form = VisitEditForm(posted(request), initial=VisitEditForm.initial_for(visit))
    return form_page(
        request,
        form,
        save=lambda: visit_update(
            visit=visit,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
            confirmed=form.cleaned_data["confirm"],
        ),
        success=_saved_message,
        template=FORM_TEMPLATE,
        context={"patient": visit.patient, "title": f"Edit the visit of {visit.date:%d/%m/%Y}"},
        redirect_to=lambda saved: saved,
    )


def _saved_message(visit: Visit) -> str:
    return f"Visit of {visit.date:%d/%m/%Y} saved."
