"""Generate the demo cohort as plain data, deterministically from a seed.

Patient ``i`` draws everything from its own ``random.Random(f"{seed}:{i}")``, so a
patient's data depends only on the seed, its index and the as-of date: the first 200
patients of a 20,000-patient cohort are the 200-patient cohort. Registry ids and date
shifts come from the same generator, so the whole dump is reproducible. The seed case
comes first and its replay (``seed_replay``) second; generated patients follow.
"""

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from demo import serology
from demo.plan import (
    PatientPlan,
    Row,
    add_days,
    add_months,
    bounded_gauss,
    date_of,
    weighted,
)
from demo.profiles import (
    BIOPSY_PATTERNS,
    COVERAGE_ORDER,
    PROFILES,
    SUBTYPE_WEIGHTS,
    WEAKNESS_WEIGHTS,
    SubtypeProfile,
)
from demo.reference import (
    DEPARTMENTS,
    FAMILY_NAMES,
    FEMALE_NAMES,
    MALE_NAMES,
    REFERENCE_LAB,
)
from demo.seed_case import HOSPITAL_NUMBER as SEED_CASE_NUMBER
from demo.seed_case import seed_case
from demo.seed_replay import HOSPITAL_NUMBER as REPLAY_NUMBER
from demo.seed_replay import seed_replay
from demo.therapy import ibm_therapy, statin_course, therapy, truncate
from demo.visits import Course, visit_rows
from patients.models import (
    Antibody,
    BiopsyConclusion,
    FollowUpStatus,
    Role,
    Sex,
    Subtype,
    TestKind,
    TestOutcome,
)
from patients.models.patient import REGISTRY_ID_ALPHABET

PGA_AT_DIAGNOSIS: dict[str, tuple[float, float]] = {Subtype.ADM: (3, 6), Subtype.IBM: (2.5, 5)}
REPLAY_POSITION = 1  # the seed case replayed comes right after the seed case
# The two seed-case patients, by hospital number, in the order they come in the cohort.
SEED_CASES: tuple[tuple[str, str], ...] = (
    (SEED_CASE_NUMBER,
     "the seed case, 2006 to today: anti-HMGCR IMNM found after 12 years, improving on IVIG"),
    (REPLAY_NUMBER,
     "the seed case replayed in this registry: 14 months after onset, refractory, with the "
     "prompts the registry raises (repeat biopsy, anti-HMGCR/SRP testing, malignancy)"),
)  # fmt: skip
DEPARTMENT_WEIGHTS = tuple((spec.share, index) for index, spec in enumerate(DEPARTMENTS))
FEATURE_LABELS = {
    "proximal_upper_weakness": "proximal arm weakness",
    "proximal_lower_weakness": "proximal leg weakness",
    "heliotrope": "heliotrope rash",
    "gottron_papules": "Gottron's papules",
    "gottron_sign": "Gottron's sign",
    "ild": "interstitial lung disease",
    "mechanics_hands": "mechanic's hands",
    "finger_flexor_weakness": "finger-flexor weakness",
    "dysphagia": "dysphagia",
    "raynaud": "Raynaud's phenomenon",
    "arthritis": "arthritis",
}


def registry_identity(rng: random.Random, used: set[str]) -> tuple[str, int]:
    """Return a registry id unused so far and a non-zero date shift, both from ``rng``."""
    while True:
        registry_id = "MYO-" + "".join(rng.choice(REGISTRY_ID_ALPHABET) for _ in range(8))
        if registry_id not in used:
            used.add(registry_id)
            break
    return registry_id, rng.randint(1, 180) * rng.choice((-1, 1))


def _biopsy(rng: random.Random, pattern: str, day: dt.date, muscle: str) -> Row:
    findings, conclusion = BIOPSY_PATTERNS[pattern]
    row: Row = {"date": day, "muscle": muscle, "report": ""}
    for finding, probability in findings:
        row[finding] = rng.random() < probability
    if pattern == "uncertain" and rng.random() < 0.3:
        row = {"date": day, "muscle": muscle, "report": "", "no_pathological_change": True}
        conclusion = BiopsyConclusion.NORMAL
    row["conclusion"] = conclusion
    return row


def _basis(subtype: str, features: frozenset[str], serology_text: str, biopsy: Row | None) -> str:
    clinical = [label for key, label in FEATURE_LABELS.items() if key in features]
    parts = [
        Subtype(subtype).label,
        ", ".join(clinical) or "myalgia and fatigue",
        serology_text,
    ]
    if biopsy is not None:
        parts.append(f"biopsy: {BiopsyConclusion(str(biopsy['conclusion'])).label.lower()}")
    return "; ".join(parts) + "."


