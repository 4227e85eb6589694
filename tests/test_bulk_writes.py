"""Bulk writes to audited models go through infra/audit.py or infra/bulk_insert.py.

``bulk_create``, ``bulk_update`` and ``QuerySet.update`` skip ``save()`` and so would
write no history row. The scan below reads every first-party module (not tests, not
migrations) and refuses:

- any ``.bulk_create(`` / ``.bulk_update(`` unless called straight on a model that keeps
  no history (``Drug.objects.bulk_create(...)``);
- any ``.update(`` on a queryset that starts from an audited model
  (``Visit.objects.filter(...).update(...)``) or from a related manager that leads to one
  (``patient.visits.update(...)``);
- django-simple-history's own ``bulk_create_with_history`` / ``bulk_update_with_history``
  (they would write history rows without the reason ``audited()`` insists on).
"""

import ast
from pathlib import Path

from django.apps import apps
from django.db import models

from infra.audit import is_audited

ROOT = Path(__file__).resolve().parents[1]
# bench/ measures bare inserts inside a transaction it rolls back.
SKIPPED_DIRS = {".venv", "var", "node_modules", "static", "tests", "migrations", ".git", "bench"}
# The fast bulk insert copies each row into its history table itself (tested in
# tests/infra/test_bulk_insert.py), because simple-history's helper is too slow at 20k.
ALLOWED_FILES = {ROOT / "infra" / "audit.py", ROOT / "infra" / "bulk_insert.py"}
BULK_METHODS = {"bulk_create", "bulk_update"}
HISTORY_BULK_HELPERS = {"bulk_create_with_history", "bulk_update_with_history"}


def first_party_modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts) and path not in ALLOWED_FILES
    )


def model_names() -> tuple[set[str], set[str], set[str]]:
    """Return (audited model names, other model names, accessors leading to audited rows)."""
    audited, other, accessors = set(), set(), set()
    for model in apps.get_models():
        (audited if is_audited(model) else other).add(model.__name__)
        if not is_audited(model):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.remote_field.related_name:
                accessors.add(field.remote_field.related_name)
    return audited, other, accessors


def receiver_chain(node: ast.expr) -> list[str]:
    """Return the names along ``A.objects.filter(x).update``'s receiver, root first."""
    names: list[str] = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def violations_in(source: str, filename: str) -> list[str]:
    audited, other, accessors = model_names()
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        callee = getattr(node.func, "attr", getattr(node.func, "id", ""))
        if callee in HISTORY_BULK_HELPERS:
            found.append(f"{filename}:{node.lineno}: {callee} outside infra/audit.py")
            continue
        if not isinstance(node.func, ast.Attribute):
            continue
        method = node.func.attr
        chain = receiver_chain(node.func.value)
        root = chain[0] if chain else ""
        if method in BULK_METHODS and root not in other:
            found.append(f"{filename}:{node.lineno}: {method} outside infra/audit.py")
        elif method == "update" and (root in audited or accessors.intersection(chain)):
            found.append(f"{filename}:{node.lineno}: update() on an audited model")
    return found


def test_no_module_bulk_writes_an_audited_model_without_history():
    found = []
    for path in first_party_modules():
        found += violations_in(path.read_text(), str(path.relative_to(ROOT)))

    assert found == []


def test_the_scan_catches_the_writes_it_forbids():
    source = """
Visit.objects.bulk_create(visits)
queryset.bulk_update(rows, ["haq"])
Visit.objects.filter(patient=p).update(haq=1)
patient.therapy_courses.update(stop=None)
bulk_create_with_history(rows, AntibodyResult, default_user=user)
utils.bulk_update_with_history(rows, Visit, ["haq"])
"""

    assert len(violations_in(source, "example.py")) == 6


def test_the_scan_lets_through_writes_that_keep_no_history():
    source = """
Drug.objects.bulk_create(drugs)
Membership.objects.filter(user=u).update(role="nurse")
context.update({"a": 1})
"""

    assert violations_in(source, "example.py") == []
