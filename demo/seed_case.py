"""The seed case (clinical-rules.md §10): twelve years of polymyositis that was IMNM.

A woman, 37 at onset in 2006, diagnosed with polymyositis: weak pelvic girdle, no
systemic signs. No response to prednisolone and methotrexate after six months; a repeat
biopsy in 2007 shows no inflammation while CK stays high. Her line blot was negative but
carried neither anti-SRP nor anti-HMGCR. Limb-girdle dystrophy and Pompe disease are
excluded; azathioprine and mycophenolate fail too. In 2018 anti-HMGCR is positive: IMNM.
IVIG brings the first improvement in over ten years.

The story is fixed: only the registry id and date shift come from the seed, and the
measures use their own fixed generator, so she looks the same in every demo database.
"""

import datetime as dt
import random
from decimal import Decimal

from demo.plan import PanelPlan, PatientPlan, Row, add_months
from demo.profiles import WEAKNESS_WEIGHTS
from demo.reference import DEPARTMENTS, REFERENCE_LAB
from demo.serology import results
from demo.therapy import course
from demo.visits import MMT_BILATERAL_COLUMNS, Course, mmt_grades, visit_row
from patients.models import (
    AntibodyMethod,
    AntibodyOutcome,
    BiopsyConclusion,
    FollowUpStatus,
    Role,
    Sex,
    Subtype,
    TestKind,
    TestOutcome,
)
from treatments.models import DoseUnit, Route, StopReason

HOSPITAL_NUMBER = "SEED-2006"
DIAGNOSED = dt.date(2006, 5, 10)
IVIG_START = dt.date(2018, 4, 16)
EARLIEST_AS_OF = dt.date(2019, 6, 1)
# The first year as recorded, no response at all: PGA, PtGA, HAQ, MMT-8 (of 150), CK (U/L).
FIRST_YEAR: tuple[tuple[str, str, str, int, int], ...] = (
    ("6.0", "7.0", "1.375", 112, 4820),
    ("6.2", "7.0", "1.500", 111, 5210),
    ("6.0", "7.2", "1.500", 112, 4390),
    ("6.3", "7.0", "1.500", 110, 4960),
    ("6.1", "7.1", "1.500", 111, 4700),
)
FIRST_PANEL_TESTED = frozenset(
    {"jo1", "pl7", "pl12", "ej", "oj", "mi2", "ku", "pmscl", "ro52", "ro60", "la", "u1rnp"}
)

CHANGES: tuple[tuple[dt.date, str, str, str], ...] = (
    (DIAGNOSED, "", Subtype.PM,
     "Symmetric pelvic girdle weakness, CK 4,800 U/L, myopathic EMG; biopsy 2006-04: "
     "endomysial inflammatory cells. No rash, no systemic signs. Line blot negative."),
    (dt.date(2007, 6, 25), Subtype.PM, Subtype.UNCERTAIN,
     "No response to 12 months of prednisolone and methotrexate; repeat biopsy 2007-06: "
     "no inflammation, scattered necrotic and regenerating fibres. Polymyositis withdrawn; "
     "muscular dystrophy suspected (LGMD panel and acid alpha-glucosidase requested)."),
    (dt.date(2008, 11, 3), Subtype.UNCERTAIN, Subtype.PM,
     "LGMD gene panel and acid alpha-glucosidase normal: dystrophy and Pompe disease "
     "excluded. CK still 20x ULN; treated again as seronegative polymyositis."),
    (dt.date(2018, 3, 26), Subtype.PM, Subtype.IMNM_HMGCR,
     "Anti-HMGCR positive (ELISA, 2018-03-05), first time tested. Raised CK and proximal "
     "weakness: anti-HMGCR immune-mediated necrotising myopathy (ENMC 2017)."),
)  # fmt: skip