# (kind, name, outcome, summary, days from diagnosis (low, high))
EMG = (TestKind.EMG, "", TestOutcome.ABNORMAL, "Myopathic units with fibrillations.", (-60, -7))
EMG_IBM = (*EMG[:3], "Mixed myopathic and neurogenic units.", EMG[4])
MRI = (TestKind.MUSCLE_MRI, "", TestOutcome.ABNORMAL, "Symmetric thigh muscle oedema.", (-60, -7))
LGMD = (TestKind.LGMD_PANEL, "", TestOutcome.NORMAL, "No pathogenic variant in the LGMD panel.",
        (30, 200))  # fmt: skip
POMPE = (TestKind.POMPE_GAA, "", TestOutcome.NORMAL, "Acid alpha-glucosidase activity normal.",
         (20, 120))  # fmt: skip
HRCT = (TestKind.OTHER, "HRCT chest", TestOutcome.ABNORMAL, "NSIP pattern.", (-30, 30))
CANCER_CT = (TestKind.OTHER, "CT neck, thorax, abdomen and pelvis", TestOutcome.NORMAL,
             "No malignancy found.", (0, 60))  # fmt: skip
DYSTROPHY_WORKUP: dict[str, float] = {
    Subtype.IMNM_SERONEG: 0.8,
    Subtype.UNCERTAIN: 0.5,
    Subtype.PM: 0.15,
}


def _tests(
    rng: random.Random,
    subtype: str,
    diagnosed: dt.date,
    features: frozenset[str],
    *,
    adult: bool,
    end: dt.date,
) -> list[Row]:
    """Return the diagnostic tests; a genetic panel in the last 60 days is still pending."""
    chosen = []
    if rng.random() < 0.55:
        chosen.append(EMG_IBM if subtype == Subtype.IBM else EMG)
    if rng.random() < 0.45:
        chosen.append(MRI)
    if rng.random() < DYSTROPHY_WORKUP.get(subtype, 0):
        chosen += [LGMD, POMPE]
    if "ild" in features:
        chosen.append(HRCT)
    if subtype in (Subtype.DM, Subtype.ADM) and adult and rng.random() < 0.7:
        chosen.append(CANCER_CT)
    rows: list[Row] = []
    for kind, name, outcome, summary, (low, high) in chosen:
        day = add_days(diagnosed, rng.randint(low, high))
        if day > end:
            continue
        if kind == TestKind.LGMD_PANEL and (end - day).days < 60:
            outcome, summary = TestOutcome.PENDING, ""
        row = {"date": day, "kind": kind, "name": name, "outcome": outcome, "summary": summary}
        rows.append(row)
    return rows


@dataclass(frozen=True)
class _Draft:
    """What is drawn first about a patient; the rest of the record follows from it."""

    subtype: str
    profile: SubtypeProfile
    department: int
    diagnosed: dt.date
    onset: dt.date
    age: float  # at onset
    positives: frozenset[str]
    features: frozenset[str]
    initial: str  # the first diagnosis, revised later when it differs from subtype


def _draft(rng: random.Random, index: int, as_of: dt.date) -> _Draft:
    if index <= len(COVERAGE_ORDER):
        subtype = COVERAGE_ORDER[index - 1]
    else:
        subtype = weighted(rng, SUBTYPE_WEIGHTS)
    profile = PROFILES[subtype]
    department = weighted(rng, DEPARTMENT_WEIGHTS)
    years_followed = min(rng.expovariate(1 / 6), 20)
    diagnosed = add_days(as_of, -max(years_followed * 365.25, 20))
    initial = weighted(rng, profile.initial_diagnosis) if profile.initial_diagnosis else ""
    return _Draft(
        subtype=subtype,
        profile=profile,
        department=department,
        diagnosed=diagnosed,
        onset=add_months(diagnosed, -rng.uniform(*profile.delay_months)),
        age=bounded_gauss(rng, *profile.onset_age),
        positives=frozenset(weighted(rng, profile.antibodies)),
        features=frozenset(name for name, p in profile.features if rng.random() < p),
        initial=initial or subtype,
    )


