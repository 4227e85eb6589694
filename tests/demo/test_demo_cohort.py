"""The demo cohort is plain data drawn from a seed: no database needed."""

import datetime as dt

import pytest

from demo.cohort import generate_cohort
from demo.plan import PatientPlan, date_of
from demo.visits import mmt_grades
from patients.models import MSA, Subtype

AS_OF = dt.date(2025, 6, 30)
SMALL = 12


def test_a_small_cohort_is_the_start_of_a_big_one():
    small = list(generate_cohort(count=SMALL, seed=1, as_of=AS_OF))
    big = list(generate_cohort(count=3 * SMALL, seed=1, as_of=AS_OF))

    assert small == big[:SMALL]


def test_the_seed_case_comes_first_and_does_not_depend_on_the_seed():
    first = next(generate_cohort(count=1, seed=1, as_of=AS_OF))
    other = next(generate_cohort(count=1, seed=99, as_of=AS_OF))

    assert first.patient["hospital_number"] == "SEED-2006"
    assert first.patient["registry_id"] != other.patient["registry_id"]
    assert first.visits == other.visits
    assert first.diagnosis_changes == other.diagnosis_changes


def test_nothing_is_dated_after_the_as_of_date():
    for plan in generate_cohort(count=60, seed=3, as_of=AS_OF):
        rows = [*plan.diagnosis_changes, *plan.biopsies, *plan.tests, *plan.visits]
        rows += [panel.panel for panel in plan.panels]
        for row in rows:
            assert date_of(row, "date") <= AS_OF
        for course in plan.courses:
            assert date_of(course, "start") <= AS_OF
            stop = date_of(course, "stop")
            assert stop is None or date_of(course, "start") <= stop <= AS_OF


def test_subtypes_come_in_plausible_proportions():
    plans = list(generate_cohort(count=1000, seed=5, as_of=AS_OF))
    share = dict.fromkeys(Subtype.values, 0.0)
    for plan in plans:
        share[str(plan.patient["diagnosis"])] += 1 / len(plans)

    assert 0.2 < share[Subtype.DM] < 0.35
    assert 0.14 < share[Subtype.ASYS] < 0.25
    assert min(share.values()) > 0.01


def test_a_fifth_to_a_half_of_patients_are_msa_negative():
    plans = list(generate_cohort(count=1000, seed=5, as_of=AS_OF))
    msa = {str(code) for code in MSA}

    def msa_positive(plan: PatientPlan) -> bool:
        results = [row for panel in plan.panels for row in panel.results]
        return any(row["result"] == "positive" and row["antibody"] in msa for row in results)

    negative = sum(not msa_positive(plan) for plan in plans) / len(plans)
    assert 0.2 <= negative <= 0.5


@pytest.mark.parametrize("deficit", [0, 1, 7, 33, 80, 149, 150])
@pytest.mark.parametrize("variant", ["bilateral", "unilateral"])
def test_mmt_grades_add_up_to_the_maximum_less_the_deficit(variant, deficit):
    weights = (1.5, 1.4, 0.9, 0.35, 1.4, 1.5, 1.0, 0.3)
    maximum = 150 if variant == "bilateral" else 80

    grades = mmt_grades(weights, variant, deficit)

    assert sum(grades) == maximum - min(deficit, maximum)
    assert all(0 <= grade <= 10 for grade in grades)
