"""Insert (and update) many rows fast: COPY on PostgreSQL, with one simple-history row each.

The ORM's ``bulk_create`` (and simple-history's ``bulk_create_with_history``) prepares
every value of every row one by one, and again for the history rows: 2,000 demo patients
took 34 s, and the nightly sweep spent most of its time writing reminders. On PostgreSQL
these helpers instead draw ids from the table's sequence and ``COPY`` the rows and their
history rows in, filling the columns simple-history fills (history type "+", the change
reason, the user, the date). Elsewhere (SQLite) rows go in through ``bulk_create`` and
their history through one ``INSERT ... SELECT`` per batch.

Rows are dicts keyed by attribute name (``patient_id``, not ``patient``), holding Python
values of the fields' types (a ``date``, not "2025-01-31": the COPY is binary). What a row
leaves out gets the value ``bulk_create`` would give it: the field's default, and the
current time in ``auto_now``/``auto_now_add`` fields (also when the row gives one).
A check refuses a model whose history table has columns these helpers do not know.

``update_with_history`` writes objects changed in memory, with their "~" history rows,
in one statement on PostgreSQL (``QuerySet.bulk_update`` builds a ``CASE WHEN`` per
field and row, and resolving those expressions was most of the cost of a night's sweep).
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from infra.audit import audited, audited_bulk_update, current_user, is_audited

Row = dict[str, Any]
BATCH_SIZE = 5000
HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


def quote(name: str | None) -> str:
    """Return a table or column name quoted for SQL."""
    if not name:
        raise ValueError("a table or column without a name")
    return connection.ops.quote_name(name)


def column_of(field: object) -> str:
    """Return the database column of a concrete field."""
    column = getattr(field, "column", None)
    if not column:
        raise ValueError(f"{field} has no column")
    return str(column)


def _getter(names: Sequence[str]) -> Callable[[Row], tuple[Any, ...]]:
    """Return a function giving a row's values for ``names``, always as a tuple."""
    if len(names) == 1:
        (name,) = names
        return lambda row: (row[name],)
    return itemgetter(*names)


def _stamped(field: object) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


class _Table:
    """How to insert rows of one model: its columns and the values a row leaves out."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.template: Row = {}
        self.factories: dict[str, Callable[[], Any]] = {}
        self.stamped = [field.attname for field in self.fields if _stamped(field)]
        for field in self.fields:
            if field.has_default() and callable(field.default):
                self.factories[field.attname] = field.default
            elif not _stamped(field):
                self.template[field.attname] = field.get_default()
        # JSON goes through the field's encoder, as the ORM would send it.
        self.prepared = {
            field.attname: field for field in self.fields if isinstance(field, models.JSONField)
        }
        self.getter = _getter([field.attname for field in self.fields])
        self.pk = column_of(model._meta.pk)
        self.name = quote(model._meta.db_table)
        self.column_names = [column_of(field) for field in self.fields]
        self.columns = ", ".join(quote(column) for column in self.column_names)
        self.all_columns = f"{quote(self.pk)}, {self.columns}"
        self.history_name = self.history_table = ""
        self.history_model: Any = None
        if is_audited(model):
            history = self.history_model = model.history.model  # type: ignore[attr-defined]
            tracked = [column_of(field) for field in history.tracked_fields]
            own = {"history_id", *HISTORY_COLUMNS}
            extra = {column_of(f) for f in history._meta.concrete_fields} - set(tracked) - own
            expected = [self.pk, *(column_of(field) for field in self.fields)]
            if tracked != expected or extra:  # a simple-history upgrade changed the table: stop
                raise RuntimeError(f"The history table of {model.__name__} has unexpected columns")
            self.history_name = quote(history._meta.db_table)
            self.history_table = str(history._meta.db_table)

    def values(self, row: Row, stamps: Row) -> tuple[Any, ...]:
        """Return the row's values in column order (without the id), defaults filled in."""
        full = {**self.template, **row, **stamps}
        for attname, factory in self.factories.items():
            if attname not in row:
                full[attname] = factory()
        for attname, field in self.prepared.items():
            full[attname] = field.get_db_prep_value(full[attname], connection)
        return self.getter(full)


@functools.cache
def _table(model: type[models.Model]) -> _Table:
    return _Table(model)


def insert_with_history(
    model: type[models.Model],
    rows: Sequence[Row],
    *,
    when: dt.datetime,
    reason: str,
    user_id: int | None = None,
) -> list[int]:
    """Insert rows of an audited model and one "+" history row each; return their ids.

    The history rows carry ``when`` as their date, ``reason`` and ``user_id`` (None: no
    user, as when a job writes), and the same values as the rows themselves.
    """
    if not is_audited(model):
        raise ValueError(f"{model.__name__} keeps no history: use insert_rows")
    if not reason.strip():
        raise ValueError("An audited change needs a reason.")
    if not rows:
        return []
    table = _table(model)
    history = (when, reason, "+", user_id) if _history_enabled() else None
    if connection.vendor == "postgresql":
        return _copy(table, rows, history)
    ids = _bulk_create(table, rows)
    if history is not None:
        _history(table, ids, history)
    return ids


