"""CSV, XLSX and data-dictionary writers: buffered, one chunk of rows in memory at a time."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from registry.exports.columns import Column
from registry.exports.rows import Row, batched

ROWS_PER_WRITE = 1000
DICTIONARY_HEADER = ("name", "label", "type", "unit", "allowed_values", "level", "note")


def iter_csv(header: Sequence[str], rows: Iterable[Row]) -> Iterator[bytes]:
    """Yield a UTF-8 CSV (RFC 4180) in blocks of ``ROWS_PER_WRITE`` rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for batch in batched(rows, ROWS_PER_WRITE):
        writer.writerows(batch)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def iter_lines(lines: Iterable[str]) -> Iterator[bytes]:
    """Yield UTF-8 blocks of ``ROWS_PER_WRITE`` ready-made CSV lines."""
    for batch in batched(lines, ROWS_PER_WRITE):
        yield "".join(batch).encode()


def dictionary_rows(columns: Sequence[Column]) -> Iterator[Row]:
    """Yield one data-dictionary row per column: name, label, type, unit, allowed values."""
    for column in columns:
        yield (
            column.name,
            column.label,
            column.kind,
            column.unit,
            column.allowed_values(),
            column.form,
            column.note,
        )


def iter_dictionary_csv(columns: Sequence[Column]) -> Iterator[bytes]:
    """Yield the data dictionary of ``columns`` as CSV."""
    return iter_csv(DICTIONARY_HEADER, dictionary_rows(columns))


def _text_cell(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """Return a cell that Excel shows as text even when it starts with '=' (no formula)."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _safe(sheet: WriteOnlyWorksheet, row: Row) -> list[Any]:
    return [
        _text_cell(sheet, value) if isinstance(value, str) and value.startswith("=") else value
        for value in row
    ]


def write_xlsx(target: IO[bytes], columns: Sequence[Column], rows: Iterable[Row]) -> int:
    """Write a workbook (sheets ``data`` and ``dictionary``) in write-only mode; return rows."""
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet("data")
    data.append([column.name for column in columns])
    count = 0
    for row in rows:
        data.append(_safe(data, row))
        count += 1
    dictionary = workbook.create_sheet("dictionary")
    dictionary.append(list(DICTIONARY_HEADER))
    for row in dictionary_rows(columns):
        dictionary.append(_safe(dictionary, row))
    workbook.save(target)
    return count
