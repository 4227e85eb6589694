"""Every data-entry write leaves history rows that say who made it and why.

A creation carries a fixed reason ("Visit recorded"); an edit carries the reason the user
typed. The services stamp both themselves, so a write without a request (a task, the
shell) is attributed too, and the patient history page shows them.
"""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Visit
from assessments.services.visits import visit_record, visit_update
from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    DiagnosisChange,
    DiagnosticTest,
    MuscleBiopsy,
    Patient,
)
from tests import matrix_forms as forms
from tests.helpers import login, visit_payload
from treatments.models import TherapyCourse

DAY = dt.date(2022, 3, 1)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)

CREATIONS = {
    "assessments:visit_create": (forms.visit_create, Visit, "Visit recorded"),
    "patients:biopsy_create": (forms.biopsy_create, MuscleBiopsy, "Biopsy recorded"),
    "patients:panel_create": (forms.panel_create, AntibodyPanel, "Antibody panel recorded"),
    "patients:test_create": (forms.test_create, DiagnosticTest, "Diagnostic test recorded"),
    "treatments:course_start": (forms.course_start, TherapyCourse, "Therapy course started"),
}


def create_url(patient):
    return reverse("assessments:visit_create", args=[patient.registry_id])


def latest_history(model):
    return model.history.order_by("-history_date", "-history_id").first()


@pytest.mark.parametrize("name", CREATIONS)
def test_a_record_entered_on_the_web_names_the_nurse_and_what_was_done(client, personas, name):
    build, model, reason = CREATIONS[name]
    login(client, personas.nurse)
    kwargs = {"registry_id": personas.patient.registry_id}

    response = client.post(reverse(name, kwargs=kwargs), build(SimpleNamespace(), kwargs))

    row = latest_history(model)
    assert response.status_code == 302
    assert (row.history_type, row.history_user, row.history_change_reason) == (
        "+",
        personas.nurse,
        reason,
    )


def test_every_result_row_of_a_new_panel_names_the_nurse_and_the_reason(client, personas):
    login(client, personas.nurse)
    kwargs = {"registry_id": personas.patient.registry_id}

    client.post(reverse("patients:panel_create", kwargs=kwargs), forms.panel_create(None, kwargs))

    rows = AntibodyResult.history.all()
    assert rows.count() == AntibodyResult.objects.count() > 1
    assert {(row.history_user, row.history_change_reason) for row in rows} == {
        (personas.nurse, "Antibody panel recorded")
    }


def test_registering_and_changing_the_diagnosis_are_attributed(client, personas):
    login(client, personas.clinician)
    client.post(reverse("patients:register"), forms.register(None, {}))
    patient = Patient.objects.get(family_name="Newman")
    kwargs = {"registry_id": patient.registry_id}

    client.post(
        reverse("patients:diagnosis_change", kwargs=kwargs), forms.diagnosis_change(None, kwargs)
    )

    registered, changed = patient.history.order_by("history_date", "history_id")
    change = latest_history(DiagnosisChange)
    assert (registered.history_user, registered.history_change_reason) == (
        personas.clinician,
        "Patient registered",
    )
    assert changed.history_user == change.history_user == personas.clinician
    assert changed.history_change_reason.startswith("Diagnosis changed on")
    assert change.history_change_reason == changed.history_change_reason


def test_a_visit_edited_on_the_web_keeps_the_reason_the_user_typed(client, personas):
    login(client, personas.nurse)
    client.post(create_url(personas.patient), visit_payload(DAY))
    visit = Visit.objects.get(patient=personas.patient)
    login(client, personas.clinician)

    client.post(
        reverse("assessments:visit_edit", args=[personas.patient.registry_id, visit.pk]),
        visit_payload(DAY, haq="0.875", version=str(visit.version), change_reason="HAQ re-scored"),
    )

    created, edited = visit.history.order_by("history_date", "history_id")
    assert (created.history_user, created.history_change_reason) == (
        personas.nurse,
        "Visit recorded",
    )
    assert (edited.history_user, edited.history_change_reason) == (
        personas.clinician,
        "HAQ re-scored",
    )
    assert edited.diff_against(created).changed_fields == ["haq"]


def test_the_history_page_shows_who_when_what_and_why_of_a_web_edit(client, personas):
    patient = personas.patient
    login(client, personas.nurse)
    client.post(create_url(patient), visit_payload(DAY))
    visit = Visit.objects.get(patient=patient)
    client.post(
        reverse("assessments:visit_edit", args=[patient.registry_id, visit.pk]),
        visit_payload(DAY, haq="0.875", version=str(visit.version), change_reason="HAQ re-scored"),
    )

    page = client.get(reverse("patients:history", args=[patient.registry_id])).content.decode()

    edit = next(body for body in re.findall(r"<tbody>.*?</tbody>", page, re.S) if "HAQ re" in body)
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in CELL.findall(edit)]
    when = timezone.localtime(latest_history(Visit).history_date)
    assert cells == [
        f"{when:%Y-%m-%d %H:%M}",
        personas.nurse.get_full_name(),
        f"Visit {DAY.isoformat()} changed",
        "HAQ-DI",
        "1.500",
        "0.875",
        "HAQ re-scored",
    ]


def test_a_write_without_a_request_is_attributed_by_the_service(personas):
    data = {"date": DAY, "mmt8_variant": "bilateral", "haq": Decimal("1.5")}
    visit = visit_record(patient=personas.patient, data=data, entered_by=personas.nurse)

    visit_update(
        visit=visit,
        data={**data, "haq": Decimal("1")},
        expected_version=visit.version,
        edited_by=personas.clinician,
        reason="Entered on paper first",
    )

    assert [
        (row.history_user, row.history_change_reason)
        for row in visit.history.order_by("history_date", "history_id")
    ] == [(personas.nurse, "Visit recorded"), (personas.clinician, "Entered on paper first")]


def test_an_edit_page_refuses_a_blank_reason_and_writes_nothing(client, personas):
    login(client, personas.nurse)
    client.post(create_url(personas.patient), visit_payload(DAY))
    visit = Visit.objects.get(patient=personas.patient)

    response = client.post(
        reverse("assessments:visit_edit", args=[personas.patient.registry_id, visit.pk]),
        visit_payload(DAY, haq="0.875", version=str(visit.version), change_reason="  "),
    )

    assert response.status_code == 200
    assert visit.history.count() == 1
    assert "Say why you are changing this record." in response.content.decode()