def insert_rows(model: type[models.Model], rows: Sequence[Row]) -> None:
    """Insert rows of a model that keeps no history (COPY on PostgreSQL)."""
    if is_audited(model):
        raise ValueError(f"{model.__name__} is audited: use insert_with_history")
    if not rows:
        return
    table = _table(model)
    if connection.vendor != "postgresql":
        _bulk_create(table, rows)
        return
    stamps = _stamps(table)
    with connection.cursor() as cursor:
        values = (table.values(row, stamps) for row in rows)
        _copy_in(cursor, table.model._meta.db_table, table.column_names, values)


def upsert_rows(
    model: type[models.Model], rows: Sequence[Row], *, unique: str, update: Sequence[str]
) -> None:
    """Insert rows of a model that keeps no history, updating the fields ``update`` where
    the field ``unique`` already has the row's value.

    On PostgreSQL: one ``INSERT ... SELECT FROM unnest(...) ON CONFLICT DO UPDATE`` with a
    typed array per column, sent as binary parameters (bound by the server, not spelled
    out in the SQL): about three times cheaper than ``bulk_create(update_conflicts=True)``
    and faster than COPY into a temporary table.
    """
    if is_audited(model):
        raise ValueError(f"{model.__name__} is audited: its changes need history rows")
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**row) for row in rows],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=[unique],
            update_fields=list(update),
        )
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field.attname in rows[0]]
    columns = ", ".join(quote(column_of(field)) for field in fields)
    arrays = ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
    changed = [quote(column_of(meta.get_field(name))) for name in update]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT * FROM unnest({arrays}) "
        f"ON CONFLICT ({quote(column_of(meta.get_field(unique)))}) DO UPDATE SET "
        + ", ".join(f"{column} = EXCLUDED.{column}" for column in changed)
    )
    getter = _getter([field.attname for field in fields])
    columns_values = [list(column) for column in zip(*map(getter, rows), strict=True)]
    connection.ensure_connection()
    # Django's cursor binds on the client; a plain psycopg cursor lets the server bind.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, columns_values)


def update_with_history(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    when: dt.datetime,
    reason: str,
) -> None:
    """Write the fields ``fields`` of objects changed in memory, and one "~" history row each.

    The history rows are what simple-history's ``bulk_update_with_history`` writes: each
    object's tracked values as they are in memory, ``when`` as their date, the object's own
    ``_change_reason`` or else ``reason``, and the object's ``_history_user``, or else the
    user of the enclosing ``infra.audit.audited`` block, or else the request's (none in
    a job). Nothing else is touched: ``version`` and ``updated_at`` are the caller's.

    On PostgreSQL this is one statement: the values go in as one typed array per column
    (binary parameters, as in ``upsert_rows``), the rows are updated from them and the
    history rows inserted from them. Elsewhere (SQLite) it is ``audited_bulk_update``.
    """
    if not is_audited(model):
        raise ValueError(f"{model.__name__} keeps no history: use QuerySet.bulk_update")
    if not reason.strip():
        raise ValueError("An audited change needs a reason.")
    if not fields:
        raise ValueError("Name the fields to update.")
    changed = [model._meta.get_field(name) for name in fields]
    if any(not isinstance(f, models.Field) or not f.concrete or f.primary_key for f in changed):
        raise ValueError(f"Only concrete fields other than the id can be updated: {fields}")
    ids = [obj.pk for obj in objs]
    if None in ids or len(set(ids)) != len(ids):
        raise ValueError("Each object to update needs an id, and may come only once.")
    if not objs:
        return
    if connection.vendor != "postgresql":
        with audited(reason=reason, user=current_user()):
            audited_bulk_update(model, objs, fields, default_date=when)
        return
    _update(_table(model), objs, changed, ids, when=when, reason=reason.strip())


