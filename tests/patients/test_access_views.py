"""The view decorators: 404 outside the user's departments, logged 403 for a missing right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.views import View

from accounts.models import SecurityEvent, SecurityEventKind
from assessments.models import Visit
from patients import access
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    DiagnosisChange,
    DiagnosticTest,
    MuscleBiopsy,
)
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    DiagnosisChangeFactory,
    DiagnosticTestFactory,
    MuscleBiopsyFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
)
from treatments.models import TherapyCourse


def request_as(user, path="/x/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


@access.patient_view(access.can_change_diagnosis)
def diagnosis_page(request, patient):
    return HttpResponse(patient.registry_id)


def test_a_patient_view_receives_the_patient(personas):
    registry_id = personas.patient.registry_id

    response = diagnosis_page(request_as(personas.clinician), registry_id=registry_id)

    assert response.content.decode() == registry_id


def test_a_patient_view_refuses_a_role_without_the_right(personas):
    with pytest.raises(PermissionDenied, match="can_change_diagnosis"):
        diagnosis_page(request_as(personas.nurse), registry_id=personas.patient.registry_id)


def test_a_patient_view_hides_another_departments_patient_and_logs_the_probe(personas):
    with pytest.raises(Http404):
        diagnosis_page(
            request_as(personas.clinician), registry_id=personas.other_patient.registry_id
        )

    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERMISSION_DENIED)
    assert event.user == personas.clinician


def test_an_unknown_registry_id_is_a_plain_404_and_not_logged(personas):
    with pytest.raises(Http404):
        diagnosis_page(request_as(personas.clinician), registry_id="MYO-NOPE0000")

    assert not SecurityEvent.objects.exists()


RECORD_FACTORIES = {
    Visit: VisitFactory,
    MuscleBiopsy: MuscleBiopsyFactory,
    AntibodyPanel: AntibodyPanelFactory,
    DiagnosticTest: DiagnosticTestFactory,
    TherapyCourse: TherapyCourseFactory,
    DiagnosisChange: DiagnosisChangeFactory,
}


@pytest.mark.parametrize("model", RECORD_FACTORIES, ids=lambda m: m.__name__)
def test_another_departments_record_is_missing_not_forbidden(personas, model):
    foreign = RECORD_FACTORIES[model](patient=personas.other_patient)

    with pytest.raises(Http404):
        access.record_get_for_user(user=personas.registry_admin, model=model, pk=foreign.pk)


@pytest.mark.parametrize("model", RECORD_FACTORIES, ids=lambda m: m.__name__)
def test_an_own_departments_record_is_found_with_its_patient(personas, model):
    own = RECORD_FACTORIES[model](patient=personas.patient)

    found = access.record_get_for_user(user=personas.nurse, model=model, pk=own.pk)

    assert found == own
    assert access.patient_of(found) == personas.patient


def test_an_antibody_result_is_reached_through_its_panel(personas):
    foreign = AntibodyResultFactory(panel=AntibodyPanelFactory(patient=personas.other_patient))
    own = AntibodyResultFactory(panel=AntibodyPanelFactory(patient=personas.patient))

    assert access.patient_path(AntibodyResult) == "panel__patient"
    assert list(access.records_visible_to(personas.nurse, AntibodyResult)) == [own]
    with pytest.raises(Http404):
        access.record_get_for_user(user=personas.nurse, model=AntibodyResult, pk=foreign.pk)


@access.record_view(Visit, access.can_edit_clinical, pass_as="visit")
def visit_page(request, visit):
    return HttpResponse(str(visit.pk))


def test_a_record_view_receives_the_record(personas):
    visit = VisitFactory(patient=personas.patient)

    response = visit_page(request_as(personas.nurse), pk=visit.pk)

    assert response.content.decode() == str(visit.pk)


def test_a_record_view_hides_another_departments_record_and_logs_the_probe(personas):
    visit = VisitFactory(patient=personas.other_patient)

    with pytest.raises(Http404):
        visit_page(request_as(personas.nurse), pk=visit.pk)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERMISSION_DENIED)
    assert event.detail == {"reason": "visit outside the user's departments"}


def test_a_record_view_checks_the_patient_its_url_names(personas):
    own = VisitFactory(patient=personas.patient)
    sibling = VisitFactory(patient=PatientFactory(department=personas.department))
    registry_id = personas.patient.registry_id

    response = visit_page(request_as(personas.nurse), registry_id=registry_id, pk=own.pk)

    assert response.content.decode() == str(own.pk)
    with pytest.raises(Http404):
        visit_page(request_as(personas.nurse), registry_id=registry_id, pk=sibling.pk)


def test_rights_say_which_rules_allow_the_user(personas):
    rules = (access.can_edit_clinical, access.can_change_diagnosis)

    nurse = access.rights_in(personas.nurse, personas.department, *rules)
    clinician = access.rights_in(personas.clinician, personas.department, *rules)

    assert nurse == {"edit_clinical": True, "change_diagnosis": False}
    assert clinician == {"edit_clinical": True, "change_diagnosis": True}


@access.department_view(access.can_manage_users)
def members_page(request, department):
    return HttpResponse(department.code)


def test_a_department_view_receives_the_department(personas):
    response = members_page(request_as(personas.department_admin), department_code="north")

    assert response.content == b"north"


def test_a_department_view_hides_a_department_the_user_is_not_in(personas):
    with pytest.raises(Http404):
        members_page(request_as(personas.department_admin), department_code="south")


def test_a_department_view_refuses_a_member_without_the_right(personas):
    with pytest.raises(PermissionDenied):
        members_page(request_as(personas.clinician), department_code="north")


@access.registry_view(access.can_export_deidentified)
def registry_page(request):
    return HttpResponse("ok")


def test_a_registry_view_admits_registry_admins_only(personas):
    assert registry_page(request_as(personas.registry_admin)).status_code == 200
    with pytest.raises(PermissionDenied):
        registry_page(request_as(personas.department_admin))


class DiagnosisPage(access.PatientAccessMixin, View):
    patient_rule = access.can_change_diagnosis

    def get(self, request, registry_id):
        return HttpResponse(self.patient.registry_id)


def test_the_mixin_sets_the_patient_and_checks_the_rule(personas):
    view = DiagnosisPage.as_view()
    registry_id = personas.patient.registry_id

    assert view(request_as(personas.clinician), registry_id=registry_id).status_code == 200
    with pytest.raises(PermissionDenied):
        view(request_as(personas.nurse), registry_id=registry_id)
    with pytest.raises(Http404):
        view(request_as(personas.outsider), registry_id=registry_id)
