"""The patient history page lists every change as who, when, record, field, old, new, reason."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from infra.audit import audited
from registry.record.history import patient_history
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    DiagnosisChangeFactory,
    DiagnosticTestFactory,
    MuscleBiopsyFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)


def history_url(patient):
    return f"/patients/{patient.registry_id}/history/"


def test_an_update_shows_who_the_field_old_and_new_values_and_why(personas):
    visit = VisitFactory(patient=personas.patient, date=dt.date(2021, 3, 1))
    with audited(reason="Transcription error", user=personas.clinician):
        visit.haq = Decimal("0.875")
        visit.save()

    entry = patient_history(patient=personas.patient)[0]

    assert entry.user == personas.clinician.get_full_name()
    assert entry.record == "Visit 2021-03-01"
    assert entry.action == "changed"
    assert entry.reason == "Transcription error"
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("HAQ-DI", "1.250", "0.875")]


def test_every_kind_of_record_of_the_patient_appears(personas):
    patient = personas.patient
    with audited(reason="Initial entry", user=personas.nurse):
        VisitFactory(patient=patient)
        MuscleBiopsyFactory(patient=patient)
        AntibodyResultFactory(panel=AntibodyPanelFactory(patient=patient), result="positive")
        DiagnosticTestFactory(patient=patient)
        TherapyCourseFactory(patient=patient)
        DiagnosisChangeFactory(patient=patient)
        patient.save()

    kinds = {entry.record.split(" ")[0] for entry in patient_history(patient=patient)}

    assert kinds == {
        "Visit", "Muscle", "Antibody", "Diagnostic", "Therapy", "Diagnosis", "Patient"
    }  # fmt: skip


def test_values_are_shown_as_users_read_them(personas):
    with audited(reason="Initial entry", user=personas.nurse):
        TherapyCourseFactory(patient=personas.patient, drug=drug("Methotrexate"))
        MuscleBiopsyFactory(patient=personas.patient, conclusion="necrotising")

    entries = patient_history(patient=personas.patient)
    changes = {(change.field, change.new) for entry in entries for change in entry.changes}

    assert ("Drug", "Methotrexate") in changes
    assert ("Conclusion", "Necrotising myopathy") in changes
    assert ("Rimmed vacuoles", "No") in changes


def test_a_deleted_record_stays_in_the_history(personas):
    biopsy = MuscleBiopsyFactory(patient=personas.patient)
    with audited(reason="Belongs to another patient", user=personas.clinician):
        biopsy.delete()

    entry = patient_history(patient=personas.patient)[0]

    assert entry.action == "deleted"
    assert entry.reason == "Belongs to another patient"


def test_a_result_of_a_deleted_panel_is_still_listed(personas):
    panel = AntibodyPanelFactory(patient=personas.patient)
    AntibodyResultFactory(panel=panel, antibody="hmgcr", result="positive")
    panel.delete()

    records = [entry.record for entry in patient_history(patient=personas.patient)]

    assert "Antibody result anti-HMGCR" in records


def test_another_patients_changes_are_not_listed(personas):
    VisitFactory(patient=personas.other_patient)

    records = {entry.record for entry in patient_history(patient=personas.patient)}

    assert records == {"Patient details"}


def test_the_page_shows_the_trail_to_a_nurse_of_the_department(client, personas):
    visit = VisitFactory(patient=personas.patient)
    with audited(reason="Transcription error", user=personas.clinician):
        visit.haq = Decimal("0.875")
        visit.save()
    client.force_login(personas.nurse)

    response = client.get(history_url(personas.patient))

    assert response.status_code == 200
    assert b"Transcription error" in response.content
    assert b"0.875" in response.content


def test_the_page_is_missing_for_another_department(client, personas):
    client.force_login(personas.outsider)

    response = client.get(history_url(personas.patient))

    assert response.status_code == 404


def make_changes(patient, user, count):
    with audited(reason="Edit", user=user):
        for _ in range(count):
            visit = VisitFactory(patient=patient)
            visit.haq = Decimal("2")
            visit.save()
            course = TherapyCourseFactory(patient=patient)
            course.dose = Decimal("20")
            course.save()
            result = AntibodyResultFactory(panel=AntibodyPanelFactory(patient=patient))
            result.delete()


def queries_for_page(client, patient):
    with CaptureQueriesContext(connection) as context:
        response = client.get(history_url(patient))
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_page_takes_as_many_queries_for_many_changes_as_for_few(client, personas):
    client.force_login(personas.nurse)
    make_changes(personas.patient, personas.clinician, 1)
    few = queries_for_page(client, personas.patient)

    make_changes(personas.patient, personas.department_admin, 10)
    many = queries_for_page(client, personas.patient)

    assert many == few
