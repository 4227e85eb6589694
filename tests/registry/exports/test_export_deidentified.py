"""De-identified exports: no names, hospital numbers or birth dates; intervals kept."""

import datetime as dt
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from patients.models import Patient
from tests.auth import login_as
from tests.registry.cohort.cohort_builders import full_patient
from tests.registry.exports.export_helpers import body, export, read_csv, read_xlsx, read_zip

SHIFT = -37
IDENTIFYING = (b"Fullrecord", b"Ingrid", b"H-FULL-1", b"1969-05-12", b"12/05/1969")


@pytest.fixture
def full(personas):
    patient = full_patient(personas.department)
    Patient.objects.filter(pk=patient.pk).update(date_shift_days=SHIFT)
    return patient


def shifted(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=SHIFT)).isoformat()


@pytest.mark.parametrize("format", ["csv", "dictionary", "redcap", "fhir"])
def test_de_identified_files_hold_no_name_hospital_number_or_birth_date(
    client, personas, full, format
):
    login_as(client, personas.registry_admin)

    data = body(export(client, format=format, content="deidentified"))

    for file in read_zip(data).values() if format == "redcap" else [data]:
        for secret in IDENTIFYING:
            assert secret not in file, f"{secret!r} leaked into a {format} export"


def test_de_identified_xlsx_holds_no_identifying_value(client, personas, full):
    login_as(client, personas.registry_admin)

    rows = read_xlsx(body(export(client, format="xlsx", content="deidentified")))

    assert "family_name" not in rows[0]
    assert "date_of_birth" not in rows[0]
    values = {str(value) for row in rows for value in row.values()}
    assert not values & {"Fullrecord", "Ingrid", "H-FULL-1", "1969-05-12 00:00:00"}


def test_de_identified_csv_shifts_dates_and_keeps_intervals_and_the_pseudonym(
    client, personas, full
):
    login_as(client, personas.registry_admin)

    rows = read_csv(body(export(client, format="csv", content="deidentified")))

    mine = [row for row in rows if row["record_id"] == full.registry_id]
    assert [row["visit_date"] for row in mine] == [shifted("2020-06-01"), shifted("2020-08-31")]
    assert mine[0]["symptom_onset_date"] == shifted("2020-01-15")
    assert mine[0]["diagnosis_date"] == shifted("2020-06-01")
    assert mine[0]["age_at_onset"] == "50"
    onset = dt.date.fromisoformat(mine[0]["symptom_onset_date"])
    first, second = (dt.date.fromisoformat(row["visit_date"]) for row in mine)
    assert (second - first).days == 91
    assert (first - onset).days == (dt.date(2020, 6, 1) - dt.date(2020, 1, 15)).days


def test_pseudonymous_ids_and_shifted_dates_are_stable_across_exports(client, personas, full):
    login_as(client, personas.registry_admin)

    first = read_csv(body(export(client, format="csv", content="deidentified")))
    second = read_csv(body(export(client, format="csv", content="deidentified")))

    assert first == second


def test_de_identified_fhir_shifts_dates_and_gives_age_at_onset(client, personas, full):
    login_as(client, personas.registry_admin)

    data = body(export(client, format="fhir", content="deidentified"))

    Bundle.model_validate_json(data)
    entries = json.loads(data)["entry"]
    resources = [entry["resource"] for entry in entries]
    url, patient = next(
        (e["fullUrl"], e["resource"])
        for e in entries
        if e["resource"].get("id") == full.registry_id
    )
    assert "birthDate" not in patient
    assert "name" not in patient
    assert [i["value"] for i in patient["identifier"]] == [full.registry_id]
    condition = next(
        r
        for r in resources
        if r["resourceType"] == "Condition" and r["subject"]["reference"] == url
    )
    assert condition["onsetDateTime"] == shifted("2020-01-15")
    assert condition["extension"][0]["valueAge"]["value"] == 50
    labs = sorted(
        r["effectiveDateTime"]
        for r in resources
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "2157-6"
    )
    assert labs == [shifted("2020-06-01"), shifted("2020-08-31")]


def test_a_registry_admin_exports_every_department_de_identified(client, personas, full):
    login_as(client, personas.registry_admin)

    rows = read_csv(body(export(client, format="csv", content="deidentified")))

    assert {row["department"] for row in rows} == {"north", "south"}
