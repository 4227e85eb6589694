"""Build small, fully described patients for the cohort and export tests."""

import datetime as dt
from decimal import Decimal

from patients.models import Department, Patient
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    MuscleBiopsyFactory,
    PatientFactory,
    TherapyCourseFactory,
    VisitFactory,
    drug,
)


def add_antibodies(patient: Patient, **results: str) -> None:
    """Record one panel with the given results, e.g. ``hmgcr="positive"``."""
    panel = AntibodyPanelFactory(patient=patient, date=dt.date(2020, 5, 1))
    for antibody, result in results.items():
        AntibodyResultFactory(panel=panel, antibody=antibody, result=result)


def full_patient(
    department: Department,
    *,
    family_name: str = "Fullrecord",
    hospital_number: str = "H-FULL-1",
    visits: int = 2,
) -> Patient:
    """Return a patient with visits, antibodies, therapy and a biopsy."""
    patient = PatientFactory(
        department=department,
        family_name=family_name,
        given_name="Ingrid",
        hospital_number=hospital_number,
        date_of_birth=dt.date(1969, 5, 12),
        symptom_onset_date=dt.date(2020, 1, 15),
        diagnosis_date=dt.date(2020, 6, 1),
        diagnosis="imnm_hmgcr",
        statin_exposure=True,
    )
    for index in range(visits):
        VisitFactory(
            patient=patient,
            date=dt.date(2020, 6, 1) + dt.timedelta(days=91 * index),
            ck_value=Decimal("2400") - 500 * index,
            ck_uln=Decimal("190"),
            ldh_value=Decimal("410"),
            ldh_uln=Decimal("250"),
            proximal_lower_weakness=True,
        )
    add_antibodies(patient, hmgcr="positive", jo1="negative", srp="negative")
    TherapyCourseFactory(patient=patient, drug=drug("Prednisolone"), start=dt.date(2020, 6, 1))
    TherapyCourseFactory(
        patient=patient,
        drug=drug("Intravenous immunoglobulin"),
        dose=Decimal("2"),
        unit="g/kg",
        route="iv",
        start=dt.date(2020, 8, 1),
        stop=dt.date(2020, 12, 1),
        stop_reason="remission",
        line_of_therapy=None,
    )
    MuscleBiopsyFactory(
        patient=patient,
        date=dt.date(2020, 5, 20),
        conclusion="necrotising",
        endomysial_infiltrate=False,
        necrotic_fibres_predominant=True,
    )
    return patient
