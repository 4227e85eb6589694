"""Each role may do exactly what issue 5 lists, in its own departments and nowhere else."""

import pytest
from django.contrib.auth.models import AnonymousUser

from patients import access
from tests.factories import DepartmentFactory, MembershipFactory

DEPARTMENT_RULES = {
    "can_read_patient": {"nurse", "clinician", "department_admin", "registry_admin"},
    "can_edit_clinical": {"nurse", "clinician", "department_admin", "registry_admin"},
    "can_change_diagnosis": {"clinician", "department_admin", "registry_admin"},
    "can_handle_reminders": {"clinician", "department_admin", "registry_admin"},
    "can_view_cohort": {"clinician", "department_admin", "registry_admin"},
    "can_export_identified": {"department_admin", "registry_admin"},
    "can_manage_users": {"department_admin", "registry_admin"},
}
ROLES = ("nurse", "clinician", "department_admin", "registry_admin")


@pytest.mark.parametrize("rule_name", DEPARTMENT_RULES)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_holds_exactly_its_rights_in_its_department(personas, rule_name, role):
    rule = getattr(access, rule_name)
    user = getattr(personas, role)

    assert rule(user, personas.department) is (role in DEPARTMENT_RULES[rule_name])


@pytest.mark.parametrize("rule_name", DEPARTMENT_RULES)
@pytest.mark.parametrize("role", ROLES)
def test_no_role_holds_any_right_in_another_department(personas, rule_name, role):
    rule = getattr(access, rule_name)

    assert rule(getattr(personas, role), personas.other_department) is False


@pytest.mark.parametrize("rule_name", DEPARTMENT_RULES)
def test_an_anonymous_visitor_holds_no_right(personas, rule_name):
    assert getattr(access, rule_name)(AnonymousUser(), personas.department) is False


def test_a_user_holds_the_role_of_each_department_separately(personas):
    MembershipFactory(user=personas.nurse, department=personas.other_department, role="clinician")

    assert access.can_change_diagnosis(personas.nurse, personas.other_department)
    assert not access.can_change_diagnosis(personas.nurse, personas.department)


def test_only_registry_admins_export_de_identified_data_across_departments(personas):
    allowed = {role for role in ROLES if access.can_export_deidentified(getattr(personas, role))}

    assert allowed == {"registry_admin"}
    assert not access.can_export_deidentified(personas.outsider)


def test_a_registry_admin_exports_every_department_without_names(personas):
    exportable = set(access.patients_for_deidentified_export(personas.registry_admin))

    assert exportable == {personas.patient, personas.other_patient}


def test_a_registry_admin_exports_names_only_of_their_own_departments(personas):
    exportable = set(access.patients_for_identified_export(personas.registry_admin))

    assert exportable == {personas.patient}


def test_a_registry_admin_sees_only_their_own_departments_patients(personas):
    assert set(access.patients_visible_to(personas.registry_admin)) == {personas.patient}


def test_a_department_admin_exports_only_their_own_department_named_or_not(personas):
    admin = personas.department_admin

    assert set(access.patients_for_identified_export(admin)) == {personas.patient}
    assert set(access.patients_for_deidentified_export(admin)) == {personas.patient}


@pytest.mark.parametrize("role", ["nurse", "clinician"])
def test_nurses_and_clinicians_export_nothing(personas, role):
    user = getattr(personas, role)

    assert not access.patients_for_identified_export(user).exists()
    assert not access.patients_for_deidentified_export(user).exists()


def test_admins_read_the_security_log_and_others_do_not(personas):
    readers = {role for role in ROLES if access.can_view_security_log(getattr(personas, role))}

    assert readers == {"department_admin", "registry_admin"}


def test_admins_and_superusers_must_use_two_factor(personas, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    required = {role for role in ROLES if access.requires_two_factor(getattr(personas, role))}

    assert required == {"department_admin", "registry_admin"}
    assert access.requires_two_factor(superuser)


def test_an_admin_of_one_department_must_use_two_factor_everywhere(personas):
    MembershipFactory(
        user=personas.nurse, department=DepartmentFactory(code="west"), role="department_admin"
    )

    assert access.requires_two_factor(personas.nurse)
