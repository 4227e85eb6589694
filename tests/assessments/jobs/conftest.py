"""The seed case of clinical-rules.md §10, as stored rows, for the job tests."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.scoring import MSA_CODES
from patients.models import Patient
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    MuscleBiopsyFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)

SEED_AS_OF = dt.date(2006, 9, 30)


def make_seed_case(**patient_fields: object) -> Patient:
    """Store the seed case as it stood in September 2006.

    A 37-year-old woman with polymyositis: prednisolone + methotrexate from March 2006,
    no improvement at the September visit, CK still high, a non-inflammatory biopsy,
    every myositis-specific antibody negative except anti-HMGCR, never tested.
    """
    fields = {
        "sex": "female",
        "date_of_birth": dt.date(1968, 6, 1),
        "symptom_onset_date": dt.date(2006, 1, 15),
        "diagnosis_date": dt.date(2006, 3, 1),
        "diagnosis": "pm",
        **patient_fields,
    }
    patient = PatientFactory(**fields)
    for name in ("Prednisolone", "Methotrexate"):
        TherapyCourseFactory(patient=patient, drug=drug(name), start=dt.date(2006, 3, 1))
    VisitFactory(
        patient=patient,
        date=dt.date(2006, 3, 1),
        physician_global=Decimal("6.0"),
        patient_global=Decimal("7.0"),
        mmt8_total=118,
        haq=Decimal("1.250"),
        extramuscular_global=Decimal("0.5"),
        ck_value=Decimal("4200"),
        ck_uln=Decimal("170"),
    )
    VisitFactory(
        patient=patient,
        date=dt.date(2006, 9, 5),
        physician_global=Decimal("5.5"),
        patient_global=Decimal("7.0"),
        mmt8_total=120,
        haq=Decimal("1.250"),
        extramuscular_global=Decimal("0.5"),
        ck_value=Decimal("3900"),
        ck_uln=Decimal("170"),
    )
    MuscleBiopsyFactory(
        patient=patient,
        date=dt.date(2006, 2, 20),
        conclusion="non_inflammatory",
        endomysial_infiltrate=False,
    )
    panel = AntibodyPanelFactory(patient=patient, date=dt.date(2006, 2, 10))
    for code in MSA_CODES:
        if code != "hmgcr":
            AntibodyResultFactory(panel=panel, antibody=code, result="negative")
    return patient


@pytest.fixture
def seed_case(db: None) -> Patient:
    """Return the seed case patient (see ``make_seed_case``)."""
    return make_seed_case()
