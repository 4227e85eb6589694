"""A nurse records and edits visits through the visit form."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Visit
from tests.factories import VisitFactory
from tests.helpers import field_errors, login, uk, visit_payload

TODAY = dt.date.today()


def create_url(patient):
    return reverse("assessments:visit_create", args=[patient.registry_id])


def edit_url(visit):
    return reverse("assessments:visit_edit", args=[visit.patient.registry_id, visit.pk])


@pytest.fixture
def nurse_client(client, personas):
    return login(client, personas.nurse)


def test_the_visit_form_prefills_the_departments_upper_limits(nurse_client, personas):
    personas.department.ck_uln = Decimal("200")
    personas.department.save()

    response = nurse_client.get(create_url(personas.patient))

    assert response.status_code == 200
    assert response.context["form"]["ck_uln"].value() == Decimal("200")
    assert b"autofocus" in response.content


def test_a_valid_visit_stores_exactly_what_was_entered(nurse_client, personas):
    day = TODAY - dt.timedelta(days=3)

    response = nurse_client.post(create_url(personas.patient), visit_payload(day))

    visit = Visit.objects.get(patient=personas.patient)
    assert response.status_code == 302
    assert response["Location"] == visit.get_absolute_url()
    assert visit.date == day
    assert visit.physician_global == Decimal("6.0")
    assert visit.haq == Decimal("1.5")
    assert visit.mmt_neck_flexors == 8
    assert visit.mmt_quadriceps_left == 7
    assert visit.ck_value == Decimal("3000")
    assert visit.ck_uln == Decimal("190")
    assert visit.myoact_pulmonary == Decimal("3")
    assert visit.mmt8_total == 8 + 14 * 7
    assert visit.entered_by == personas.nurse
    assert visit.version == 1


def test_a_unilateral_visit_totals_one_side(nurse_client, personas):
    payload = visit_payload(TODAY, mmt8_variant="unilateral")
    for key in list(payload):
        if key.endswith("_left"):
            payload[key] = ""

    nurse_client.post(create_url(personas.patient), payload)

    assert Visit.objects.get(patient=personas.patient).mmt8_total == 8 + 7 * 7


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mmt_deltoid_right", "11", "Kendall grades run from 0 to 10."),
        ("mmt_biceps_left", "-1", "Kendall grades run from 0 to 10."),
        ("physician_global", "10.5", "A VAS score runs from 0 to 10."),
        ("myoact_cardiac", "12", "A VAS score runs from 0 to 10."),
        ("haq", "3.5", "HAQ-DI runs from 0 to 3."),
        ("ck_uln", "0", "The upper limit of normal must be greater than zero."),
        ("ck_value", "-5", "A laboratory value cannot be negative."),
        ("date", uk(TODAY + dt.timedelta(days=1)), "This date is in the future."),
        ("date", "31/02/2024", "Enter a date as dd/mm/yyyy."),
        ("mmt_quadriceps_left", "", "Enter every muscle group, or leave the whole MMT-8 empty."),
    ],
)
def test_an_invalid_value_is_shown_on_its_field_and_nothing_is_saved(
    nurse_client, personas, field, value, message
):
    response = nurse_client.post(
        create_url(personas.patient), visit_payload(TODAY, **{field: value})
    )

    assert response.status_code == 200
    assert message in field_errors(response, field)
    assert b"Nothing was saved" in response.content
    assert f'aria-describedby="id_{field}_error"'.encode() in response.content
    assert f'id="id_{field}_error"'.encode() in response.content
    assert not Visit.objects.exists()


def test_a_visit_before_birth_is_refused_on_the_date(nurse_client, personas):
    before = personas.patient.date_of_birth - dt.timedelta(days=1)

    response = nurse_client.post(create_url(personas.patient), visit_payload(before))

    assert field_errors(response, "date")[0].startswith("This date is before the patient's birth")
    assert not Visit.objects.exists()


def test_a_second_visit_on_the_same_date_is_refused_on_the_date(nurse_client, personas):
    VisitFactory(patient=personas.patient, date=TODAY)

    response = nurse_client.post(create_url(personas.patient), visit_payload(TODAY))

    assert response.status_code == 200
    assert "already has a visit on this date" in field_errors(response, "date")[0]
    assert Visit.objects.count() == 1


def test_the_left_side_must_stay_empty_for_a_unilateral_visit(nurse_client, personas):
    response = nurse_client.post(
        create_url(personas.patient), visit_payload(TODAY, mmt8_variant="unilateral")
    )

    assert "Leave the left side empty" in field_errors(response, "mmt_deltoid_left")[0]
    assert not Visit.objects.exists()


def test_a_very_high_ck_asks_for_confirmation_before_saving(nurse_client, personas):
    payload = visit_payload(TODAY, ck_value="60000")

    first = nurse_client.post(create_url(personas.patient), payload)

    assert first.status_code == 200
    assert b"Please confirm these values" in first.content
    assert b"above 50,000 U/L" in first.content
    assert b'name="confirm"' in first.content
    assert not Visit.objects.exists()

    second = nurse_client.post(create_url(personas.patient), {**payload, "confirm": "on"})

    assert second.status_code == 302
    assert Visit.objects.get().ck_value == Decimal("60000")


def test_a_haq_jump_above_one_and_a_half_asks_for_confirmation(nurse_client, personas):
    VisitFactory(patient=personas.patient, date=TODAY - dt.timedelta(days=90), haq=Decimal("0.25"))
    payload = visit_payload(TODAY, haq="2.0")

    first = nurse_client.post(create_url(personas.patient), payload)

    assert b"HAQ-DI changed by more than 1.5" in first.content
    assert Visit.objects.count() == 1
    assert (
        nurse_client.post(create_url(personas.patient), {**payload, "confirm": "on"}).status_code
        == 302
    )
    assert Visit.objects.count() == 2


def test_the_saved_visit_page_shows_the_tis_against_the_baseline(nurse_client, personas):
    nurse_client.post(create_url(personas.patient), visit_payload(TODAY - dt.timedelta(days=180)))
    better = visit_payload(
        TODAY,
        physician_global="3.5",
        patient_global="5",
        haq="1.0",
        ck_value="1200",
        extramuscular_global="2",
    )

    response = nurse_client.post(create_url(personas.patient), better, follow=True)

    score = Visit.objects.get(date=TODAY).score
    assert score.tis_total == Decimal("47.5")
    assert score.tis_category == "moderate"
    assert b"TIS 47.5" in response.content
    assert b"clinical-rules.md \xc2\xa72" in response.content
    assert score.tis_version.encode() in response.content


def edit_payload(visit, **overrides):
    payload = visit_payload(visit.date, **overrides)
    payload.setdefault("version", str(visit.version))
    payload.setdefault("change_reason", "typing error")
    return payload


def test_editing_a_visit_requires_a_reason(nurse_client, personas):
    visit = VisitFactory(patient=personas.patient, date=TODAY)

    response = nurse_client.post(edit_url(visit), edit_payload(visit, change_reason=""))

    assert "Say why you are changing this record." in field_errors(response, "change_reason")
    visit.refresh_from_db()
    assert visit.version == 1


def test_an_edit_is_saved_with_its_reason_and_a_new_version(nurse_client, personas):
    visit = VisitFactory(patient=personas.patient, date=TODAY)

    response = nurse_client.post(edit_url(visit), edit_payload(visit, haq="1.25"))

    visit.refresh_from_db()
    assert response.status_code == 302
    assert visit.haq == Decimal("1.25")
    assert visit.version == 2
    latest = visit.history.first()
    assert latest.history_change_reason == "typing error"
    assert latest.history_user == personas.nurse


def test_a_concurrent_edit_is_detected_and_nothing_is_overwritten(client, personas):
    visit = VisitFactory(patient=personas.patient, date=TODAY, haq=Decimal("1.0"))
    nurse = login(client, personas.nurse)
    from django.test import Client

    clinician = login(Client(), personas.clinician)
    loaded_by_nurse = nurse.get(edit_url(visit)).context["form"]["version"].value()
    loaded_by_clinician = clinician.get(edit_url(visit)).context["form"]["version"].value()

    clinician.post(
        edit_url(visit),
        edit_payload(visit, haq="2.0", version=loaded_by_clinician, change_reason="lab check"),
    )
    response = nurse.post(edit_url(visit), edit_payload(visit, haq="0.5", version=loaded_by_nurse))

    visit.refresh_from_db()
    assert response.status_code == 200
    assert visit.haq == Decimal("2.0")
    assert visit.version == 2
    assert b"changed this record while you were editing it" in response.content
    page = response.content.decode()
    assert "HAQ-DI</span>: 1 → 2</li>" in page
    assert "Alex Tester" in page
    assert response.context["form"]["version"].value() == "2"


def test_after_seeing_the_conflict_the_editor_can_save_deliberately(client, personas):
    visit = VisitFactory(patient=personas.patient, date=TODAY, haq=Decimal("1.0"))
    nurse = login(client, personas.nurse)
    nurse.post(edit_url(visit), edit_payload(visit, haq="2.0", version="1"))  # version 2 now

    conflict = nurse.post(edit_url(visit), edit_payload(visit, haq="0.5", version="1"))
    again = nurse.post(
        edit_url(visit),
        edit_payload(visit, haq="0.5", version=conflict.context["form"]["version"].value()),
    )

    visit.refresh_from_db()
    assert again.status_code == 302
    assert visit.haq == Decimal("0.5")
    assert visit.version == 3