def _update(
    table: _Table,
    objs: Sequence[models.Model],
    changed: Sequence[object],
    ids: list[Any],
    *,
    when: dt.datetime,
    reason: str,
) -> None:
    """Run the one ``UPDATE ... FROM unnest(...)`` (with its history ``INSERT``)."""
    meta = table.model._meta
    columns = [table.pk, *table.column_names]
    values = [ids]
    for field in table.fields:
        attname = field.attname
        if attname in table.prepared:
            values.append(
                [field.get_db_prep_value(getattr(obj, attname), connection) for obj in objs]
            )
        else:
            values.append([getattr(obj, attname) for obj in objs])
    types = _type_names(meta.db_table)
    history = _history_enabled()
    if history:
        columns += ["history_change_reason", "history_user_id"]
        types = {**types, **_type_names(table.history_table)}
        values.append([getattr(obj, "_change_reason", None) or reason for obj in objs])
        default_user = current_user()
        values.append([_history_user_id(table, obj, default_user) for obj in objs])
    names = ", ".join(map(quote, columns))
    arrays = ", ".join(f"%b::{types[column]}[]" for column in columns)
    pk = quote(table.pk)
    sets = ", ".join(f"{quote(column_of(f))} = v.{quote(column_of(f))}" for f in changed)
    update = f"UPDATE {table.name} AS t SET {sets} FROM v WHERE t.{pk} = v.{pk}"
    sql = f"WITH v ({names}) AS (SELECT * FROM unnest({arrays})) "
    params: list[Any] = values
    if history:
        tracked = ", ".join(map(quote, columns[:-2]))
        sql += (
            f", changed AS ({update}) INSERT INTO {table.history_name} "
            f"({tracked}, {', '.join(HISTORY_COLUMNS)}) SELECT {tracked}, %b, "
            "history_change_reason, '~', history_user_id FROM v"
        )
        params = [*values, when]
    else:
        sql += update
    connection.ensure_connection()
    # Django's cursor binds on the client; a plain psycopg cursor lets the server bind.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)


def _history_user_id(table: _Table, obj: models.Model, default: Any) -> int | None:
    """Return the id of the user a history row of ``obj`` names, as simple-history picks it:
    the object's own, else ``default`` (the ``audited`` block's), else the request's."""
    if hasattr(obj, "_history_user"):
        user = obj._history_user
    else:
        user = default or table.history_model.get_default_history_user(obj)
    return None if user is None else int(user.pk)


def _history_enabled() -> bool:
    return bool(getattr(settings, "SIMPLE_HISTORY_ENABLED", True))


def _bulk_create(table: _Table, rows: Sequence[Row]) -> list[int]:
    objs = [table.model(**row) for row in rows]
    table.model._default_manager.bulk_create(objs, batch_size=BATCH_SIZE)
    return [obj.pk for obj in objs]


def _stamps(table: _Table) -> Row:
    """Return the values of the ``auto_now``/``auto_now_add`` fields: the time now."""
    return dict.fromkeys(table.stamped, timezone.now())


def _copy(table: _Table, rows: Sequence[Row], history: tuple[Any, ...] | None) -> list[int]:
    """COPY the rows (and their history rows) in; return the ids drawn for them."""
    stamps = _stamps(table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table.model._meta.db_table, table.pk, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        values = [(pk, *table.values(row, stamps)) for pk, row in zip(ids, rows, strict=True)]
        columns = [table.pk, *table.column_names]
        _copy_in(cursor, table.model._meta.db_table, columns, values)
        if history is not None:
            columns += HISTORY_COLUMNS
            _copy_in(cursor, table.history_table, columns, [row + history for row in values])
    return ids


def _copy_in(
    cursor: Any, table: str, columns: list[str], values: Iterable[tuple[Any, ...]]
) -> None:
    """COPY rows into ``table`` in binary (a third of the cost of text for PostgreSQL),
    each value sent as its column's type."""
    types = _column_types(table)
    sql = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN (FORMAT BINARY)"
    with cursor.cursor.copy(sql) as copy:
        copy.set_types([types[column] for column in columns])
        for row_values in values:
            copy.write_row(row_values)


@functools.cache
def _columns(table: str) -> dict[str, tuple[int, str]]:
    """Return the type of each column of ``table`` (oid, name without length or precision:
    a value cast to it is checked when stored, not cut), read once from the catalogue."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid::int, format_type(atttypid, NULL) FROM pg_attribute"
            " WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
            [quote(table)],
        )
        return {str(name): (int(oid), str(type_name)) for name, oid, type_name in cursor}


@functools.cache
def _column_types(table: str) -> dict[str, int]:
    """Return the type (oid) of each column of ``table``."""
    return {name: oid for name, (oid, _) in _columns(table).items()}


@functools.cache
def _type_names(table: str) -> dict[str, str]:
    """Return the type name of each column of ``table``, as ``_columns`` gives it."""
    return {name: type_name for name, (_, type_name) in _columns(table).items()}


def _history(table: _Table, ids: list[int], history: tuple[Any, ...]) -> None:
    """Copy just-inserted rows into their history table, a batch at a time."""
    when, reason, history_type, user_id = history
    size = min(BATCH_SIZE, (connection.features.max_query_params or BATCH_SIZE) - 4)
    sql = (
        f"INSERT INTO {table.history_name} ({table.all_columns}, {', '.join(HISTORY_COLUMNS)}) "
        f"SELECT {table.all_columns}, %s, %s, %s, %s FROM {table.name} WHERE {quote(table.pk)} "
    )
    tail = [connection.ops.adapt_datetimefield_value(when), reason, history_type, user_id]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(sql + f"IN ({marks})", [*tail, *batch])
