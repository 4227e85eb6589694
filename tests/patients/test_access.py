"""The one way in to patients hides other departments."""

import pytest
from django.http import Http404

from patients.access import patient_get_for_user, patients_visible_to


def test_a_user_sees_only_their_departments_patients(personas):
    visible = list(patients_visible_to(personas.nurse))

    assert visible == [personas.patient]


def test_another_departments_patient_is_missing_not_forbidden(personas):
    with pytest.raises(Http404):
        patient_get_for_user(user=personas.nurse, registry_id=personas.other_patient.registry_id)


def test_a_user_in_two_departments_sees_both(personas):
    from tests.factories import MembershipFactory

    MembershipFactory(user=personas.nurse, department=personas.other_department, role="nurse")

    assert set(patients_visible_to(personas.nurse)) == {personas.patient, personas.other_patient}