def _diagnostic_record(
    rng: random.Random, draft: _Draft, plan: PatientPlan, as_of: dt.date
) -> dt.date | None:
    """Add biopsies, antibody panels and diagnosis changes; return when it was revised."""
    subtype, profile, diagnosed = draft.subtype, draft.profile, draft.diagnosed
    first_biopsy = None
    if rng.random() < profile.biopsy_share or draft.initial != subtype:
        pattern = "pm" if draft.initial == Subtype.PM else profile.biopsy_pattern
        day = max(draft.onset, add_days(diagnosed, -rng.randint(0, 45)))
        first_biopsy = _biopsy(rng, pattern, day, "vastus lateralis")
        plan.biopsies.append(first_biopsy)
    first_panel = max(draft.onset, add_days(diagnosed, -rng.randint(0, 30)))
    elisa_date = min(as_of, add_days(first_panel, rng.randint(0, 21)))
    serology_text = ", ".join(f"{Antibody(c).label} positive" for c in sorted(draft.positives))
    serology_text = serology_text or "myositis antibodies negative"
    initial_serology, changed = serology_text, None
    if draft.initial != subtype:
        changed = add_days(diagnosed, rng.uniform(0.1, 1) * min(1200, (as_of - diagnosed).days))
        initial_serology = "myositis line blot negative"
        if subtype == Subtype.IMNM_HMGCR:  # anti-HMGCR tested only when the course puzzled
            elisa_date = max(diagnosed, add_days(changed, -rng.randint(7, 30)))
        elif subtype == Subtype.ASYS:  # antibodies tested only once the lungs were involved
            first_panel = max(diagnosed, add_days(changed, -rng.randint(7, 30)))
            initial_serology = "myositis antibodies not yet tested"
        else:  # a repeat biopsy revised it
            day = max(diagnosed, add_days(changed, -rng.randint(7, 45)))
            muscle = "deltoid" if rng.random() < 0.5 else "vastus lateralis"
            plan.biopsies.append(_biopsy(rng, profile.biopsy_pattern, day, muscle))
    plan.panels = serology.panels_for(
        rng,
        positives=draft.positives,
        first_date=first_panel,
        elisa_date=elisa_date,
        lab=DEPARTMENTS[draft.department].lab,
        reference_lab=REFERENCE_LAB,
        want_hmgcr=subtype in (Subtype.IMNM_HMGCR, Subtype.IMNM_SERONEG) or rng.random() < 0.08,
        want_cn1a=subtype == Subtype.IBM and rng.random() < 0.6,
    )
    basis = _basis(draft.initial, draft.features, initial_serology, first_biopsy)
    plan.diagnosis_changes.append(
        {"date": diagnosed, "from_diagnosis": "", "to_diagnosis": draft.initial,
         "basis": basis, "recorded_by": Role.CLINICIAN}
    )  # fmt: skip
    if changed is not None:
        latest_biopsy = plan.biopsies[-1] if plan.biopsies else None
        basis = _basis(subtype, draft.features, serology_text, latest_biopsy)
        plan.diagnosis_changes.append(
            {"date": changed, "from_diagnosis": draft.initial, "to_diagnosis": subtype,
             "basis": basis, "recorded_by": Role.CLINICIAN}
        )  # fmt: skip
    return changed


def _course(rng: random.Random, draft: _Draft, improves_from: dt.date | None) -> Course:
    profile = draft.profile
    partial = rng.random() < 0.2
    unilateral = rng.random() < DEPARTMENTS[draft.department].unilateral_share
    return Course(
        pga=rng.uniform(*PGA_AT_DIAGNOSIS.get(draft.subtype, (4.5, 8))),
        ptga=rng.uniform(4, 8.5),
        extramuscular=rng.uniform(*profile.extramuscular),
        haq=rng.uniform(0.75, 2.25),
        mmt_deficit=rng.uniform(*profile.mmt_deficit),
        ck_fold=rng.uniform(*profile.ck_fold),
        residual=rng.uniform(0.4, 0.55) if partial else rng.uniform(0.05, 0.2),
        tau_months=rng.uniform(3, 8),
        improves_from=improves_from,
        progressive=draft.subtype == Subtype.IBM,
        variant="unilateral" if unilateral else "bilateral",
        weakness=WEAKNESS_WEIGHTS[profile.weakness],
        features=draft.features,
        aldolase=rng.random() < 0.3,
    )


