"""Every database constraint of the registry has a test that breaks it.

A constraint added to a model without a case in one of the constraint test modules fails
here, and so does a case naming a constraint that no longer exists.
"""

import importlib

from django.apps import apps

APPS = ("patients", "treatments", "assessments", "accounts")
CONSTRAINT_TEST_MODULES = (
    "tests.patients.test_patient_constraints",
    "tests.treatments.test_treatment_constraints",
    "tests.assessments.test_visit_constraints",
    "tests.assessments.test_score_constraints",
    "tests.assessments.test_job_constraints",
    "tests.patients.test_export_constraints",
    "tests.security.test_security_constraints",
)


def declared_constraints() -> set[str]:
    return {
        constraint.name
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        for constraint in model._meta.constraints
    }


def covered_constraints() -> set[str]:
    names: set[str] = set()
    for module in CONSTRAINT_TEST_MODULES:
        names |= importlib.import_module(module).COVERED_CONSTRAINTS
    return names


def test_every_constraint_of_every_model_has_a_test_that_breaks_it() -> None:
    untested = declared_constraints() - covered_constraints()

    assert not untested, f"constraints without a test: {sorted(untested)}"


def test_every_tested_constraint_still_exists() -> None:
    stale = covered_constraints() - declared_constraints()

    assert not stale, f"tests name constraints no model declares: {sorted(stale)}"


def test_the_check_sees_constraints_in_every_app() -> None:
    apps_with_constraints = {
        label
        for label in APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.constraints
    }

    assert apps_with_constraints == set(APPS)
