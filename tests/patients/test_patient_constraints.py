"""The database refuses bad departments, memberships, patients and diagnostic records.

Every write goes straight to ``objects.create``, skipping model validation, so only a
database constraint can stop it.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from patients.models import (
    AntibodyPanel,
    AntibodyResult,
    Department,
    DiagnosisChange,
    DiagnosticTest,
    Membership,
    MuscleBiopsy,
    Patient,
)
from patients.models.biopsy import FINDING_FIELDS
from tests.db_constraints import Violation, breaking, covered, refused_by
from tests.factories import PatientFactory, UserFactory

BEFORE_1900 = dt.date(1899, 12, 31)
ULN_FIELDS = ("ck_uln", "ldh_uln", "aldolase_uln", "alt_uln", "ast_uln")


def department(**overrides: Any) -> Department:
    return Department.objects.create(**{"name": "Rheumatology East", "code": "east", **overrides})


def department_with(**values: Any) -> Callable[[Patient], Department]:
    return lambda existing: department(**values)


def patient(existing: Patient, **overrides: Any) -> Patient:
    values = {
        "department": existing.department,
        "hospital_number": "H-NEW",
        "given_name": "Ana",
        "family_name": "Example",
        "sex": "female",
        "date_of_birth": dt.date(1970, 1, 1),
        "symptom_onset_date": dt.date(2019, 1, 1),
        "diagnosis_date": dt.date(2019, 6, 1),
    }
    return Patient.objects.create(**{**values, **overrides})


def membership(existing: Patient, **overrides: Any) -> Membership:
    values = {"user": UserFactory(), "department": existing.department, "role": "nurse"}
    return Membership.objects.create(**{**values, **overrides})


def same_role_twice(existing: Patient) -> None:
    first = membership(existing)
    membership(existing, user=first.user, role="clinician")


def diagnosis_change(existing: Patient, **overrides: Any) -> DiagnosisChange:
    values = {
        "patient": existing,
        "date": dt.date(2021, 3, 1),
        "from_diagnosis": "pm",
        "to_diagnosis": "imnm_hmgcr",
        "basis": "anti-HMGCR positive",
    }
    return DiagnosisChange.objects.create(**{**values, **overrides})


def biopsy(existing: Patient, **overrides: Any) -> MuscleBiopsy:
    values = {"patient": existing, "date": dt.date(2020, 5, 20), "conclusion": "necrotising"}
    return MuscleBiopsy.objects.create(**{**values, **overrides})


def panel(existing: Patient, **overrides: Any) -> AntibodyPanel:
    values = {"patient": existing, "date": dt.date(2020, 5, 1), "lab": "Immunology", "method": "ip"}
    return AntibodyPanel.objects.create(**{**values, **overrides})


def antibody_result(existing: Patient, **overrides: Any) -> AntibodyResult:
    values = {"panel": panel(existing), "antibody": "hmgcr", "result": "positive"}
    return AntibodyResult.objects.create(**{**values, **overrides})


def same_antibody_twice(existing: Patient) -> None:
    first = antibody_result(existing)
    antibody_result(existing, panel=first.panel, result="negative")


def diagnostic_test(existing: Patient, **overrides: Any) -> DiagnosticTest:
    values = {"patient": existing, "date": dt.date(2020, 8, 1), "kind": "emg", "outcome": "normal"}
    return DiagnosticTest.objects.create(**{**values, **overrides})


V = Violation
DEPARTMENT_CASES = [
    *(
        V(
            Department,
            "department_uln_positive",
            f"{uln}-zero",
            department_with(**{uln: 0}),
        )
        for uln in ULN_FIELDS
    ),
    V(Department, "department_uln_positive", "ck-negative", lambda p: department(ck_uln=-190)),
    V(
        Department,
        "department_follow_up_intervals",
        "active-zero",
        lambda p: department(follow_up_months_active=0),
    ),
    V(
        Department,
        "department_follow_up_intervals",
        "active-over-24",
        lambda p: department(follow_up_months_active=25, follow_up_months_stable=25),
    ),
    V(
        Department,
        "department_follow_up_intervals",
        "stable-shorter-than-active",
        lambda p: department(follow_up_months_active=6, follow_up_months_stable=3),
    ),
    V(
        Department,
        "department_follow_up_intervals",
        "stable-over-24",
        lambda p: department(follow_up_months_stable=25),
    ),
]
MEMBERSHIP_CASES = [
    V(Membership, "membership_one_role_per_department", "second-role", same_role_twice),
    V(Membership, "membership_role_valid", "unknown-role", lambda p: membership(p, role="boss")),
]
PATIENT_CASES = [
    V(
        Patient,
        "patient_hospital_number_unique_in_department",
        "same-number",
        lambda p: patient(p, hospital_number=p.hospital_number),
    ),
    V(
        Patient,
        "patient_hospital_number_not_blank",
        "blank",
        lambda p: patient(p, hospital_number=""),
    ),
    V(Patient, "patient_names_not_blank", "given", lambda p: patient(p, given_name="")),
    V(Patient, "patient_names_not_blank", "family", lambda p: patient(p, family_name="")),
    V(Patient, "patient_sex_valid", "unknown", lambda p: patient(p, sex="x")),
    V(Patient, "patient_diagnosis_valid", "unknown", lambda p: patient(p, diagnosis="flu")),
    V(
        Patient,
        "patient_follow_up_status_valid",
        "unknown",
        lambda p: patient(p, follow_up_status="gone"),
    ),
    V(
        Patient,
        "patient_birth_after_1900",
        "1899",
        lambda p: patient(p, date_of_birth=BEFORE_1900),
    ),
    V(
        Patient,
        "patient_onset_after_birth",
        "onset-before-birth",
        lambda p: patient(p, symptom_onset_date=dt.date(1969, 12, 31), diagnosis_date=None),
    ),
    V(
        Patient,
        "patient_diagnosis_after_birth",
        "diagnosis-before-birth",
        lambda p: patient(p, symptom_onset_date=None, diagnosis_date=dt.date(1969, 12, 31)),
    ),
    V(
        Patient,
        "patient_diagnosis_after_onset",
        "diagnosis-before-onset",
        lambda p: patient(p, diagnosis_date=dt.date(2018, 12, 31)),
    ),
    *(
        V(
            Patient,
            "patient_date_shift_nonzero",
            str(days),
            breaking(patient, date_shift_days=days),
        )
        for days in (0, 366, -366)
    ),
]
DIAGNOSIS_CHANGE_CASES = [
    V(
        DiagnosisChange,
        "diagnosis_change_changes_something",
        "same-diagnosis",
        lambda p: diagnosis_change(p, from_diagnosis="pm", to_diagnosis="pm"),
    ),
    V(
        DiagnosisChange,
        "diagnosis_change_to_valid",
        "blank",
        lambda p: diagnosis_change(p, to_diagnosis=""),
    ),
    V(
        DiagnosisChange,
        "diagnosis_change_from_valid",
        "unknown",
        lambda p: diagnosis_change(p, from_diagnosis="flu"),
    ),
    V(
        DiagnosisChange,
        "diagnosis_change_has_basis",
        "blank",
        lambda p: diagnosis_change(p, basis=""),
    ),
    V(
        DiagnosisChange,
        "diagnosis_change_after_1900",
        "1899",
        lambda p: diagnosis_change(p, date=BEFORE_1900),
    ),
]
BIOPSY_CASES = [
    V(MuscleBiopsy, "biopsy_conclusion_valid", "unknown", lambda p: biopsy(p, conclusion="odd")),
    *(
        V(
            MuscleBiopsy,
            "biopsy_no_change_excludes_findings",
            finding,
            breaking(biopsy, no_pathological_change=True, **{finding: True}),
        )
        for finding in FINDING_FIELDS
    ),
    V(MuscleBiopsy, "biopsy_after_1900", "1899", lambda p: biopsy(p, date=BEFORE_1900)),
]
ANTIBODY_CASES = [
    V(AntibodyPanel, "panel_method_valid", "unknown", lambda p: panel(p, method="fax")),
    V(AntibodyPanel, "panel_lab_not_blank", "blank", lambda p: panel(p, lab="")),
    V(AntibodyPanel, "panel_after_1900", "1899", lambda p: panel(p, date=BEFORE_1900)),
    V(AntibodyResult, "antibody_result_once_per_panel", "twice", same_antibody_twice),
    V(
        AntibodyResult,
        "antibody_result_antibody_valid",
        "unknown",
        lambda p: antibody_result(p, antibody="xyz"),
    ),
    V(
        AntibodyResult,
        "antibody_result_outcome_valid",
        "unknown",
        lambda p: antibody_result(p, result="maybe"),
    ),
    V(
        AntibodyResult,
        "antibody_result_index_non_negative",
        "negative",
        lambda p: antibody_result(p, index_value=Decimal("-0.01")),
    ),
    V(
        AntibodyResult,
        "antibody_result_untested_has_no_value",
        "titre",
        lambda p: antibody_result(p, result="not_tested", titre="1:80"),
    ),
    V(
        AntibodyResult,
        "antibody_result_untested_has_no_value",
        "index",
        lambda p: antibody_result(p, result="not_tested", index_value=Decimal("0")),
    ),
]
DIAGNOSTIC_TEST_CASES = [
    V(DiagnosticTest, "test_kind_valid", "unknown", lambda p: diagnostic_test(p, kind="xray")),
    V(DiagnosticTest, "test_outcome_valid", "unknown", lambda p: diagnostic_test(p, outcome="meh")),
    V(
        DiagnosticTest,
        "test_other_is_named",
        "unnamed",
        lambda p: diagnostic_test(p, kind="other", name=""),
    ),
    V(DiagnosticTest, "test_after_1900", "1899", lambda p: diagnostic_test(p, date=BEFORE_1900)),
]
CASES = [
    *DEPARTMENT_CASES,
    *MEMBERSHIP_CASES,
    *PATIENT_CASES,
    *DIAGNOSIS_CHANGE_CASES,
    *BIOPSY_CASES,
    *ANTIBODY_CASES,
    *DIAGNOSTIC_TEST_CASES,
]
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory(hospital_number="H-1")


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_row_breaking_the_rule(existing: Patient, case: Violation) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)


def test_the_database_accepts_the_edges_of_a_department(db: None) -> None:
    department(follow_up_months_active=1, follow_up_months_stable=1, code="a", name="A")
    department(follow_up_months_active=24, follow_up_months_stable=24, code="b", name="B")

    assert Department.objects.count() == 2


def test_the_same_hospital_number_may_be_used_in_another_department(existing: Patient) -> None:
    other = department()

    patient(existing, department=other, hospital_number=existing.hospital_number)

    assert Patient.objects.filter(hospital_number=existing.hospital_number).count() == 2


def test_a_patient_may_have_onset_and_diagnosis_on_the_day_of_birth(existing: Patient) -> None:
    birth = dt.date(1970, 1, 1)

    newborn = patient(existing, symptom_onset_date=birth, diagnosis_date=birth)

    assert newborn.diagnosis_date == newborn.date_of_birth


def test_a_first_diagnosis_and_an_untested_antibody_are_accepted(existing: Patient) -> None:
    change = diagnosis_change(existing, from_diagnosis="", to_diagnosis="pm")
    result = antibody_result(existing, result="not_tested")

    assert (change.from_diagnosis, result.titre, result.index_value) == ("", "", None)


def test_a_normal_biopsy_without_findings_and_an_early_1900_date_are_accepted(
    existing: Patient,
) -> None:
    normal = biopsy(existing, no_pathological_change=True, date=dt.date(1900, 1, 1))

    assert normal.no_pathological_change
