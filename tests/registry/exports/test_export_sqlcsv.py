"""The fast CSV path (numbers formatted by the database) writes what the typed path writes."""

import csv
import io

import pytest

from assessments.models import Visit
from patients.models import Patient
from registry.exports.rows import FlatExport
from registry.exports.sqlcsv import CsvText, csv_field
from tests.registry.cohort.cohort_builders import full_patient


def test_csv_fields_are_quoted_only_when_they_must_be():
    assert csv_field(None) == ""
    assert csv_field(3) == "3"
    assert csv_field("Prednisolone; IVIG") == "Prednisolone; IVIG"
    assert csv_field('say "a", b') == '"say ""a"", b"'


def test_free_text_columns_cannot_go_through_the_database_formatter():
    with pytest.raises(ValueError, match="notes may need quoting"):
        CsvText(Visit, [("notes", "text")])


@pytest.mark.parametrize("content", ["identified", "deidentified"])
def test_database_formatted_lines_equal_the_typed_rows(personas, content):
    full_patient(personas.department)
    export = FlatExport(Patient.objects.all(), content=content)

    fast = list(csv.reader(io.StringIO("".join(export.csv_lines()))))
    buffer = io.StringIO()
    csv.writer(buffer).writerows(export.rows())
    typed = list(csv.reader(io.StringIO(buffer.getvalue())))

    assert fast[0] == [column.name for column in export.columns]
    assert fast[1:] == typed
    assert len(typed) == 4  # two patients without visits, one with two
