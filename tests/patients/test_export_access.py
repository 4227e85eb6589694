"""Who may browse the cohort and export what (patients/access/reach.py)."""

import pytest

from patients.access import (
    can_export,
    cohort_departments,
    export_contents,
    export_departments,
    exportable_patients,
)
from tests.factories import DepartmentFactory, MembershipFactory


def codes(departments) -> set[str]:
    return set(departments.values_list("code", flat=True))


def test_nurses_and_clinicians_never_export(personas):
    for user in (personas.nurse, personas.clinician, personas.outsider):
        assert not can_export(user)
        assert export_contents(user) == []


def test_a_nurse_has_no_cohort_page(personas):
    assert not cohort_departments(personas.nurse).exists()


@pytest.mark.parametrize("role", ["clinician", "department_admin", "registry_admin"])
def test_clinicians_and_admins_browse_their_own_departments(personas, role):
    assert codes(cohort_departments(getattr(personas, role))) == {"north"}


def test_a_department_admin_exports_own_departments_identified_or_not(personas):
    admin = personas.department_admin

    assert export_contents(admin) == ["identified", "deidentified"]
    assert codes(export_departments(admin, content="identified")) == {"north"}
    assert codes(export_departments(admin, content="deidentified")) == {"north"}
    assert list(exportable_patients(admin, content="identified")) == [personas.patient]


def test_a_registry_admin_exports_every_department_only_de_identified(personas):
    admin = personas.registry_admin

    assert codes(export_departments(admin, content="deidentified")) == {"north", "south"}
    assert codes(export_departments(admin, content="identified")) == {"north"}
    assert personas.other_patient not in exportable_patients(admin, content="identified")


def test_a_registry_admin_who_is_a_nurse_elsewhere_gets_no_identified_data_there(personas):
    MembershipFactory(
        user=personas.registry_admin, department=personas.other_department, role="nurse"
    )
    third = DepartmentFactory(code="east")
    MembershipFactory(user=personas.registry_admin, department=third, role="department_admin")

    identified = export_departments(personas.registry_admin, content="identified")

    assert codes(identified) == {"north", "east"}


def test_an_unknown_content_exports_nothing(personas):
    assert not export_departments(personas.registry_admin, content="everything").exists()