SHAPE = Course(
    pga=6.2, ptga=7.0, extramuscular=0.0, haq=1.5, mmt_deficit=0.25, ck_fold=25.0,
    residual=0.3, tau_months=5.0, improves_from=add_months(IVIG_START, 1.5),
    progressive=False, variant="bilateral", weakness=WEAKNESS_WEIGHTS["pelvic"],
    features=frozenset({"proximal_lower_weakness", "legs_proximal_weaker_than_distal"}),
    aldolase=False,
)  # fmt: skip


def first_year_visits(rng: random.Random, shape: Course, dates: list[dt.date]) -> list[Row]:
    """Return visits on ``dates``, the first ones carrying the measures of ``FIRST_YEAR``."""
    visits: list[Row] = []
    for day in dates:
        row, _ = visit_row(rng, shape, DEPARTMENTS[0], day, 0.0)
        row["entered_by"] = Role.CLINICIAN
        visits.append(row)
    for row, (pga, ptga, haq, mmt, ck) in zip(visits, FIRST_YEAR, strict=False):
        row["physician_global"], row["patient_global"] = Decimal(pga), Decimal(ptga)
        row["haq"], row["ck_value"] = Decimal(haq), Decimal(ck)
        row.update(
            zip(
                MMT_BILATERAL_COLUMNS,
                mmt_grades(shape.weakness, "bilateral", 150 - mmt),
                strict=True,
            )
        )
        row["mmt8_total"] = mmt
    visits[0]["notes"] = "Weak pelvic girdle, no rash, no systemic signs."
    return visits


def first_line_blot(rng: random.Random, day: dt.date) -> PanelPlan:
    """Return her first line blot: every antibody on it negative, no anti-SRP or HMGCR."""
    panel = PanelPlan(
        panel={"date": day, "lab": DEPARTMENTS[0].lab, "method": AntibodyMethod.LINE_BLOT,
               "notes": "Myositis line blot, 2006 edition: anti-SRP and anti-HMGCR are "
                        "not on this panel."},
        results=results(rng, tested=FIRST_PANEL_TESTED, positives=frozenset(),
                         method=AntibodyMethod.LINE_BLOT),
    )  # fmt: skip
    for result in panel.results:  # no chance borderline: she was negative
        if result["result"] == AntibodyOutcome.BORDERLINE:
            result["result"], result["titre"] = AntibodyOutcome.NEGATIVE, ""
    return panel


def _visit_dates(as_of: dt.date) -> list[dt.date]:
    """Every 3 months in the first year and after IVIG, every 6 months otherwise."""
    dates, day = [], DIAGNOSED
    while day <= as_of:
        dates.append(day)
        in_first_year = day < dt.date(2007, 6, 1)
        after_ivig = IVIG_START - dt.timedelta(days=120) <= day < dt.date(2019, 4, 1)
        day = add_months(day, 3 if in_first_year or after_ivig else 6)
    return dates


