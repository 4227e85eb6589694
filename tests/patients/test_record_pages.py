"""Biopsies, antibody panels and other diagnostic tests: record, refuse, edit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from patients.models import AntibodyPanel, AntibodyResult, DiagnosticTest, MuscleBiopsy
from tests.factories import DiagnosticTestFactory, MuscleBiopsyFactory
from tests.helpers import field_errors, login, panel_payload, uk

TODAY = dt.date.today()
FUTURE = uk(TODAY + dt.timedelta(days=1))


@pytest.fixture
def nurse_client(client, personas):
    return login(client, personas.nurse)


def url(name, patient, *args):
    return reverse(f"patients:{name}", args=[patient.registry_id, *args])


def biopsy_payload(**overrides):
    data = {
        "date": "20/05/2021",
        "muscle": "deltoid",
        "perifascicular_atrophy": "on",
        "mhc1_upregulation": "on",
        "conclusion": "dm_pattern",
        "report": "Perifascicular atrophy.",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_biopsy_stores_its_structured_findings(nurse_client, personas):
    response = nurse_client.post(url("biopsy_create", personas.patient), biopsy_payload())

    biopsy = MuscleBiopsy.objects.get(patient=personas.patient)
    assert response.status_code == 302
    assert biopsy.date == dt.date(2021, 5, 20)
    assert biopsy.perifascicular_atrophy is True
    assert biopsy.mhc1_upregulation is True
    assert biopsy.endomysial_infiltrate is False
    assert biopsy.conclusion == "dm_pattern"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", FUTURE, "This date is in the future."),
        ("date", "01/01/1960", "This date is before the patient's birth"),
        ("no_pathological_change", "on", "Untick this, or untick the findings"),
        ("conclusion", "", "This field is required."),
    ],
)
def test_a_bad_biopsy_is_refused_on_the_field(nurse_client, personas, field, value, message):
    response = nurse_client.post(
        url("biopsy_create", personas.patient), biopsy_payload(**{field: value})
    )

    assert field_errors(response, field)[0].startswith(message)
    assert not MuscleBiopsy.objects.exists()


def test_a_biopsy_edit_needs_a_reason_and_detects_a_concurrent_edit(personas):
    biopsy = MuscleBiopsyFactory(patient=personas.patient, date=dt.date(2021, 5, 20))
    edit = url("biopsy_edit", personas.patient, biopsy.pk)
    nurse, clinician = login(Client(), personas.nurse), login(Client(), personas.clinician)
    form = nurse.get(edit).context["form"]
    assert form["version"].value() == 1
    assert form["endomysial_infiltrate"].value() is True

    clinician.post(
        edit, biopsy_payload(version="1", change_reason="report revised", conclusion="necrotising")
    )
    response = nurse.post(edit, biopsy_payload(version="1", change_reason="typo"))

    biopsy.refresh_from_db()
    assert biopsy.conclusion == "necrotising"
    assert biopsy.version == 2
    assert "Conclusion</span>: Inflammatory myopathy → Necrotising myopathy" in (
        response.content.decode()
    )


def test_a_panel_is_one_grid_of_every_antibody_defaulting_to_not_tested(nurse_client, personas):
    page = nurse_client.get(url("panel_create", personas.patient))

    form = page.context["form"]
    assert len(form.grid()) == 19
    assert all(row["result"].value() == "not_tested" for row in form.grid())


def test_a_panel_stores_exactly_the_entered_results(nurse_client, personas):
    payload = panel_payload(
        dt.date(2021, 3, 1),
        {"hmgcr": "positive", "srp": "negative", "ro52": "borderline"},
        hmgcr_titre="1:320",
        hmgcr_index_value="45.5",
    )

    response = nurse_client.post(url("panel_create", personas.patient), payload)

    panel = AntibodyPanel.objects.get(patient=personas.patient)
    results = {row.antibody: row for row in panel.results.all()}
    assert response.status_code == 302
    assert len(results) == 19
    assert results["hmgcr"].result == "positive"
    assert results["hmgcr"].titre == "1:320"
    assert results["hmgcr"].index_value == Decimal("45.5")
    assert results["srp"].result == "negative"
    assert results["ro52"].result == "borderline"
    assert results["jo1"].result == "not_tested"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("jo1_titre", "1:80", "Choose a result before entering a titre."),
        ("jo1_index_value", "-3", "An index cannot be negative."),
        ("date", FUTURE, "This date is in the future."),
        ("lab", "", "This field is required."),
    ],
)
def test_a_bad_panel_is_refused_on_the_field(nurse_client, personas, field, value, message):
    payload = panel_payload(dt.date(2021, 3, 1), {"hmgcr": "positive"}, **{field: value})

    response = nurse_client.post(url("panel_create", personas.patient), payload)

    assert field_errors(response, field)[0].startswith(message)
    assert not AntibodyPanel.objects.exists()
    assert not AntibodyResult.objects.exists()


def test_an_empty_panel_is_refused(nurse_client, personas):
    response = nurse_client.post(
        url("panel_create", personas.patient), panel_payload(dt.date(2021, 3, 1))
    )

    assert "Enter the result of at least one antibody." in response.content.decode()
    assert not AntibodyPanel.objects.exists()


def test_a_panel_edit_shows_which_results_the_other_person_changed(nurse_client, personas):
    nurse_client.post(
        url("panel_create", personas.patient),
        panel_payload(dt.date(2021, 3, 1), {"hmgcr": "negative"}),
    )
    panel = AntibodyPanel.objects.get()
    edit = url("panel_edit", personas.patient, panel.pk)
    clinician = login(Client(), personas.clinician)
    assert nurse_client.get(edit).context["form"]["hmgcr_result"].value() == "negative"

    clinician.post(
        edit,
        panel_payload(
            dt.date(2021, 3, 1), {"hmgcr": "positive"}, version="1", change_reason="lab re-read"
        ),
    )
    response = nurse_client.post(
        edit,
        panel_payload(
            dt.date(2021, 3, 1),
            {"hmgcr": "negative", "srp": "negative"},
            version="1",
            change_reason="add SRP",
        ),
    )

    results = {row.antibody: row.result for row in panel.results.all()}
    assert results["hmgcr"] == "positive"
    assert results["srp"] == "not_tested"
    assert "anti-HMGCR result</span>: Negative → Positive" in response.content.decode()


def test_a_panel_edit_updates_results_with_the_reason(nurse_client, personas):
    nurse_client.post(
        url("panel_create", personas.patient),
        panel_payload(dt.date(2021, 3, 1), {"hmgcr": "negative"}),
    )
    panel = AntibodyPanel.objects.get()

    nurse_client.post(
        url("panel_edit", personas.patient, panel.pk),
        panel_payload(
            dt.date(2021, 3, 1), {"hmgcr": "positive"}, version="1", change_reason="lab re-read"
        ),
    )

    row = panel.results.get(antibody="hmgcr")
    panel.refresh_from_db()
    assert row.result == "positive"
    assert row.history.first().history_change_reason == "lab re-read"
    assert panel.version == 2


def test_payload(**overrides):
    data = {
        "date": "01/08/2020",
        "kind": "pompe_gaa",
        "name": "",
        "outcome": "normal",
        "summary": "GAA activity normal",
    }
    data.update(overrides)
    return data


test_payload.__test__ = False  # a helper, not a test


def test_a_diagnostic_test_is_recorded(nurse_client, personas):
    nurse_client.post(url("test_create", personas.patient), test_payload())

    test = DiagnosticTest.objects.get(patient=personas.patient)
    assert (test.kind, test.outcome, test.date) == ("pompe_gaa", "normal", dt.date(2020, 8, 1))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date", FUTURE, "This date is in the future."),
        ("name", "", "Name the test when its kind is Other."),
    ],
)
def test_a_bad_diagnostic_test_is_refused_on_the_field(
    nurse_client, personas, field, value, message
):
    response = nurse_client.post(
        url("test_create", personas.patient), test_payload(kind="other", **{field: value})
    )

    assert field_errors(response, field) == [message]
    assert not DiagnosticTest.objects.exists()


def test_a_diagnostic_test_edit_keeps_its_reason(nurse_client, personas):
    test = DiagnosticTestFactory(patient=personas.patient)

    nurse_client.post(
        url("test_edit", personas.patient, test.pk),
        test_payload(outcome="abnormal", version="1", change_reason="result corrected"),
    )

    test.refresh_from_db()
    assert test.outcome == "abnormal"
    assert test.history.first().history_change_reason == "result corrected"
