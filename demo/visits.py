"""Visits of a demo patient: the IMACS core set along a plausible course.

Disease activity is one number per visit, 1 at diagnosis. It stays near 1 until the
effective therapy starts to work, then falls towards a residual level (responders reach
remission, partial responders stop half-way). Refractory patients stay flat; IBM slowly
progresses whatever is given. Every measure is drawn between its baseline and its
remission value by that activity, with a little noise. Follow-up is every 3 months while
active and every 6 (the department's intervals) once quiet.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from demo.plan import Row, add_days, add_months, clamp, years_between
from demo.reference import DepartmentSpec
from patients.models import Role

MMT_GROUPS = (
    "neck_flexors", "deltoid", "biceps", "wrist_extensors", "gluteus_maximus",
    "gluteus_medius", "quadriceps", "ankle_dorsiflexors",
)  # fmt: skip
MMT_MAX = {"unilateral": 80, "bilateral": 150}
CHRONIC_FEATURES = frozenset({"ild", "raynaud", "finger_flexor_weakness"})
ACTIVE_SHARE = 0.3  # activity above this share of baseline keeps the active interval


@dataclass(frozen=True)
class Course:
    """The shape of one patient's disease course, drawn once per patient."""

    pga: float  # physician global at diagnosis, 0-10
    ptga: float
    extramuscular: float
    haq: float
    mmt_deficit: float  # share of the MMT-8 maximum lost at diagnosis
    ck_fold: float  # CK at diagnosis as a multiple of the ULN
    residual: float  # activity left once improved: 0.05-0.2 remission, ~0.5 partial
    tau_months: float  # how fast activity falls once treatment works
    improves_from: dt.date | None
    progressive: bool  # IBM: weakness and disability grow by the year
    variant: str  # unilateral or bilateral, one per patient
    weakness: tuple[float, ...]  # MMT-8 group weights
    features: frozenset[str]
    aldolase: bool  # whether this clinic measures aldolase for the patient


def activity(course: Course, day: dt.date, noise: float) -> float:
    """Return disease activity on ``day`` as a share of the activity at diagnosis."""
    if course.improves_from is None or day <= course.improves_from:
        return clamp(1.0 + noise, 0.0, 1.15)
    months = (day - course.improves_from).days / 30.44
    level = course.residual + (1 - course.residual) * math.exp(-months / course.tau_months)
    return clamp(level + noise, 0.0, 1.15)


@lru_cache(maxsize=4096)
def mmt_grades(weights: tuple[float, ...], variant: str, deficit: int) -> tuple[int, ...]:
    """Spread an MMT-8 deficit over the muscle groups, weakest groups losing most.

    Returns the grades in column order (neck flexors, then each group right and left for
    bilateral; one grade per group for unilateral). They sum to exactly max - deficit.
    """
    if variant == "bilateral":
        slots = [weights[0]] + [w for w in weights[1:] for _ in ("right", "left")]
    else:
        slots = list(weights)
    deficit = int(clamp(deficit, 0, 10 * len(slots)))
    total_weight = sum(slots)
    losses = [min(10, math.floor(deficit * w / total_weight)) for w in slots]
    order = sorted(
        range(len(slots)), key=lambda i: (-(deficit * slots[i] / total_weight - losses[i]), i)
    )
    left = deficit - sum(losses)
    while left > 0:
        for i in order:
            if left and losses[i] < 10:
                losses[i] += 1
                left -= 1
    return tuple(10 - loss for loss in losses)


_VAS = tuple(Decimal(f"{tenths / 10:.1f}") for tenths in range(101))
_HAQ = tuple(Decimal(f"{eighths / 8:.3f}") for eighths in range(25))
_ZERO = _VAS[0]
MMT_BILATERAL_COLUMNS = (
    "mmt_neck_flexors",
    *(f"mmt_{group}_{side}" for group in MMT_GROUPS[1:] for side in ("right", "left")),
)
MMT_UNILATERAL_COLUMNS = ("mmt_neck_flexors", *(f"mmt_{group}_right" for group in MMT_GROUPS[1:]))
NO_LEFT_SIDE: Row = {f"mmt_{group}_left": None for group in MMT_GROUPS[1:]}
ENZYME_SHARES = (("ldh", 0.12, 0), ("alt", 0.08, 0), ("ast", 0.1, 0), ("aldolase", 0.2, 1))


def _vas(value: float) -> Decimal:
    """Return a 0-10 VAS value with one decimal."""
    return _VAS[round(clamp(value, 0, 10) * 10)]