def generate_patient(
    index: int, *, seed: int, as_of: dt.date, used_ids: set[str], counters: list[int]
) -> PatientPlan:
    """Return the plan of patient ``index`` (index 0 is the seed case).

    ``used_ids`` and ``counters`` (hospital numbers issued per department) carry state
    from one patient to the next.
    """
    rng = random.Random(f"{seed}:{index}")
    registry_id, shift = registry_identity(rng, used_ids)
    if index == 0:
        return seed_case(registry_id=registry_id, date_shift_days=shift, as_of=as_of)
    draft = _draft(rng, index, as_of)
    subtype = draft.subtype
    plan = PatientPlan(department=draft.department, patient={})
    changed = _diagnostic_record(rng, draft, plan, as_of)

    start = add_days(draft.diagnosed, rng.randint(0, 21))
    if subtype == Subtype.IBM:
        treatment = ibm_therapy(rng, start=start)
    else:
        response = weighted(rng, draft.profile.responses)
        treatment = therapy(rng, start=start, response=response)
    hmgcr = subtype == Subtype.IMNM_HMGCR
    statin = rng.random() < (0.65 if hmgcr else 0.15 if draft.age >= 55 else 0.02)
    if statin:
        # Most anti-HMGCR patients stop their statin; a few still take it (the app flags it).
        stopped = rng.random() < (0.9 if hmgcr else 0.5)
        treatment.courses.insert(0, statin_course(rng, onset=draft.onset, stopped=stopped))
    status, end = _follow_up(
        rng,
        diagnosed=draft.diagnosed,
        as_of=as_of,
        last_event=changed or draft.diagnosed,
        courses=treatment.courses,
        responder=treatment.improves_from is not None,
    )
    plan.tests = _tests(
        rng, subtype, draft.diagnosed, draft.features, adult=draft.age >= 18, end=end
    )
    plan.courses = truncate(treatment.courses, end=end, deceased=status == FollowUpStatus.DECEASED)
    course = _course(rng, draft, treatment.improves_from)
    department = DEPARTMENTS[draft.department]
    plan.visits = visit_rows(rng, course, department, first=draft.diagnosed, end=end)
    female = rng.random() < draft.profile.female_share
    counters[draft.department] += 1
    plan.patient = {
        "registry_id": registry_id,
        "date_shift_days": shift,
        "hospital_number": f"{department.hospital_prefix}{1_000_000 + counters[draft.department]}",
        "given_name": rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        "family_name": rng.choice(FAMILY_NAMES),
        "sex": Sex.FEMALE if female else Sex.MALE,
        "date_of_birth": add_days(draft.onset, -draft.age * 365.25 - rng.randint(0, 364)),
        "symptom_onset_date": draft.onset,
        "diagnosis_date": draft.diagnosed,
        "diagnosis": subtype,
        "statin_exposure": statin,
        "cancer_history": rng.random() < (0.2 if draft.positives & {"tif1g", "nxp2"} else 0.03),
        "family_history_neuromuscular": rng.random()
        < (0.08 if subtype == Subtype.UNCERTAIN else 0.02),
        "follow_up_status": status,
    }
    return plan


def _follow_up(
    rng: random.Random,
    *,
    diagnosed: dt.date,
    as_of: dt.date,
    last_event: dt.date,
    courses: list[Row],
    responder: bool,
) -> tuple[str, dt.date]:
    """Return the follow-up status and the date follow-up ended (``as_of`` if ongoing)."""
    earliest = max(add_months(diagnosed, 12), last_event)
    pick = rng.random()
    if earliest < as_of and pick < 0.12:
        end = add_days(earliest, rng.randint(0, (as_of - earliest).days))
        if pick < 0.04:
            return FollowUpStatus.DECEASED, end
        return (FollowUpStatus.LOST if pick < 0.09 else FollowUpStatus.TRANSFERRED), end
    stops = [date_of(row, "stop") for row in courses if row["line_of_therapy"] is not None]
    stopped = [stop for stop in stops if stop is not None]
    if responder and stopped and len(stopped) == len(stops) and rng.random() < 0.6:
        end = max(add_months(max(stopped), rng.uniform(6, 12)), earliest)
        if end <= as_of:
            return FollowUpStatus.DISCHARGED, end
    return FollowUpStatus.ACTIVE, as_of


def generate_cohort(
    *, count: int, seed: int, as_of: dt.date, taken_ids: frozenset[str] = frozenset()
) -> Iterator[PatientPlan]:
    """Yield ``count`` patient plans: the seed case, its replay, then generated patients.

    Generated patient ``i`` (``generate_patient``) comes at position ``i + 1``; registry
    ids avoid ``taken_ids``.
    """
    used_ids = set(taken_ids)
    counters = [0] * len(DEPARTMENTS)
    for position in range(count):
        if position == REPLAY_POSITION:
            rng = random.Random(f"{seed}:seed-replay")
            registry_id, shift = registry_identity(rng, used_ids)
            yield seed_replay(registry_id=registry_id, date_shift_days=shift, as_of=as_of)
            continue
        index = position if position < REPLAY_POSITION else position - 1
        yield generate_patient(index, seed=seed, as_of=as_of, used_ids=used_ids, counters=counters)
