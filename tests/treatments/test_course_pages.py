"""Therapy courses: start with the drug's defaults, stop with a reason, edit with a reason."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TherapyCourseFactory, drug
from tests.helpers import field_errors, login, uk
from treatments.models import TherapyCourse

TODAY = dt.date.today()


@pytest.fixture
def nurse_client(client, personas):
    return login(client, personas.nurse)


def url(name, patient, *args):
    return reverse(f"treatments:{name}", args=[patient.registry_id, *args])


def start_payload(**overrides):
    data = {
        "drug": drug("Mycophenolate mofetil").pk,
        "dose": "1.5",
        "unit": "",
        "route": "oral",
        "frequency": "twice daily",
        "start": "01/02/2021",
        "line_of_therapy": "",
    }
    data.update(overrides)
    return data


def test_a_course_takes_the_drugs_usual_unit_and_line_by_default(nurse_client, personas):
    response = nurse_client.post(url("course_start", personas.patient), start_payload())

    course = TherapyCourse.objects.get(patient=personas.patient)
    assert response.status_code == 302
    assert course.drug.name == "Mycophenolate mofetil"
    assert course.dose == Decimal("1.5")
    assert course.unit == "g"
    assert course.line_of_therapy == 2
    assert course.frequency == "twice daily"
    assert course.start == dt.date(2021, 2, 1)
    assert course.stop is None


def test_the_line_and_unit_can_be_set_explicitly(nurse_client, personas):
    nurse_client.post(
        url("course_start", personas.patient),
        start_payload(
            drug=drug("Intravenous immunoglobulin").pk,
            unit="g/kg",
            dose="2",
            line_of_therapy="none",
        ),
    )

    course = TherapyCourse.objects.get()
    assert (course.unit, course.line_of_therapy) == ("g/kg", None)


def test_the_start_page_carries_the_catalogue_for_prefilling(nurse_client, personas):
    page = nurse_client.get(url("course_start", personas.patient)).content.decode()

    assert 'id="drug-catalogue"' in page
    assert "js/course_form.js" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("dose", "0", "The dose must be greater than zero."),
        ("start", uk(TODAY + dt.timedelta(days=1)), "This date is in the future."),
        ("start", "01/01/1960", "This date is before the patient's birth"),
        ("drug", "", "This field is required."),
    ],
)
def test_a_bad_course_is_refused_on_the_field(nurse_client, personas, field, value, message):
    response = nurse_client.post(
        url("course_start", personas.patient), start_payload(**{field: value})
    )

    assert field_errors(response, field)[0].startswith(message)
    assert not TherapyCourse.objects.exists()


def test_stopping_a_course_records_the_date_and_reason(nurse_client, personas):
    course = TherapyCourseFactory(patient=personas.patient, start=dt.date(2021, 2, 1))

    response = nurse_client.post(
        url("course_stop", personas.patient, course.pk),
        {"stop": "01/08/2021", "stop_reason": "adverse_event", "version": "1"},
    )

    course.refresh_from_db()
    assert response.status_code == 302
    assert (course.stop, course.stop_reason) == (dt.date(2021, 8, 1), "adverse_event")
    assert course.version == 2
    assert course.history.first().history_change_reason == "Stopped: Adverse event / intolerance"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("stop", "01/01/2021", "The stop date is before the start (01/02/2021)."),
        ("stop", uk(TODAY + dt.timedelta(days=1)), "This date is in the future."),
        ("stop_reason", "", "This field is required."),
    ],
)
def test_a_bad_stop_is_refused_on_the_field(nurse_client, personas, field, value, message):
    course = TherapyCourseFactory(patient=personas.patient, start=dt.date(2021, 2, 1))
    data = {"stop": "01/08/2021", "stop_reason": "ineffective", "version": "1", field: value}

    response = nurse_client.post(url("course_stop", personas.patient, course.pk), data)

    assert field_errors(response, field) == [message]
    course.refresh_from_db()
    assert course.stop is None


def edit_payload(course, **overrides):
    data = {
        "drug": course.drug_id,
        "dose": "30",
        "unit": "mg",
        "route": "oral",
        "frequency": "daily",
        "start": uk(course.start),
        "line_of_therapy": "1",
        "stop": "",
        "stop_reason": "",
        "version": "1",
        "change_reason": "dose typo",
    }
    data.update(overrides)
    return data


def test_editing_a_course_needs_a_reason(nurse_client, personas):
    course = TherapyCourseFactory(patient=personas.patient)
    edit = url("course_edit", personas.patient, course.pk)

    refused = nurse_client.post(edit, edit_payload(course, change_reason=""))
    saved = nurse_client.post(edit, edit_payload(course))

    course.refresh_from_db()
    assert "Say why you are changing this record." in field_errors(refused, "change_reason")
    assert saved.status_code == 302
    assert course.dose == Decimal("30")
    assert course.history.first().history_change_reason == "dose typo"


def test_a_stop_reason_without_a_stop_date_is_refused(nurse_client, personas):
    course = TherapyCourseFactory(patient=personas.patient)

    response = nurse_client.post(
        url("course_edit", personas.patient, course.pk),
        edit_payload(course, stop_reason="remission"),
    )

    assert field_errors(response, "stop") == ["Enter the stop date, or clear the stop reason."]


def test_a_concurrent_course_edit_is_detected(personas):
    course = TherapyCourseFactory(patient=personas.patient)
    edit = url("course_edit", personas.patient, course.pk)
    nurse, clinician = login(Client(), personas.nurse), login(Client(), personas.clinician)

    clinician.post(edit, edit_payload(course, dose="20"))
    response = nurse.post(edit, edit_payload(course, dose="25"))

    course.refresh_from_db()
    assert course.dose == Decimal("20")
    assert "Dose</span>: 40 → 20" in response.content.decode()
