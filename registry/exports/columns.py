"""Every exported variable, described once: the source of the data dictionary and REDCap.

Names are REDCap-valid and suit statistics packages: lowercase letters, digits and
underscores, starting with a letter, at most 26 characters. Choices export their codes;
the dictionary gives the labels.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from assessments.models import RefractoryStatus
from assessments.models.visit import CLINICAL_FEATURES, EnzymeUnit, MmtVariant
from patients.models import (
    Antibody,
    AntibodyOutcome,
    ExportContent,
    ExportShape,
    FollowUpStatus,
    Sex,
    Subtype,
)

Kind = Literal["text", "integer", "decimal", "date", "boolean", "choice"]
Form = Literal["patient", "visit"]

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,25}$")
MAX_NAME_LENGTH = 26


@dataclass(frozen=True)
class Column:
    """One exported variable and what the data dictionary says about it."""

    name: str
    label: str
    kind: Kind
    form: Form
    source: str = ""  # ORM path read from the database; empty for computed columns
    unit: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    identifying: bool = False  # left out of de-identified exports
    note: str = ""
    minimum: str = ""
    maximum: str = ""

    def allowed_values(self) -> str:
        """Return the allowed values as ``code = label`` pairs separated by `` | ``."""
        if self.kind == "boolean":
            return "1 = yes | 0 = no"
        return " | ".join(f"{code} = {label}" for code, label in self.choices)


def _choices(choices: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(label)) for code, label in choices)


def _patient(name: str, label: str, kind: Kind, source: str = "", **extra: object) -> Column:
    return Column(name, label, kind, "patient", source or name, **extra)  # type: ignore[arg-type]


def _visit(name: str, label: str, kind: Kind, source: str = "", **extra: object) -> Column:
    return Column(name, label, kind, "visit", source or name, **extra)  # type: ignore[arg-type]


RECORD_ID = _patient("record_id", "Registry id (pseudonymous)", "text", "registry_id")

PATIENT_COLUMNS: tuple[Column, ...] = (
    RECORD_ID,
    _patient("department", "Department code", "text", "department__code"),
    _patient("family_name", "Family name", "text", identifying=True),
    _patient("given_name", "Given name", "text", identifying=True),
    _patient("hospital_number", "Hospital number", "text", identifying=True),
    _patient("date_of_birth", "Date of birth", "date", identifying=True),
    _patient("sex", "Sex", "choice", choices=_choices(Sex.choices)),
    Column(
        "age_at_onset",
        "Age at symptom onset",
        "integer",
        "patient",
        unit="years",
        note="Whole years on the date of first symptoms.",
        minimum="0",
        maximum="120",
    ),
    _patient("symptom_onset_date", "Date of first symptoms", "date"),
    _patient("diagnosis_date", "Date of diagnosis", "date"),
    _patient(
        "diagnosis", "Current diagnosis (subtype)", "choice", choices=_choices(Subtype.choices)
    ),
    _patient("statin_exposure", "Statin exposure (ever)", "boolean"),
    _patient("cancer_history", "History of cancer", "boolean"),
    _patient(
        "family_hx_neuromuscular",
        "Family history of neuromuscular disease",
        "boolean",
        "family_history_neuromuscular",
    ),
    _patient(
        "follow_up_status", "Follow-up status", "choice", choices=_choices(FollowUpStatus.choices)
    ),
    Column(
        "refractory_status",
        "Refractory status at the latest evaluation",
        "choice",
        "patient",
        choices=_choices(RefractoryStatus.choices),
        note="Empty when never evaluated.",
    ),
)

ANTIBODY_COLUMNS: tuple[Column, ...] = tuple(
    Column(
        f"ab_{code}",
        f"{label}: most positive result on any panel",
        "choice",
        "patient",
        choices=_choices(AntibodyOutcome.choices),
        note="positive > borderline > negative > not tested; empty when never on a panel.",
    )
    for code, label in Antibody.choices
)

PATIENT_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("visit_count", "Number of visits", "integer", "patient", minimum="0"),
    Column("first_visit_date", "Date of the first visit", "date", "patient"),
    Column("last_visit_date", "Date of the last visit", "date", "patient"),
    Column(
        "therapy_line_max",
        "Highest line of therapy received",
        "integer",
        "patient",
        minimum="1",
        maximum="3",
    ),
    Column(
        "drugs_ever",
        "Drugs ever received",
        "text",
        "patient",
        note="Catalogue names separated by '; ', in order of first start.",
    ),
)


def _vas(name: str, label: str) -> Column:
    return _visit(name, label, "decimal", unit="cm (VAS 0-10)", minimum="0", maximum="10")


def _mmt(name: str, label: str, source: str) -> Column:
    return _visit(name, f"MMT-8 {label}", "integer", source, unit="Kendall 0-10", maximum="10")


MMT_COLUMNS: tuple[Column, ...] = (
    _mmt("mmt_neck_flexors", "neck flexors", "mmt_neck_flexors"),
    *(
        _mmt(f"mmt_{short}_{side[0]}", f"{label}, {side}", f"mmt_{group}_{side}")
        for group, short, label in (
            ("deltoid", "deltoid", "deltoid (middle)"),
            ("biceps", "biceps", "biceps brachii"),
            ("wrist_extensors", "wrist_ext", "wrist extensors"),
            ("gluteus_maximus", "glut_max", "gluteus maximus"),
            ("gluteus_medius", "glut_med", "gluteus medius"),
            ("quadriceps", "quadriceps", "quadriceps"),
            ("ankle_dorsiflexors", "ankle_dorsi", "ankle dorsiflexors"),
        )
        for side in ("right", "left")
    ),
)

ENZYME_LABELS = {"ck": "CK", "ldh": "LDH", "aldolase": "Aldolase", "alt": "ALT", "ast": "AST"}
ENZYME_COLUMNS: tuple[Column, ...] = tuple(
    column
    for code, label in ENZYME_LABELS.items()
    for column in (
        _visit(f"{code}_value", label, "decimal", note=f"Unit in {code}_unit.", minimum="0"),
        _visit(f"{code}_unit", f"{label} unit", "choice", choices=_choices(EnzymeUnit.choices)),
        _visit(f"{code}_uln", f"{label} upper limit of normal", "decimal", note="Same unit."),
    )
)

FEATURE_NAMES = {"legs_proximal_weaker_than_distal": "legs_prox_weaker_distal"}

VISIT_COLUMNS: tuple[Column, ...] = (
    _visit("visit_date", "Date of the visit", "date", "date"),
    _vas("physician_global", "Physician global activity"),
    _vas("patient_global", "Patient global activity"),
    _visit("mmt8_variant", "MMT-8 variant", "choice", choices=_choices(MmtVariant.choices)),
    _visit(
        "mmt8_total",
        "MMT-8 total",
        "integer",
        unit="points (0-80 or 0-150 by variant)",
        maximum="150",
    ),
    *MMT_COLUMNS,
    _visit("haq", "HAQ-DI", "decimal", unit="0-3", minimum="0", maximum="3"),
    _vas("extramuscular_global", "Extramuscular global activity"),
    *(
        _vas(name, f"MYOACT {name.removeprefix('myoact_')}")
        for name in (
            "myoact_constitutional",
            "myoact_cutaneous",
            "myoact_skeletal",
            "myoact_gastrointestinal",
            "myoact_pulmonary",
            "myoact_cardiac",
        )
    ),
    *ENZYME_COLUMNS,
    *(
        _visit(FEATURE_NAMES.get(name, name), name.replace("_", " ").capitalize(), "boolean", name)
        for name in CLINICAL_FEATURES
    ),
)

VISIT_THERAPY_COLUMNS: tuple[Column, ...] = (
    Column(
        "therapy_line_current",
        "Highest line of therapy ongoing on the visit date",
        "integer",
        "visit",
        minimum="1",
        maximum="3",
    ),
    Column(
        "drugs_current",
        "Drugs ongoing on the visit date",
        "text",
        "visit",
        note="Catalogue names separated by '; '.",
    ),
)


def patient_columns(content: str) -> tuple[Column, ...]:
    """Return the patient-level columns for this content (identifying ones dropped)."""
    columns = PATIENT_COLUMNS + ANTIBODY_COLUMNS
    if content == ExportContent.DEIDENTIFIED:
        return tuple(column for column in columns if not column.identifying)
    return columns


def visit_columns() -> tuple[Column, ...]:
    """Return the visit-level columns, the same for every content."""
    return VISIT_COLUMNS + VISIT_THERAPY_COLUMNS


def columns_for(*, shape: str, content: str) -> tuple[Column, ...]:
    """Return the columns of a flat export, in file order."""
    if shape == ExportShape.PER_PATIENT:
        return patient_columns(content) + PATIENT_SUMMARY_COLUMNS
    return patient_columns(content) + visit_columns()


def invalid_names(columns: Sequence[Column]) -> list[str]:
    """Return the names that REDCap or a statistics package would refuse (or repeated)."""
    seen: set[str] = set()
    bad = []
    for column in columns:
        if not NAME_PATTERN.match(column.name) or column.name in seen:
            bad.append(column.name)
        seen.add(column.name)
    return bad
