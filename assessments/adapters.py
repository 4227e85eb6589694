"""Turn stored rows into the plain inputs of the rules engine (``assessments.scoring``).

The engine takes frozen dataclasses and codes; the database holds Decimals, units and
foreign keys. Everything that translates one into the other lives here, so the rules
stay framework-free and the jobs read rows in bulk (``values_list`` tuples, no model
instances) without each caller knowing the mapping.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.models.visit import ENZYMES, MMT_MAX, EnzymeUnit
from assessments.scoring import CoreSetMeasures, PatientFacts

# 1 µkat/L = 60 U/L (1 katal = 1 mol/s; 1 U = 1 µmol/min).
UKAT_TO_U = 60.0

# Stored biopsy conclusions -> the engine's coarser findings (clinical-rules.md §5, §10).
# "No pathological change" is a non-inflammatory biopsy; the DM and IBM patterns are
# inflammatory.
BIOPSY_FINDING = {
    "inflammatory": "inflammatory",
    "dm_pattern": "inflammatory",
    "ibm_pattern": "inflammatory",
    "necrotising": "necrotising",
    "non_inflammatory": "non_inflammatory",
    "normal": "non_inflammatory",
    "non_diagnostic": "non_diagnostic",
}
SEX = {"female": "female", "male": "male", "other": "other"}

# The visit columns of the IMACS core set, in the order ``measures_from_row`` unpacks them.
MEASURE_COLUMNS = (
    "physician_global",
    "patient_global",
    "extramuscular_global",
    "haq",
    "mmt8_total",
    "mmt8_variant",
    *(f"{code}_{part}" for code in ENZYMES for part in ("value", "unit", "uln")),
)
# The visit columns the jobs read, in the order ``visit_input`` unpacks them.
VISIT_COLUMNS = ("id", "patient_id", "date", *MEASURE_COLUMNS, "dysphagia", "cutaneous_necrosis")

COURSE_COLUMNS = (
    "id",
    "patient_id",
    "drug__name",
    "drug__drug_class",
    "start",
    "stop",
    "stop_reason",
)


@dataclass(frozen=True)
class VisitInput:
    """A stored visit as the engine sees it (satisfies ``scoring.VisitLike``)."""

    id: int
    date: dt.date
    measures: CoreSetMeasures
    dysphagia: bool = False
    cutaneous_necrosis: bool = False


@dataclass(frozen=True)
class CourseInput:
    """A stored therapy course as the engine sees it (satisfies ``scoring.CourseLike``)."""

    id: int
    drug_name: str
    drug_class: str
    start: dt.date
    stop: dt.date | None
    stop_reason: str | None


def _enzymes(values: Sequence[Any]) -> dict[str, tuple[float, float]]:
    """Return ``{code: (value, uln)}`` in U/L from the (value, unit, uln) column triples."""
    enzymes: dict[str, tuple[float, float]] = {}
    for code, value, unit, uln in zip(
        ENZYMES, values[0::3], values[1::3], values[2::3], strict=True
    ):
        if value is None or uln is None:
            continue
        if unit == EnzymeUnit.UKAT_L:
            enzymes[code] = (float(value) * UKAT_TO_U, float(uln) * UKAT_TO_U)
        else:
            enzymes[code] = (float(value), float(uln))
    return enzymes


def measures_from_row(row: Sequence[Any]) -> CoreSetMeasures:
    """Build the engine's ``CoreSetMeasures`` from one ``MEASURE_COLUMNS`` tuple.

    Units: every enzyme recorded in µkat/L is converted to U/L (times 60: 1 µkat/L = 60 U/L),
    its value and its ULN alike, so the engine only ever sees U/L and two visits recorded
    in different units compare (the multiple of the ULN is the same in either unit). An enzyme
    without a value or a ULN is left out as not measured. The MMT-8 total carries its
    variant's maximum (80 unilateral, 150 bilateral).
    """
    pga, ptga, extra, haq, mmt8, variant = row[:6]
    return CoreSetMeasures(
        physician_global=None if pga is None else float(pga),
        patient_global=None if ptga is None else float(ptga),
        extramuscular_global=None if extra is None else float(extra),
        haq=None if haq is None else float(haq),
        mmt8=None if mmt8 is None else int(mmt8),
        # The variant column holds a ``MmtVariant`` value (a database constraint).
        mmt8_max=None if mmt8 is None else MMT_MAX[variant],
        enzymes=_enzymes(row[6:]),
    )


def core_set_measures(visit: Any) -> CoreSetMeasures:
    """Return a ``Visit``'s IMACS core set as ``CoreSetMeasures`` (enzymes in U/L).

    The one conversion of a visit for the engine: the entry scores and the background
    jobs both use it (through ``measures_from_row``); see there for the units.
    """
    return measures_from_row([getattr(visit, column) for column in MEASURE_COLUMNS])


def visit_input(row: Sequence[Any]) -> VisitInput:
    """Build a ``VisitInput`` from one ``VISIT_COLUMNS`` tuple (measures in U/L)."""
    id_, _patient, date = row[:3]
    end = 3 + len(MEASURE_COLUMNS)
    return VisitInput(
        id=int(id_),
        date=date,
        measures=measures_from_row(row[3:end]),
        dysphagia=bool(row[end]),
        cutaneous_necrosis=bool(row[end + 1]),
    )


def course_input(row: Sequence[Any]) -> CourseInput:
    """Build a ``CourseInput`` from one ``COURSE_COLUMNS`` tuple (blank stop reason: None)."""
    id_, _patient, name, drug_class, start, stop, stop_reason = row
    return CourseInput(
        id=int(id_),
        drug_name=str(name),
        drug_class=str(drug_class),
        start=start,
        stop=stop,
        stop_reason=str(stop_reason) or None,
    )


def visit_to_input(visit: Any) -> VisitInput:
    """Build a ``VisitInput`` from a ``Visit`` model instance."""
    return visit_input([getattr(visit, column) for column in VISIT_COLUMNS])


def course_to_input(course: Any) -> CourseInput:
    """Build a ``CourseInput`` from a ``TherapyCourse`` instance (its drug loaded)."""
    drug = course.drug
    return course_input(
        [
            course.id,
            course.patient_id,
            drug.name,
            drug.drug_class,
            course.start,
            course.stop,
            course.stop_reason,
        ]
    )


def age_in_years(born: dt.date, on: dt.date) -> int:
    """Return the age in whole years on a day (a birthday counts from that day)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def latest_antibodies(results: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Return ``{antibody: result}`` keeping the last tested result of each antibody.

    ``results`` must come oldest panel first. A "not tested" line on a later panel does
    not erase an earlier result.
    """
    latest: dict[str, str] = {}
    for antibody, result in results:
        if result != "not_tested":
            latest[antibody] = result
    return latest


@dataclass(frozen=True)
class PatientRow:
    """The patient columns the jobs read."""

    id: int
    department_id: int
    sex: str
    date_of_birth: dt.date
    symptom_onset_date: dt.date | None
    diagnosis_date: dt.date | None
    diagnosis: str
    follow_up_status: str
    created_on: dt.date


def population(patient: PatientRow) -> str:
    """Return "juvenile" for onset before 18 (onset, else diagnosis date), else "adult"."""
    onset = patient.symptom_onset_date or patient.diagnosis_date
    if onset is not None and age_in_years(patient.date_of_birth, onset) < 18:
        return "juvenile"
    return "adult"


def patient_facts(
    *,
    patient: PatientRow,
    visits: Sequence[VisitInput],
    courses: Sequence[CourseInput],
    antibodies: Mapping[str, str],
    biopsies: Sequence[tuple[dt.date, str]],
    refractory: bool,
    malignancy_excluded: bool,
    as_of: dt.date,
) -> PatientFacts:
    """Assemble the engine's ``PatientFacts`` for one patient.

    Project readings (documented here, used by the prompts and the screening plan):
    age at onset is the whole-year age at symptom onset (diagnosis date if onset is
    unknown); dysphagia and cutaneous necrosis count if recorded at any visit; CK is
    raised if any visit's CK exceeded its ULN (None when CK was never measured);
    "persistent high disease activity despite immunosuppression" is the patient being
    refractory now; a statin is ongoing if a statin course runs on ``as_of``; the
    latest biopsy is the last by date (``biopsies`` oldest first).
    """
    onset = patient.symptom_onset_date or patient.diagnosis_date
    ck_raised: bool | None = None
    for visit in visits:
        ck = visit.measures.enzymes.get("ck")
        if ck is not None:
            ck_raised = ck_raised or ck[0] > ck[1]
    started = [course for course in courses if course.start <= as_of]
    return PatientFacts(
        sex=SEX.get(patient.sex),
        age_at_onset=None if onset is None else float(age_in_years(patient.date_of_birth, onset)),
        onset_date=patient.symptom_onset_date,
        diagnosis_date=patient.diagnosis_date,
        subtype=patient.diagnosis,
        antibodies=antibodies,
        dysphagia=any(visit.dysphagia for visit in visits),
        cutaneous_necrosis=any(visit.cutaneous_necrosis for visit in visits),
        persistent_high_activity=refractory,
        ck_raised=ck_raised,
        latest_biopsy=BIOPSY_FINDING[biopsies[-1][1]] if biopsies else None,
        biopsy_count=len(biopsies),
        statin_ongoing=any(
            course.drug_class == "statin" and (course.stop is None or course.stop >= as_of)
            for course in started
        ),
        refractory=refractory,
        ivig_tried=any(course.drug_class == "ivig" for course in started),
        malignancy_excluded=malignancy_excluded,
    )
