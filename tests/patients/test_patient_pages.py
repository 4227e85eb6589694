"""The patient list, the patient page, registration, details and diagnosis changes."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from patients.models import DiagnosisChange, Patient
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    MembershipFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)
from tests.helpers import field_errors, login, uk

TODAY = dt.date.today()


@pytest.fixture
def nurse_client(client, personas):
    return login(client, personas.nurse)


@pytest.fixture
def clinician_client(client, personas):
    return login(client, personas.clinician)


def test_home_sends_the_user_to_the_patient_list(nurse_client):
    response = nurse_client.get("/")

    assert response.status_code == 302
    assert response["Location"] == reverse("patients:list")


def test_the_list_shows_only_the_users_departments_patients(nurse_client, personas):
    response = nurse_client.get(reverse("patients:list"))

    assert b"Homeward" in response.content
    assert b"Elsewhere" not in response.content


@pytest.mark.parametrize("attribute", ["family_name", "hospital_number", "registry_id"])
def test_search_finds_a_patient_by_name_hospital_number_or_registry_id(
    nurse_client, personas, attribute
):
    PatientFactory(department=personas.department, family_name="Other")
    term = getattr(personas.patient, attribute)[:8].lower()

    response = nurse_client.get(reverse("patients:list"), {"q": term})

    assert [row.patient for row in response.context["rows"]] == [personas.patient]


def test_search_never_reaches_another_department(nurse_client, personas):
    response = nurse_client.get(reverse("patients:list"), {"q": "Elsewhere"})

    assert response.context["rows"] == []
    assert b"No patient matches" in response.content


def test_a_row_shows_subtype_antibodies_therapy_line_and_last_visit(nurse_client, personas):
    patient = personas.patient
    old = AntibodyPanelFactory(patient=patient, date=dt.date(2020, 1, 1))
    AntibodyResultFactory(panel=old, antibody="hmgcr", result="negative")
    new = AntibodyPanelFactory(patient=patient, date=dt.date(2021, 1, 1))
    AntibodyResultFactory(panel=new, antibody="hmgcr", result="positive")
    AntibodyResultFactory(panel=new, antibody="ro52", result="positive")
    AntibodyResultFactory(panel=new, antibody="jo1", result="negative")
    TherapyCourseFactory(patient=patient, drug=drug("Prednisolone"), line_of_therapy=1)
    TherapyCourseFactory(patient=patient, drug=drug("Tacrolimus"), line_of_therapy=2)
    TherapyCourseFactory(
        patient=patient,
        drug=drug("Rituximab"),
        line_of_therapy=3,
        stop=dt.date(2021, 1, 1),
        stop_reason="ineffective",
    )
    VisitFactory(patient=patient, date=dt.date(2022, 3, 4))

    response = nurse_client.get(reverse("patients:list"))

    row = response.content.decode()
    assert "Polymyositis" in row
    assert "anti-HMGCR, anti-Ro52" in row
    assert "Line 2: Prednisolone, Tacrolimus" in row
    assert "Rituximab" not in row
    assert "04/03/2022" in row


def test_the_list_is_paginated(nurse_client, personas):
    PatientFactory.create_batch(30, department=personas.department)

    first = nurse_client.get(reverse("patients:list"))
    second = nurse_client.get(reverse("patients:list"), {"page": 2})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 6
    assert b"Page 1 of 2" in first.content


def test_the_patient_page_shows_the_header_and_the_timeline(nurse_client, personas):
    patient = personas.patient
    VisitFactory(patient=patient, date=dt.date(2021, 2, 1))
    TherapyCourseFactory(patient=patient, drug=drug("Methotrexate"), line_of_therapy=1)
    DiagnosisChange.objects.create(
        patient=patient,
        date=dt.date(2021, 5, 1),
        from_diagnosis="pm",
        to_diagnosis="imnm_hmgcr",
        basis="anti-HMGCR found",
    )

    response = nurse_client.get(patient.get_absolute_url())

    page = response.content.decode()
    assert patient.registry_id in page
    assert "Rheumatology North" in page
    assert "Methotrexate 40 mg" in page
    assert "(line 1)" in page
    assert "Diagnosis changed from Polymyositis to" in page
    assert "anti-HMGCR found" in page
    assert 'id="chart-data"' in page
    kinds = [entry.kind for entry in response.context["record"].timeline]
    assert kinds == ["diagnosis", "visit", "course_start"]


def test_the_patient_page_has_no_inline_script_or_style(nurse_client, personas):
    VisitFactory(patient=personas.patient)

    page = nurse_client.get(personas.patient.get_absolute_url()).content.decode()

    assert "style=" not in page
    assert "<script>" not in page
    assert "onclick" not in page


def register_payload(**overrides):
    data = {
        "hospital_number": "H-1234",
        "family_name": "Newman",
        "given_name": "Ada",
        "sex": "female",
        "date_of_birth": "12/05/1970",
        "symptom_onset_date": "01/02/2020",
        "diagnosis_date": "01/06/2020",
        "diagnosis": "dm",
    }
    data.update(overrides)
    return data


def test_a_nurse_of_one_department_registers_without_choosing_it(nurse_client, personas):
    response = nurse_client.post(reverse("patients:register"), register_payload())

    patient = Patient.objects.get(hospital_number="H-1234")
    assert response["Location"] == patient.get_absolute_url()
    assert patient.department == personas.department
    assert patient.date_of_birth == dt.date(1970, 5, 12)
    assert patient.diagnosis == "dm"
    assert patient.statin_exposure is False


def test_a_user_of_two_departments_must_choose_one(nurse_client, personas):
    MembershipFactory(user=personas.nurse, department=personas.other_department, role="nurse")

    page = nurse_client.get(reverse("patients:register"))
    missing = nurse_client.post(reverse("patients:register"), register_payload())
    chosen = nurse_client.post(
        reverse("patients:register"), register_payload(department=personas.other_department.pk)
    )

    assert b"Choose a department" in page.content
    assert field_errors(missing, "department") == ["This field is required."]
    assert chosen.status_code == 302
    assert Patient.objects.get(hospital_number="H-1234").department == personas.other_department


def test_a_user_cannot_register_into_a_department_they_do_not_belong_to(nurse_client, personas):
    response = nurse_client.post(
        reverse("patients:register"), register_payload(department=personas.other_department.pk)
    )

    assert Patient.objects.filter(hospital_number="H-1234").get().department == personas.department
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", uk(TODAY + dt.timedelta(days=1)), "This date is in the future."),
        ("symptom_onset_date", "01/01/1960", "Symptom onset cannot be before the date of birth."),
        ("diagnosis_date", "01/01/2019", "The diagnosis cannot be before symptom onset."),
        ("family_name", "", "This field is required."),
    ],
)
def test_registration_refuses_bad_input_on_the_field(nurse_client, field, value, message):
    response = nurse_client.post(reverse("patients:register"), register_payload(**{field: value}))

    assert message in field_errors(response, field)
    assert not Patient.objects.filter(hospital_number="H-1234").exists()


def test_a_hospital_number_already_in_the_department_is_refused(nurse_client, personas):
    response = nurse_client.post(
        reverse("patients:register"),
        register_payload(hospital_number=personas.patient.hospital_number),
    )

    assert "already registered" in field_errors(response, "hospital_number")[0]


def details_payload(patient, **overrides):
    data = register_payload(
        hospital_number=patient.hospital_number,
        family_name=patient.family_name,
        date_of_birth=uk(patient.date_of_birth),
        symptom_onset_date=uk(patient.symptom_onset_date),
        diagnosis_date=uk(patient.diagnosis_date),
        version=str(patient.version),
        change_reason="spelling",
    )
    data.pop("diagnosis")
    data.update(overrides)
    return data


def test_editing_details_needs_a_reason_and_keeps_it_in_history(nurse_client, personas):
    url = reverse("patients:edit", args=[personas.patient.registry_id])

    refused = nurse_client.post(url, details_payload(personas.patient, change_reason=""))
    saved = nurse_client.post(url, details_payload(personas.patient, given_name="Marie"))

    patient = Patient.objects.get(pk=personas.patient.pk)
    assert "Say why you are changing this record." in field_errors(refused, "change_reason")
    assert saved.status_code == 302
    assert patient.given_name == "Marie"
    assert patient.version == 2
    assert patient.history.first().history_change_reason == "spelling"


def test_a_concurrent_edit_of_details_shows_the_other_change(personas):
    url = reverse("patients:edit", args=[personas.patient.registry_id])
    nurse, clinician = login(Client(), personas.nurse), login(Client(), personas.clinician)
    nurse.get(url)
    clinician.get(url)

    clinician.post(url, details_payload(personas.patient, given_name="Maja"))
    response = nurse.post(url, details_payload(personas.patient, given_name="Marie"))

    assert Patient.objects.get(pk=personas.patient.pk).given_name == "Maja"
    assert "Given name</span>: Maria → Maja" in response.content.decode()


def test_changing_the_diagnosis_keeps_the_history_and_updates_the_patient(
    clinician_client, personas
):
    url = reverse("patients:diagnosis_change", args=[personas.patient.registry_id])

    response = clinician_client.post(
        url, {"date": "01/03/2021", "to_diagnosis": "imnm_hmgcr", "basis": "anti-HMGCR positive"}
    )

    patient = Patient.objects.get(pk=personas.patient.pk)
    change = DiagnosisChange.objects.get(patient=patient)
    assert response.status_code == 302
    assert patient.diagnosis == "imnm_hmgcr"
    assert (change.from_diagnosis, change.to_diagnosis) == ("pm", "imnm_hmgcr")
    assert change.recorded_by == personas.clinician
    assert change.date == dt.date(2021, 3, 1)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", uk(TODAY + dt.timedelta(days=2)), "This date is in the future."),
        ("date", "01/01/1950", "This date is before the patient's birth"),
        ("basis", "", "This field is required."),
        ("to_diagnosis", "pm", "Select a valid choice."),
    ],
)
def test_a_bad_diagnosis_change_is_refused_on_the_field(
    clinician_client, personas, field, value, message
):
    url = reverse("patients:diagnosis_change", args=[personas.patient.registry_id])
    data = {"date": "01/03/2021", "to_diagnosis": "imnm_hmgcr", "basis": "anti-HMGCR", field: value}

    response = clinician_client.post(url, data)

    assert field_errors(response, field)[0].startswith(message)
    assert not DiagnosisChange.objects.exists()
    assert Patient.objects.get(pk=personas.patient.pk).diagnosis == "pm"


def test_a_nurse_may_not_change_the_diagnosis_and_is_not_offered_to(nurse_client, personas):
    patient = personas.patient
    url = reverse("patients:diagnosis_change", args=[patient.registry_id])
    data = {"date": "01/03/2021", "to_diagnosis": "imnm_hmgcr", "basis": "anti-HMGCR"}

    page = nurse_client.get(patient.get_absolute_url()).content.decode()
    response = nurse_client.post(url, data)

    assert "Change diagnosis" not in page
    assert url not in page
    assert "Record a visit" in page
    assert response.status_code == 403
    assert Patient.objects.get(pk=patient.pk).diagnosis == "pm"


def test_a_clinician_is_offered_the_diagnosis_change(clinician_client, personas):
    patient = personas.patient

    page = clinician_client.get(patient.get_absolute_url()).content.decode()

    assert reverse("patients:diagnosis_change", args=[patient.registry_id]) in page


def test_the_navigation_offers_the_patients_and_the_account_menu(nurse_client, personas):
    page = nurse_client.get(personas.patient.get_absolute_url()).content.decode()

    navigation = page.split('<main id="main"')[0]
    assert 'class="nav-link active" href="/patients/">Patients</a>' in navigation
    assert "Two-factor login" in navigation
    assert "Change password" in navigation
    assert "Log out" in navigation


def test_the_patient_page_links_to_its_history_and_back(nurse_client, personas):
    patient = personas.patient
    history = reverse("patients:history", args=[patient.registry_id])

    record_page = nurse_client.get(patient.get_absolute_url()).content.decode()
    history_page = nurse_client.get(history).content.decode()

    assert f'href="{history}"' in record_page
    assert f'href="{patient.get_absolute_url()}"' in history_page
