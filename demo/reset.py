"""Find and delete the demo data, so that the demo can be created again."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection, models

from demo.reference import DEPARTMENTS, demo_usernames
from infra.bulk_insert import quote
from patients.models import Department, Patient


def existing_demo_data() -> str:
    """Describe the demo departments and users already in the database ("" if none)."""
    departments = Department.objects.filter(code__in=[spec.code for spec in DEPARTMENTS])
    users = get_user_model().objects.filter(username__in=demo_usernames())
    found = [
        f"{count} demo {noun}"
        for count, noun in ((departments.count(), "departments"), (users.count(), "users"))
        if count
    ]
    return " and ".join(found)


def _history_table(model: type[models.Model]) -> str | None:
    history = getattr(model, "history", None)
    return None if history is None else quote(history.model._meta.db_table)


def _delete_rows(model: type[models.Model], ids_sql: str, params: Sequence[Any]) -> None:
    """Delete the rows whose id is in ``ids_sql``, what cascades from them, and history.

    Plain SQL keeps a reset of 20,000 patients to seconds: the ORM would load every row
    and write a deletion history row for each. History rows go by the parent's id, so
    those of rows already deleted through the app go too.
    """
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for relation in model._meta.related_objects:
            if relation.many_to_many or relation.on_delete is models.DO_NOTHING:
                continue
            child = relation.related_model
            column = quote(relation.field.column)
            child_table = quote(child._meta.db_table)
            child_pk = quote(child._meta.pk.column)
            child_ids = f"SELECT {child_pk} FROM {child_table} WHERE {column} IN ({ids_sql})"
            if relation.on_delete is not models.CASCADE:
                cursor.execute(f"SELECT COUNT(*) FROM ({child_ids}) blocking", params)
                if cursor.fetchone()[0]:
                    raise ValidationError(
                        f"Demo data is referenced by {child._meta.verbose_name_plural} "
                        "outside the demo; delete those first."
                    )
                continue
            _delete_rows(child, child_ids, params)
            if history_table := _history_table(child):
                cursor.execute(f"DELETE FROM {history_table} WHERE {column} IN ({ids_sql})", params)
        if history_table := _history_table(model):
            cursor.execute(f"DELETE FROM {history_table} WHERE {pk} IN ({ids_sql})", params)
        table = quote(model._meta.db_table)
        cursor.execute(f"DELETE FROM {table} WHERE {pk} IN ({ids_sql})", params)


def delete_demo_data() -> None:
    """Delete the demo departments with all their patients (and history), and demo users."""
    codes = [spec.code for spec in DEPARTMENTS]
    sql, params = (
        Patient.objects.filter(department__code__in=codes)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    _delete_rows(Patient, sql, list(params))
    Department.objects.filter(code__in=codes).delete()
    get_user_model().objects.filter(username__in=demo_usernames()).delete()