def _haq(value: float) -> Decimal:
    """Return a HAQ-DI on its 0.125 steps, 0-3."""
    return _HAQ[round(clamp(value, 0, 3) * 8)]


def _enzyme(value: float, decimals: int) -> Decimal:
    """Return a lab value as labs report it: whole units, or one decimal for aldolase."""
    if decimals == 0:
        return Decimal(max(round(value), 1))
    return Decimal(f"{max(value, 0.1):.{decimals}f}")


def visit_row(
    rng: random.Random,
    course: Course,
    department: DepartmentSpec,
    day: dt.date,
    years: float,
) -> tuple[Row, float]:
    """Return one visit's row and its activity."""
    gauss = rng.gauss
    level = activity(course, day, gauss(0, 0.05))
    patient_level = level**0.8
    extramuscular = course.extramuscular * level
    features = course.features
    row: Row = {
        "date": day,
        "mmt8_variant": course.variant,
        "notes": "",
        "physician_global": _vas(0.4 + (course.pga - 0.4) * level + gauss(0, 0.3)),
        "patient_global": _vas(1.0 + (course.ptga - 1.0) * patient_level + gauss(0, 0.5)),
        "extramuscular_global": _vas(extramuscular + gauss(0, 0.2) if extramuscular else 0),
        "myoact_constitutional": _vas(extramuscular * 0.3),
        "myoact_cutaneous": _ZERO,
        "myoact_skeletal": _ZERO,
        "myoact_gastrointestinal": _ZERO,
        "myoact_pulmonary": _ZERO,
        "myoact_cardiac": _ZERO,
    }
    if "heliotrope" in features or "gottron_papules" in features:
        row["myoact_cutaneous"] = _vas(extramuscular)
    if "ild" in features:
        row["myoact_pulmonary"] = _vas(extramuscular * 0.8)
    if "arthritis" in features:
        row["myoact_skeletal"] = _vas(extramuscular * 0.5)
    haq_floor = 0.125 if course.progressive else 0.0
    haq = haq_floor + (course.haq - haq_floor) * patient_level + gauss(0, 0.1)
    deficit_share = course.mmt_deficit * level
    if course.progressive:
        haq += 0.12 * years
        deficit_share = course.mmt_deficit + 0.025 * years
    row["haq"] = _haq(haq)
    deficit = round(deficit_share * MMT_MAX[course.variant] + gauss(0, 1.2))
    grades = mmt_grades(course.weakness, course.variant, deficit)
    if course.variant == "bilateral":
        row.update(zip(MMT_BILATERAL_COLUMNS, grades, strict=True))
    else:
        row.update(zip(MMT_UNILATERAL_COLUMNS, grades, strict=True))
        row.update(NO_LEFT_SIDE)
    row["mmt8_total"] = sum(grades)
    fold = 1 + (course.ck_fold - 1) * level if course.ck_fold > 1 else course.ck_fold
    fold *= math.exp(gauss(0, 0.12))
    row["ck_value"] = _enzyme(float(department.ck_uln) * fold, 0)
    row["ck_uln"] = department.ck_uln
    for enzyme, share, decimals in ENZYME_SHARES:
        if enzyme == "aldolase" and not course.aldolase:
            continue
        uln = getattr(department, f"{enzyme}_uln")
        value = float(uln) * (0.6 + max(fold - 1, 0) * share) * math.exp(gauss(0, 0.1))
        row[f"{enzyme}_value"] = _enzyme(value, decimals)
        row[f"{enzyme}_uln"] = uln
    active = level > 0.35
    for feature in features:
        row[feature] = active or feature in CHRONIC_FEATURES
    row["entered_by"] = Role.NURSE if rng.random() < 0.6 else Role.CLINICIAN
    return row, level


def visit_rows(
    rng: random.Random,
    course: Course,
    department: DepartmentSpec,
    *,
    first: dt.date,
    end: dt.date,
) -> list[Row]:
    """Return the visits from diagnosis (``first``) to ``end``, at most one a day."""
    rows: list[Row] = []
    day = first
    while day <= end:
        row, level = visit_row(rng, course, department, day, years_between(first, day))
        rows.append(row)
        active = not course.progressive and level > ACTIVE_SHARE
        months = (
            department.follow_up_months_active if active else department.follow_up_months_stable
        )
        day = max(add_months(day, months) + dt.timedelta(days=rng.randint(-10, 10)),
                  add_days(day, 30))  # fmt: skip
    return rows
