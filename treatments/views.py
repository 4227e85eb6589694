"""Therapy course pages: start, stop and edit a course."""

from django.http import HttpResponse

from patients.access import can_edit_clinical, patient_view, record_view
from patients.models import Patient
from patients.views.flow import AuthenticatedRequest, form_page, posted
from treatments.forms import CourseEditForm, CourseForm, CourseStopForm
from treatments.models import Drug, TherapyCourse
from treatments.services import course_start, course_stop, course_update

FORM_TEMPLATE = "treatments/course_form.html"


def _catalogue() -> dict[str, dict[str, object]]:
    """Return each drug's usual unit and line, for the form's script to pre-fill."""
    return {
        str(drug.pk): {"unit": drug.default_unit, "line": drug.usual_line}
        for drug in Drug.objects.all()
    }


@patient_view(can_edit_clinical)
def course_start_view(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Start a therapy course."""
    form = CourseForm(posted(request))
    return form_page(
        request,
        form,
        save=lambda: course_start(
            patient=patient, data=form.service_data(), entered_by=request.user
        ),
        success=lambda course: f"{course.drug} started.",
        template=FORM_TEMPLATE,
        context={
            "patient": patient,
            "title": "Start a therapy course",
            "catalogue": _catalogue(),
        },
    )


@record_view(TherapyCourse, can_edit_clinical, pass_as="course", select_related=["drug"])
def course_edit(request: AuthenticatedRequest, course: TherapyCourse) -> HttpResponse:
    """Change a therapy course, with a reason and a version check."""
    form = CourseEditForm(posted(request), initial=CourseEditForm.initial_for(course))
    return form_page(
        request,
        form,
        save=lambda: course_update(
            course=course,
            data=form.service_data(),
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
            reason=form.cleaned_data["change_reason"],
        ),
        success=lambda saved: f"{saved.drug} saved.",
        template=FORM_TEMPLATE,
        context={
            "patient": course.patient,
            "title": f"Edit the {course.drug} course from {course.start:%d/%m/%Y}",
        },
    )


@record_view(TherapyCourse, can_edit_clinical, pass_as="course", select_related=["drug"])
def course_stop_view(request: AuthenticatedRequest, course: TherapyCourse) -> HttpResponse:
    """Stop an ongoing therapy course."""
    form = CourseStopForm(posted(request), initial={"version": course.version})
    return form_page(
        request,
        form,
        save=lambda: course_stop(
            course=course,
            stop=form.cleaned_data["stop"],
            stop_reason=form.cleaned_data["stop_reason"],
            expected_version=form.cleaned_data["version"],
            edited_by=request.user,
        ),
        success=lambda saved: f"{saved.drug} stopped.",
        template=FORM_TEMPLATE,
        context={
            "patient": course.patient,
            "title": f"Stop {course.drug} (started {course.start:%d/%m/%Y})",
        },
    )
