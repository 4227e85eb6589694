"""The database refuses a security event of a kind the application does not know."""

import pytest

from accounts.models import SecurityEvent
from patients.models import Patient
from tests.db_constraints import Violation, covered, refused_by
from tests.factories import PatientFactory

CASES = [
    Violation(
        SecurityEvent,
        "security_event_kind_valid",
        "unknown",
        lambda p: SecurityEvent.objects.create(kind="coffee_break"),
    ),
]
COVERED_CONSTRAINTS = covered(CASES)


@pytest.fixture
def existing(db: None) -> Patient:
    return PatientFactory()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_database_refuses_a_security_event_breaking_the_rule(
    existing: Patient, case: Violation
) -> None:
    with refused_by(case.model, case.constraint):
        case.write(existing)