def seed_case(*, registry_id: str, date_shift_days: int, as_of: dt.date) -> PatientPlan:
    """Return the seed case, followed up to ``as_of`` (no earlier than mid-2019)."""
    if as_of < EARLIEST_AS_OF:
        raise ValueError(f"The demo needs an as-of date on or after {EARLIEST_AS_OF}.")
    rng = random.Random("myositis seed case")
    plan = PatientPlan(
        department=0,
        patient={
            "registry_id": registry_id,
            "date_shift_days": date_shift_days,
            "hospital_number": HOSPITAL_NUMBER,
            "given_name": "Helena",
            "family_name": "Marsh",
            "sex": Sex.FEMALE,
            "date_of_birth": dt.date(1968, 9, 20),
            "symptom_onset_date": dt.date(2006, 2, 1),
            "diagnosis_date": DIAGNOSED,
            "diagnosis": Subtype.IMNM_HMGCR,
            "statin_exposure": False,
            "cancer_history": False,
            "family_history_neuromuscular": False,
            "follow_up_status": FollowUpStatus.ACTIVE,
        },
    )
    plan.diagnosis_changes = [
        {"date": day, "from_diagnosis": old, "to_diagnosis": new, "basis": basis,
         "recorded_by": Role.CLINICIAN}
        for day, old, new, basis in CHANGES
    ]  # fmt: skip
    plan.biopsies = [
        {"date": dt.date(2006, 4, 24), "muscle": "vastus lateralis",
         "endomysial_infiltrate": True, "mhc1_upregulation": True,
         "conclusion": BiopsyConclusion.INFLAMMATORY,
         "report": "Scattered endomysial inflammatory cells and some necrotic fibres; "
                   "compatible with polymyositis."},
        {"date": dt.date(2007, 6, 12), "muscle": "vastus lateralis (left)",
         "conclusion": BiopsyConclusion.NON_INFLAMMATORY,
         "report": "Myopathic changes with scattered necrotic and regenerating fibres; no "
                   "inflammatory infiltrate. A dystrophy cannot be excluded."},
    ]  # fmt: skip
    plan.panels = [
        first_line_blot(rng, dt.date(2006, 4, 28)),
        PanelPlan(
            panel={"date": dt.date(2018, 3, 5), "lab": REFERENCE_LAB,
                   "method": AntibodyMethod.ELISA,
                   "notes": "Requested for seronegative myopathy with persistently high CK."},
            results=results(rng, tested=frozenset({"hmgcr", "srp"}),
                            positives=frozenset({"hmgcr"}), method=AntibodyMethod.ELISA),
        ),
    ]  # fmt: skip
    plan.panels[1].results[[r["antibody"] for r in plan.panels[1].results].index("hmgcr")][
        "index_value"
    ] = Decimal("168.00")
    plan.tests = [
        {"date": dt.date(2006, 4, 20), "kind": TestKind.EMG, "name": "",
         "outcome": TestOutcome.ABNORMAL, "summary": "Myopathic units, proximal muscles."},
        {"date": dt.date(2008, 3, 14), "kind": TestKind.POMPE_GAA, "name": "",
         "outcome": TestOutcome.NORMAL, "summary": "Acid alpha-glucosidase activity normal."},
        {"date": dt.date(2008, 6, 10), "kind": TestKind.LGMD_PANEL, "name": "",
         "outcome": TestOutcome.NORMAL, "summary": "No pathogenic variant in 42 LGMD genes."},
        {"date": dt.date(2017, 11, 20), "kind": TestKind.MUSCLE_MRI, "name": "",
         "outcome": TestOutcome.ABNORMAL,
         "summary": "Oedema and fatty replacement of gluteal and thigh muscles."},
    ]  # fmt: skip
    oral, mg, daily = Route.ORAL, DoseUnit.MG, "daily"
    ineffective = StopReason.INEFFECTIVE
    plan.courses = [
        course("Prednisolone", "60", mg, oral, "daily, tapering", dt.date(2006, 5, 15), line=1,
               stop=dt.date(2007, 7, 1), reason=ineffective),
        course("Methotrexate", "20", mg, oral, "weekly", dt.date(2006, 5, 15), line=1,
               stop=dt.date(2007, 7, 1), reason=ineffective),
        course("Prednisolone", "30", mg, oral, "daily, tapering", dt.date(2008, 11, 10), line=1,
               stop=dt.date(2010, 3, 31), reason=ineffective),
        course("Azathioprine", "150", mg, oral, daily, dt.date(2008, 11, 10), line=1,
               stop=dt.date(2010, 3, 31), reason=ineffective),
        course("Prednisolone", "10", mg, oral, daily, dt.date(2010, 4, 1), line=2),
        course("Mycophenolate mofetil", "2", DoseUnit.G, oral, daily, dt.date(2010, 4, 1), line=2,
               stop=dt.date(2014, 9, 30), reason=ineffective),
        course("Intravenous immunoglobulin", "2", DoseUnit.G_KG, Route.IV, "monthly",
               IVIG_START, line=None),
    ]  # fmt: skip
    plan.visits = first_year_visits(rng, SHAPE, _visit_dates(as_of))
    return plan
