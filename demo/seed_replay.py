"""The seed case replayed in this registry: her first fourteen months, ending today.

The seed case (``seed_case``) is followed up to today, so today she is an IMNM patient
improving on IVIG and the registry has nothing left to say about her. This patient is
the same story cut off right after the repeat biopsy and moved in time so that the
as-of date falls fourteen months after symptom onset: onset at 37, polymyositis
diagnosed four months later, prednisolone and methotrexate from diagnosis with the core
set measures flat at every three-monthly visit, a repeat biopsy two months ago showing
no inflammation while CK stays high, a line blot negative but without anti-SRP or
anti-HMGCR, limb-girdle dystrophy and Pompe disease tests pending. Evaluated today, the
registry should call her refractory and prompt a repeat biopsy, anti-HMGCR and anti-SRP
testing and a malignancy screen (clinical-rules.md §10): what it would have caught.

Like the seed case, only the registry id and date shift come from the seed.
"""

import dataclasses
import datetime as dt
import random

from demo.plan import PatientPlan, add_days, add_months
from demo.seed_case import SHAPE, first_line_blot, first_year_visits
from demo.therapy import course
from patients.models import (
    BiopsyConclusion,
    FollowUpStatus,
    Role,
    Sex,
    Subtype,
    TestKind,
    TestOutcome,
)
from treatments.models import DoseUnit, Route

HOSPITAL_NUMBER = "SEED-REPLAY"
ONSET_MONTHS_AGO = 14
# Her age at onset, as in the seed case: 37 years and about four months.
AGE_AT_ONSET_DAYS = (dt.date(2006, 2, 1) - dt.date(1968, 9, 20)).days
BASIS = (
    "The seed case (clinical-rules.md §10) replayed in this registry, dates moved so that "
    "today is 14 months after onset. Symmetric pelvic girdle weakness, CK 4,800 U/L, "
    "myopathic EMG; biopsy: endomysial inflammatory cells. No rash, no systemic signs. "
    "Line blot negative (anti-SRP and anti-HMGCR not on the panel)."
)


def seed_replay(*, registry_id: str, date_shift_days: int, as_of: dt.date) -> PatientPlan:
    """Return the seed case's first fourteen months, ending on ``as_of``."""
    rng = random.Random("myositis seed case replayed")
    onset = add_months(as_of, -ONSET_MONTHS_AGO)
    diagnosed = add_months(onset, 4)
    treated = add_days(diagnosed, 5)
    repeat_biopsy = add_months(as_of, -2)
    plan = PatientPlan(
        department=0,
        patient={
            "registry_id": registry_id,
            "date_shift_days": date_shift_days,
            "hospital_number": HOSPITAL_NUMBER,
            "given_name": "Helena",
            "family_name": "Marsh (replay)",
            "sex": Sex.FEMALE,
            "date_of_birth": add_days(onset, -AGE_AT_ONSET_DAYS),
            "symptom_onset_date": onset,
            "diagnosis_date": diagnosed,
            "diagnosis": Subtype.PM,
            "statin_exposure": False,
            "cancer_history": False,
            "family_history_neuromuscular": False,
            "follow_up_status": FollowUpStatus.ACTIVE,
        },
    )
    plan.diagnosis_changes = [
        {"date": diagnosed, "from_diagnosis": "", "to_diagnosis": Subtype.PM, "basis": BASIS,
         "recorded_by": Role.CLINICIAN},
    ]  # fmt: skip
    plan.biopsies = [
        {"date": add_days(diagnosed, -16), "muscle": "vastus lateralis",
         "endomysial_infiltrate": True, "mhc1_upregulation": True,
         "conclusion": BiopsyConclusion.INFLAMMATORY,
         "report": "Scattered endomysial inflammatory cells and some necrotic fibres; "
                   "compatible with polymyositis."},
        {"date": repeat_biopsy, "muscle": "vastus lateralis (left)",
         "conclusion": BiopsyConclusion.NON_INFLAMMATORY,
         "report": "Myopathic changes with scattered necrotic and regenerating fibres; no "
                   "inflammatory infiltrate. A dystrophy cannot be excluded."},
    ]  # fmt: skip
    plan.panels = [first_line_blot(rng, add_days(diagnosed, -12))]
    requested = add_days(repeat_biopsy, 14)
    plan.tests = [
        {"date": add_days(diagnosed, -20), "kind": TestKind.EMG, "name": "",
         "outcome": TestOutcome.ABNORMAL, "summary": "Myopathic units, proximal muscles."},
        {"date": requested, "kind": TestKind.LGMD_PANEL, "name": "",
         "outcome": TestOutcome.PENDING, "summary": ""},
        {"date": requested, "kind": TestKind.POMPE_GAA, "name": "",
         "outcome": TestOutcome.PENDING, "summary": ""},
    ]  # fmt: skip
    plan.courses = [
        course("Prednisolone", "60", DoseUnit.MG, Route.ORAL, "daily, tapering", treated, line=1),
        course("Methotrexate", "20", DoseUnit.MG, Route.ORAL, "weekly", treated, line=1),
    ]
    visit_dates = [add_months(diagnosed, months) for months in (0, 3, 6, 9)]
    shape = dataclasses.replace(SHAPE, improves_from=None)
    plan.visits = first_year_visits(rng, shape, visit_dates)
    plan.visits[-1]["notes"] = (
        "Repeat biopsy: no inflammation. CK still high, no response to prednisolone and "
        "methotrexate."
    )
    return plan
