"""Each cohort filter narrows the patients to those that match, and only those."""

import datetime as dt

import pytest
from django.utils import timezone

from patients.models import Department, Patient
from registry.cohort.filters import CohortFilter
from tests.factories import (
    DepartmentFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)
from tests.registry.cohort.cohort_builders import add_antibodies, evaluate, remind

pytestmark = pytest.mark.django_db


def matching(data: dict[str, object]) -> set[str]:
    filterset = CohortFilter(
        data, queryset=Patient.objects.all(), departments=Department.objects.all()
    )
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("family_name", flat=True))


def test_no_filter_keeps_everyone():
    PatientFactory(family_name="A")
    PatientFactory(family_name="B")

    assert matching({}) == {"A", "B"}


def test_department_filter_keeps_that_department():
    north, south = DepartmentFactory(code="n"), DepartmentFactory(code="s")
    PatientFactory(family_name="North", department=north)
    PatientFactory(family_name="South", department=south)

    assert matching({"department": [north.pk]}) == {"North"}


def test_a_department_outside_the_choices_is_refused():
    mine, theirs = DepartmentFactory(code="mine"), DepartmentFactory(code="theirs")
    filterset = CohortFilter(
        {"department": [theirs.pk]},
        queryset=Patient.objects.filter(department=mine),
        departments=Department.objects.filter(pk=mine.pk),
    )

    assert not filterset.is_valid()
    assert "department" in filterset.errors


def test_subtype_filter_keeps_the_chosen_subtypes():
    PatientFactory(family_name="Dm", diagnosis="dm")
    PatientFactory(family_name="Ibm", diagnosis="ibm")
    PatientFactory(family_name="Pm", diagnosis="pm")

    assert matching({"subtype": ["dm", "ibm"]}) == {"Dm", "Ibm"}


def test_antibody_filter_keeps_patients_positive_for_any_chosen_antibody():
    add_antibodies(PatientFactory(family_name="Hmgcr"), hmgcr="positive")
    add_antibodies(PatientFactory(family_name="Srp"), srp="positive")
    add_antibodies(PatientFactory(family_name="Jo1"), jo1="positive")
    add_antibodies(PatientFactory(family_name="Negative"), hmgcr="negative", srp="borderline")

    assert matching({"antibody": ["hmgcr", "srp"]}) == {"Hmgcr", "Srp"}


def test_msa_negative_means_every_msa_tested_is_negative():
    add_antibodies(PatientFactory(family_name="Seroneg"), hmgcr="negative", srp="negative")
    add_antibodies(PatientFactory(family_name="Borderline"), hmgcr="negative", srp="borderline")
    add_antibodies(PatientFactory(family_name="Positive"), jo1="positive")
    add_antibodies(PatientFactory(family_name="MaaOnly"), ro52="positive", hmgcr="negative")
    PatientFactory(family_name="Untested")

    assert matching({"serostatus": "msa_negative"}) == {"Seroneg", "MaaOnly"}
    assert matching({"serostatus": "msa_positive"}) == {"Positive"}
    assert matching({"serostatus": "msa_untested"}) == {"Untested"}


def test_therapy_line_filter_keeps_patients_who_received_that_line():
    TherapyCourseFactory(patient=PatientFactory(family_name="First"), line_of_therapy=1)
    TherapyCourseFactory(
        patient=PatientFactory(family_name="Third"), drug=drug("Rituximab"), line_of_therapy=3
    )
    PatientFactory(family_name="Untreated")

    assert matching({"therapy_line": ["3"]}) == {"Third"}
    assert matching({"therapy_line": ["1", "3"]}) == {"First", "Third"}


def test_drug_filter_keeps_patients_who_received_the_drug():
    ivig = drug("Intravenous immunoglobulin")
    TherapyCourseFactory(patient=PatientFactory(family_name="Ivig"), drug=ivig)
    TherapyCourseFactory(patient=PatientFactory(family_name="Steroid"))

    assert matching({"drug": [ivig.pk]}) == {"Ivig"}


