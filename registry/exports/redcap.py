"""A REDCap-compatible pair: the data dictionary (REDCap's 18 columns) and flat records.

The records suit a longitudinal REDCap project with one event, ``registry`` in arm 1
(unique event name ``registry_arm_1``), the ``patient`` instrument once per record and the
``visit`` instrument repeating. The ZIP carries a README saying so.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import IO

from registry.exports.columns import Column
from registry.exports.rows import FlatExport, Progress, Row

DICTIONARY_COLUMNS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
EVENT_NAME = "registry_arm_1"
VISIT_INSTRUMENT = "visit"
SYSTEM_FIELDS = ("redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance")
VALIDATION = {"integer": "integer", "decimal": "number", "date": "date_ymd"}
README = f"""REDCap import
=============
1. Create a longitudinal project; in "Define my events" keep one arm with one event named
   "registry" (unique event name {EVENT_NAME}).
2. Upload data_dictionary.csv in the Data Dictionary page.
3. Designate both instruments (patient, visit) for the event and, under "Repeating
   instruments and events", make the instrument "visit" repeating.
4. Import records.csv with the Data Import Tool (format: rows are records, dates Y-M-D).
Record ids are the registry's pseudonymous ids, stable across exports.
"""


def redcap_code(code: str) -> str:
    """Return a choice code REDCap accepts (letters, digits, underscores)."""
    return re.sub(r"[^a-z0-9_]", "_", code.lower())


def dictionary_row(column: Column) -> tuple[str, ...]:
    """Return the REDCap data dictionary row of one column, in REDCap's column order."""
    field_type, validation = "text", VALIDATION.get(column.kind, "")
    choices = ""
    if column.kind == "boolean":
        field_type = "yesno"
    elif column.kind == "choice":
        field_type = "dropdown"
        choices = " | ".join(f"{redcap_code(code)}, {label}" for code, label in column.choices)
    note = "; ".join(part for part in (column.unit, column.note) if part)
    required = "y" if column.name == "record_id" else ""
    return (
        column.name, column.form, "", field_type, column.label, choices, note, validation,
        column.minimum if validation else "", column.maximum if validation else "",
        "y" if column.identifying else "", "", required, "", "", "", "", "",
    )  # fmt: skip


def _recoder(columns: Sequence[Column]) -> dict[int, dict[str, str]]:
    """Map column positions to the choice codes that REDCap needs changed (e.g. U/L)."""
    recode: dict[int, dict[str, str]] = {}
    for position, column in enumerate(columns):
        changed = {
            code: redcap_code(code) for code, _ in column.choices if redcap_code(code) != code
        }
        if changed:
            recode[position] = changed
    return recode


def _recoded(row: Row, recode: dict[int, dict[str, str]]) -> Row:
    if not recode:
        return row
    values = list(row)
    for position, mapping in recode.items():
        value = values[position]
        values[position] = mapping.get(value, value) if isinstance(value, str) else value
    return tuple(values)


def record_rows(export: FlatExport, progress: Progress | None = None) -> Iterator[Row]:
    """Yield REDCap flat records: one patient row, then one repeating row per visit."""
    patient_columns = export.patient_columns
    visit_count = len(export.columns) - len(patient_columns)
    patient_recode = _recoder(patient_columns[1:])
    visit_recode = _recoder(export.columns[len(patient_columns) :])
    blank_patient = ("",) * (len(patient_columns) - 1)
    blank_visit = ("",) * visit_count
    for block in export.blocks(progress):
        record_id = block.prefix[0]
        patient = _recoded(block.prefix[1:], patient_recode)
        yield (record_id, EVENT_NAME, "", "", *patient, *blank_visit)
        for instance, visit in enumerate(block.visits, start=1):
            values = _recoded(export.visit_values(block, visit), visit_recode)
            yield (record_id, EVENT_NAME, VISIT_INSTRUMENT, instance, *blank_patient, *values)


def write_redcap_zip(
    target: IO[bytes], export: FlatExport, progress: Progress | None = None
) -> int:
    """Write data_dictionary.csv, records.csv and README.txt into a ZIP; return records."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        with archive.open("data_dictionary.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(DICTIONARY_COLUMNS)
            writer.writerows(dictionary_row(column) for column in export.columns)
            text.flush()
            text.detach()
        with archive.open("records.csv", "w", force_zip64=True) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            writer = csv.writer(text)
            writer.writerow(
                ("record_id", *SYSTEM_FIELDS, *(column.name for column in export.columns[1:]))
            )
            for row in record_rows(export, progress):
                writer.writerow(row)
                count += 1
            text.flush()
            text.detach()
    return count
