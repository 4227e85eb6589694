"""Let the database format numeric columns as CSV text, as its own COPY would.

Reading ninety numbers a row into Python objects only to turn them back into text is
where a Python CSV export loses its time. ``CsvText`` asks the database for the columns
already joined by commas: empty for NULL, booleans as 1/0, decimals with their declared
places (the text PostgreSQL's numeric type gives, reproduced with ``printf`` on SQLite).
Only columns whose text never needs CSV quoting may go through it.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DecimalField, F, Field, Func, Model, TextField
from django.db.models.sql.compiler import SQLCompiler

UNQUOTED_KINDS = ("integer", "decimal", "date", "boolean", "choice")
# Query parameters as the compiler passes them on (the type stubs' ``_ParamsT``).
Params = tuple[str | int, ...]


def needs_quoting(text: str) -> bool:
    return "," in text or '"' in text or "\n" in text or "\r" in text


def csv_field(value: object) -> str:
    """Return one value as a CSV field (quoted only when it must be)."""
    if value is None:
        return ""
    text = str(value)
    if needs_quoting(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[object]) -> str:
    """Return values as one CSV line without its terminator (quoting as the csv module)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


class CsvText(Func):
    """The given columns of a row as one comma-separated text, formatted by the database."""

    output_field = TextField()

    def __init__(self, model: type[Model], columns: Sequence[tuple[str, str]]) -> None:
        """Take ``(field name, kind)`` pairs of ``model``; kinds as in exports.columns."""
        self.formats: list[tuple[str, int | None]] = []
        for name, kind in columns:
            if kind not in UNQUOTED_KINDS:
                raise ValueError(f"{name} may need quoting: format it in Python")
            field = model._meta.get_field(name)
            if not isinstance(field, Field):
                raise ValueError(f"{name} is not a column of {model.__name__}")
            choices = field.choices or ()
            if kind == "choice" and any(needs_quoting(str(code)) for code, _ in choices):
                raise ValueError(f"{name} has choices that need quoting")
            places = field.decimal_places if isinstance(field, DecimalField) else None
            self.formats.append((kind, places))
        super().__init__(*(F(name) for name, _ in columns))

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> tuple[str, Params]:
        parts: list[str] = []
        params: list[str | int] = []
        for expression, (kind, places) in zip(
            self.get_source_expressions(), self.formats, strict=True
        ):
            sql, expression_params = compiler.compile(expression)
            text, uses = self._text(sql, kind, places, connection.vendor)
            parts.append(text)
            params.extend(list(expression_params) * uses)
        return " || ',' || ".join(parts), tuple(params)

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, Params]:
        """Use PostgreSQL's own row output (as fast as COPY's): ``(a,b,,c)`` without ``()``.

        A row's text leaves NULL empty and quotes only values with commas, quotes,
        parentheses or spaces, which the columns allowed here never hold.
        """
        parts: list[str] = []
        params: list[str | int] = []
        for expression, (kind, _) in zip(self.get_source_expressions(), self.formats, strict=True):
            sql, expression_params = compiler.compile(expression)
            parts.append(f"CAST({sql} AS integer)" if kind == "boolean" else sql)
            params.extend(expression_params)
        return f"btrim(CAST(ROW({', '.join(parts)}) AS text), '()')", tuple(params)

    @staticmethod
    def _text(sql: str, kind: str, places: int | None, vendor: str) -> tuple[str, int]:
        """Return the SQL of one column as text, and how often it uses the column's SQL."""
        if vendor == "sqlite" and kind == "decimal":
            return f"(CASE WHEN {sql} IS NULL THEN '' ELSE printf('%.{places}f', {sql}) END)", 2
        if kind == "boolean":
            sql = f"CAST({sql} AS integer)"
        return f"COALESCE(CAST({sql} AS text), '')", 1