def test_onset_range_keeps_onsets_within_either_end_inclusive():
    PatientFactory(family_name="Early", symptom_onset_date=dt.date(2010, 3, 1))
    PatientFactory(family_name="Edge", symptom_onset_date=dt.date(2015, 1, 1))
    PatientFactory(family_name="Late", symptom_onset_date=dt.date(2020, 3, 1))
    PatientFactory(family_name="Unknown", symptom_onset_date=None, diagnosis_date=None)

    assert matching({"onset_after": "2015-01-01"}) == {"Edge", "Late"}
    assert matching({"onset_after": "2011-01-01", "onset_before": "2016-01-01"}) == {"Edge"}


def test_visit_range_keeps_patients_seen_within_it():
    VisitFactory(patient=PatientFactory(family_name="Seen"), date=dt.date(2023, 5, 1))
    VisitFactory(patient=PatientFactory(family_name="Earlier"), date=dt.date(2021, 5, 1))
    PatientFactory(family_name="Never")

    assert matching({"visit_date_after": "2023-01-01", "visit_date_before": "2023-12-31"}) == {
        "Seen"
    }


def test_a_reversed_date_range_is_refused_with_a_message():
    filterset = CohortFilter(
        {"onset_after": "2020-01-01", "onset_before": "2019-01-01"},
        queryset=Patient.objects.all(),
        departments=Department.objects.all(),
    )

    assert not filterset.is_valid()
    assert "start date must not be after the end date" in str(filterset.errors["onset"])


def test_filters_combine_and_never_repeat_a_patient():
    patient = PatientFactory(family_name="Both", diagnosis="imnm_hmgcr")
    add_antibodies(patient, hmgcr="positive")
    add_antibodies(patient, hmgcr="positive", srp="positive")
    VisitFactory(patient=patient, date=dt.date(2023, 1, 1))
    VisitFactory(patient=patient, date=dt.date(2023, 2, 1))
    PatientFactory(family_name="Other", diagnosis="imnm_hmgcr")

    filterset = CohortFilter(
        {"subtype": ["imnm_hmgcr"], "antibody": ["hmgcr", "srp"], "visit_date_after": "2022-1-1"},
        queryset=Patient.objects.all(),
        departments=Department.objects.all(),
    )

    assert list(filterset.qs.values_list("family_name", flat=True)) == ["Both"]
    assert filterset.qs.count() == 1


def test_refractory_filter_uses_the_latest_evaluation_only():
    now_refractory = PatientFactory(family_name="NowRefractory")
    evaluate(now_refractory, "responding", dt.date(2023, 1, 1))
    evaluate(now_refractory, "refractory", dt.date(2023, 6, 1))
    recovered = PatientFactory(family_name="Recovered")
    evaluate(recovered, "refractory", dt.date(2023, 1, 1))
    evaluate(recovered, "responding", dt.date(2023, 6, 1))
    PatientFactory(family_name="Never")

    assert matching({"refractory": ["refractory"]}) == {"NowRefractory"}
    assert matching({"refractory": ["responding", "not_evaluated"]}) == {"Recovered", "Never"}


def test_overdue_filter_keeps_open_reminders_due_before_today():
    today = timezone.localdate()
    remind(PatientFactory(family_name="Late"), "follow_up", today - dt.timedelta(days=3))
    remind(PatientFactory(family_name="LateBiopsy"), "repeat_biopsy", today - dt.timedelta(days=1))
    remind(PatientFactory(family_name="DueToday"), "follow_up", today)
    remind(PatientFactory(family_name="Done"), "follow_up", today - dt.timedelta(days=9), "done")
    PatientFactory(family_name="Nothing")

    assert matching({"overdue": "any"}) == {"Late", "LateBiopsy"}
    assert matching({"overdue": "repeat_biopsy"}) == {"LateBiopsy"}
