"""Every data-entry and record page hides other departments' patients behind a 404.

The clinician opens every page (a nurse may not change a diagnosis: see the access matrix).
"""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    AntibodyPanelFactory,
    DiagnosticTestFactory,
    MuscleBiopsyFactory,
    TherapyCourseFactory,
    VisitFactory,
)
from tests.helpers import login

PATIENT_PAGES = [
    "patients:detail",
    "patients:edit",
    "patients:diagnosis_change",
    "patients:biopsy_create",
    "patients:panel_create",
    "patients:test_create",
    "assessments:visit_create",
    "treatments:course_start",
]
RECORD_PAGES = {
    "patients:biopsy_edit": MuscleBiopsyFactory,
    "patients:panel_edit": AntibodyPanelFactory,
    "patients:test_edit": DiagnosticTestFactory,
    "assessments:visit_detail": VisitFactory,
    "assessments:visit_edit": VisitFactory,
    "treatments:course_edit": TherapyCourseFactory,
    "treatments:course_stop": TherapyCourseFactory,
}


READ_ONLY_PAGES = {"patients:detail", "assessments:visit_detail"}


def not_found_or_not_allowed(name, method):
    """A read-only page refuses a POST before looking anything up (405, revealing nothing)."""
    return 405 if method == "post" and name in READ_ONLY_PAGES else 404


@pytest.mark.parametrize("name", PATIENT_PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_departments_patient_is_not_found(client, personas, name, method):
    login(client, personas.clinician)
    url = reverse(name, args=[personas.other_patient.registry_id])

    response = getattr(client, method)(url, {})

    assert response.status_code == not_found_or_not_allowed(name, method)


@pytest.mark.parametrize("name", PATIENT_PAGES)
def test_the_patients_own_department_can_open_the_page(client, personas, name):
    login(client, personas.clinician)

    response = client.get(reverse(name, args=[personas.patient.registry_id]))

    assert response.status_code == 200


@pytest.mark.parametrize(("name", "factory"), RECORD_PAGES.items())
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_departments_record_is_not_found(client, personas, name, factory, method):
    login(client, personas.clinician)
    record = factory(patient=personas.other_patient)
    url = reverse(name, args=[personas.other_patient.registry_id, record.pk])

    response = getattr(client, method)(url, {})

    assert response.status_code == not_found_or_not_allowed(name, method)


@pytest.mark.parametrize(("name", "factory"), RECORD_PAGES.items())
def test_a_record_reached_through_another_patient_is_not_found(client, personas, name, factory):
    login(client, personas.clinician)
    record = factory(patient=personas.other_patient)
    url = reverse(name, args=[personas.patient.registry_id, record.pk])

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("name", "factory"), RECORD_PAGES.items())
def test_the_owning_department_can_open_the_record_page(client, personas, name, factory):
    login(client, personas.clinician)
    record = factory(patient=personas.patient)

    response = client.get(reverse(name, args=[personas.patient.registry_id, record.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["patients:list", "patients:register"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_anonymous_visitor_cannot_open_a_patient(client, personas):
    response = client.get(personas.patient.get_absolute_url())

    assert response.status_code == 302


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize("name", [*PATIENT_PAGES, *RECORD_PAGES, "patients:list", "register"])
def test_no_page_has_inline_scripts_or_styles(client, personas, name):
    login(client, personas.clinician)
    patient = personas.patient
    if name in RECORD_PAGES:
        url = reverse(name, args=[patient.registry_id, RECORD_PAGES[name](patient=patient).pk])
    elif name in PATIENT_PAGES:
        VisitFactory(patient=patient)
        url = reverse(name, args=[patient.registry_id])
    else:
        url = reverse("patients:register" if name == "register" else name)

    page = client.get(url).content.decode()

    assert "style=" not in page
    assert not INLINE_SCRIPT.search(page)
    assert not INLINE_HANDLER.search(page)
