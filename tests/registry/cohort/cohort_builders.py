"""Build small, fully described patients for the cohort and export tests."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessments.models import RefractoryEvaluation, Reminder
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


def evaluate(patient: Patient, status: str, as_of: dt.date) -> RefractoryEvaluation:
    """Record a refractory evaluation of the patient as of a day."""
    compared = status in ("responding", "refractory")
    return RefractoryEvaluation.objects.create(
        patient=patient,
        evaluated_at=timezone.make_aware(dt.datetime.combine(as_of, dt.time(2))),
        as_of=as_of,
        trigger="sweep",
        status=status,
        reason=f"{status} for the test",
        rule_version="refractory-test",
        tis_total=Decimal("10") if compared else None,
        tis_category="none" if compared else "",
        doi_met=False if compared else None,
    )


def remind(patient: Patient, kind: str, due_date: dt.date, status: str = "open") -> Reminder:
    """Raise a reminder of a kind, due on a day."""
    return Reminder.objects.create(
        patient=patient,
        kind=kind,
        due_date=due_date,
        due_period=f"{kind}-{due_date}",
        reason="for the test",
        source="test",
        status=status,
        notify_on=due_date,
        resolved_at=timezone.now() if status in ("done", "dismissed") else None,
        resolution_reason="handled" if status == "dismissed" else "",
    )
