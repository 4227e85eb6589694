"""Personas shared by every test: two departments and a user for each role."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from patients.models import Department, Patient
from tests.factories import DepartmentFactory, MembershipFactory, PatientFactory, UserFactory


@dataclass(frozen=True)
class Personas:
    """A home department with one user per role, and an outsider from another department."""

    department: Department
    other_department: Department
    nurse: AbstractUser
    clinician: AbstractUser
    department_admin: AbstractUser
    registry_admin: AbstractUser
    outsider: AbstractUser
    patient: Patient
    other_patient: Patient


@pytest.fixture
def personas(db: None) -> Personas:
    """Return the standard cast of users, departments and one patient in each department."""
    home = DepartmentFactory(name="Rheumatology North", code="north")
    other = DepartmentFactory(name="Rheumatology South", code="south")
    users = {}
    for role in ("nurse", "clinician", "department_admin", "registry_admin"):
        users[role] = UserFactory(username=role)
        MembershipFactory(user=users[role], department=home, role=role)
    outsider = UserFactory(username="outsider")
    MembershipFactory(user=outsider, department=other, role="clinician")
    return Personas(
        department=home,
        other_department=other,
        nurse=users["nurse"],
        clinician=users["clinician"],
        department_admin=users["department_admin"],
        registry_admin=users["registry_admin"],
        outsider=outsider,
        patient=PatientFactory(department=home, family_name="Homeward"),
        other_patient=PatientFactory(department=other, family_name="Elsewhere"),
    )
