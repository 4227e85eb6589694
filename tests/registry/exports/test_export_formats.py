"""Every export format opens and round-trips: CSV, XLSX, dictionary, REDCap and FHIR."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from fhir.resources.R4B.bundle import Bundle

from patients.models import Antibody
from registry.exports.columns import NAME_PATTERN, patient_columns
from registry.exports.redcap import DICTIONARY_COLUMNS
from tests.auth import login_as
from tests.factories import PatientFactory
from tests.registry.cohort.cohort_builders import evaluate, full_patient
from tests.registry.exports.export_helpers import body, export, read_csv, read_xlsx, read_zip


@pytest.fixture
def cohort(personas):
    """The home department: one full patient with two visits, one with none."""
    full = full_patient(personas.department)
    return personas, full


def test_csv_has_one_row_per_visit_with_patient_columns_repeated(client, cohort):
    personas, full = cohort
    login_as(client, personas.department_admin)

    response = export(client, format="csv", content="identified")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(body(response))
    visits = [row for row in rows if row["record_id"] == full.registry_id]
    assert [row["visit_date"] for row in visits] == ["2020-06-01", "2020-08-31"]
    assert {row["family_name"] for row in visits} == {"Fullrecord"}
    assert visits[0]["ck_value"] == "2400.00"
    assert visits[1]["ck_value"] == "1900.00"
    assert visits[0]["ab_hmgcr"] == "positive"
    assert visits[0]["ab_jo1"] == "negative"
    assert visits[0]["ab_mda5"] == ""
    assert visits[0]["proximal_lower_weakness"] == "1"
    assert visits[0]["heliotrope"] == "0"
    assert visits[0]["age_at_onset"] == "50"
    assert visits[0]["drugs_current"] == "Prednisolone"
    assert visits[1]["drugs_current"] == "Prednisolone; Intravenous immunoglobulin"
    assert visits[1]["therapy_line_current"] == "1"
    homeward = [row for row in rows if row["record_id"] == personas.patient.registry_id]
    assert len(homeward) == 1
    assert homeward[0]["visit_date"] == ""


def test_csv_per_patient_has_one_row_per_patient_with_a_summary(client, cohort):
    personas, full = cohort
    login_as(client, personas.department_admin)

    rows = read_csv(body(export(client, format="csv", content="identified", shape="per_patient")))

    by_id = {row["record_id"]: row for row in rows}
    assert set(by_id) == {full.registry_id, personas.patient.registry_id}
    assert by_id[full.registry_id]["visit_count"] == "2"
    assert by_id[full.registry_id]["last_visit_date"] == "2020-08-31"
    assert by_id[full.registry_id]["drugs_ever"] == "Prednisolone; Intravenous immunoglobulin"
    assert by_id[personas.patient.registry_id]["visit_count"] == "0"


def test_xlsx_reads_back_with_typed_values_and_its_dictionary(client, cohort):
    personas, full = cohort
    login_as(client, personas.department_admin)

    data = body(export(client, format="xlsx", content="identified"))

    rows = [row for row in read_xlsx(data) if row["record_id"] == full.registry_id]
    assert len(rows) == 2
    assert rows[0]["visit_date"] == dt.datetime(2020, 6, 1)
    assert Decimal(str(rows[0]["ck_value"])) == Decimal("2400")
    assert rows[0]["hospital_number"] == "H-FULL-1"
    dictionary = read_xlsx(data, "dictionary")
    assert [entry["name"] for entry in dictionary] == list(rows[0])


def test_a_name_starting_with_equals_is_text_not_a_formula_in_xlsx(client, personas):
    PatientFactory(department=personas.department, family_name="=HYPERLINK(1)")
    login_as(client, personas.department_admin)

    rows = read_xlsx(body(export(client, format="xlsx", content="identified")))

    assert "=HYPERLINK(1)" in {row["family_name"] for row in rows}


def test_data_dictionary_describes_every_csv_column(client, cohort):
    personas, _ = cohort
    login_as(client, personas.department_admin)

    columns = list(read_csv(body(export(client, format="csv", content="identified")))[0])
    dictionary = read_csv(body(export(client, format="dictionary", content="identified")))

    assert [entry["name"] for entry in dictionary] == columns
    assert set(dictionary[0]) >= {"name", "label", "type", "unit", "allowed_values"}
    by_name = {entry["name"]: entry for entry in dictionary}
    assert by_name["physician_global"]["unit"] == "cm (VAS 0-10)"
    assert "dm = Dermatomyositis" in by_name["diagnosis"]["allowed_values"]
    assert by_name["ild"]["allowed_values"] == "1 = yes | 0 = no"
    assert all(NAME_PATTERN.match(name) for name in columns)


def test_redcap_pair_has_the_18_columns_and_every_record_field_in_the_dictionary(client, cohort):
    personas, full = cohort
    login_as(client, personas.department_admin)

    files = read_zip(body(export(client, format="redcap", content="identified")))

    dictionary = list(csv.reader(io.StringIO(files["data_dictionary.csv"].decode())))
    assert tuple(dictionary[0]) == DICTIONARY_COLUMNS
    assert len(dictionary[0]) == 18
    fields = {row[0]: row for row in dictionary[1:]}
    assert dictionary[1][0] == "record_id"
    assert all(NAME_PATTERN.match(name) and len(name) <= 26 for name in fields)
    assert fields["ck_unit"][5] == "u_l, U/L | ukat_l, µkat/L"
    assert fields["visit_date"][7] == "date_ymd"
    assert fields["ild"][3] == "yesno"
    assert fields["family_name"][10] == "y"
    records = list(csv.DictReader(io.StringIO(files["records.csv"].decode())))
    header = list(records[0])
    assert header[:4] == [
        "record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance",
    ]  # fmt: skip
    assert set(header[4:]) <= set(fields)
    mine = [row for row in records if row["record_id"] == full.registry_id]
    assert [(r["redcap_repeat_instrument"], r["redcap_repeat_instance"]) for r in mine] == [
        ("", ""), ("visit", "1"), ("visit", "2"),
    ]  # fmt: skip
    assert {row["redcap_event_name"] for row in records} == {"registry_arm_1"}
    assert mine[0]["diagnosis"] == "imnm_hmgcr"
    assert mine[0]["visit_date"] == ""
    assert mine[1]["ck_unit"] == "u_l"
    assert mine[1]["diagnosis"] == ""
    assert "README.txt" in files


def test_fhir_bundle_validates_and_holds_every_resource_kind(client, cohort):
    personas, full = cohort
    login_as(client, personas.department_admin)

    response = export(client, format="fhir", content="identified")

    assert response["Content-Type"] == "application/fhir+json"
    data = body(response)
    bundle = Bundle.model_validate_json(data)
    assert bundle.type == "collection"
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds.count("Patient") == 2
    assert kinds.count("Condition") == 2
    assert kinds.count("MedicationStatement") == 2
    assert kinds.count("Procedure") == 1
    loinc = {
        entry.resource.code.coding[0].code
        for entry in bundle.entry
        if entry.resource.get_resource_type() == "Observation"
    }
    assert loinc == {"2157-6", "2532-0"}
    raw = json.loads(data)
    full_urls = {entry["fullUrl"] for entry in raw["entry"]}
    references = {
        entry["resource"]["subject"]["reference"]
        for entry in raw["entry"]
        if "subject" in entry["resource"]
    }
    assert references <= full_urls
    patient = next(
        e["resource"] for e in raw["entry"] if e["resource"].get("id") == full.registry_id
    )
    assert patient["birthDate"] == "1969-05-12"
    assert patient["name"] == [{"family": "Fullrecord", "given": ["Ingrid"]}]


def test_an_empty_cohort_still_gives_a_valid_bundle(client, personas):
    login_as(client, personas.department_admin)

    data = body(export(client, format="fhir", content="identified", query={"subtype": "ibm"}))

    assert Bundle.model_validate_json(data).entry is None


def test_csv_carries_the_latest_refractory_status(client, cohort):
    personas, full = cohort
    evaluate(full, "responding", dt.date(2020, 9, 1))
    evaluate(full, "refractory", dt.date(2021, 3, 1))
    login_as(client, personas.department_admin)

    rows = read_csv(body(export(client, format="csv", content="identified")))

    by_id = {row["record_id"]: row["refractory_status"] for row in rows}
    assert by_id == {full.registry_id: "refractory", personas.patient.registry_id: ""}


@pytest.mark.parametrize("content", ["identified", "deidentified"])
def test_antibody_columns_close_the_patient_part_of_every_export(content):
    names = [column.name for column in patient_columns(content)]

    assert names[-len(Antibody.values) :] == [f"ab_{code}" for code in Antibody.values]
    assert not any(name.startswith("ab_") for name in names[: -len(Antibody.values)])
