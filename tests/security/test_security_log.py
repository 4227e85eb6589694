"""Logins, logouts, failures and refusals are written to an append-only security log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.test import RequestFactory

from accounts.models import AppendOnlyError, SecurityEvent, SecurityEventKind
from accounts.views.errors import permission_denied
from tests.factories import TEST_PASSWORD


def login(client, username, password=TEST_PASSWORD, ip="10.0.0.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_successful_login_is_logged_with_user_and_address(client, personas):
    login(client, "nurse")

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_SUCCESS)
    assert event.user == personas.nurse
    assert event.username == "nurse"
    assert event.ip_address == "10.0.0.7"


def test_a_failed_login_is_logged_with_the_username_typed_and_no_password(client, personas):
    login(client, "nurse", password="wrong-password-123")

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILURE)
    assert event.user is None
    assert event.username == "nurse"
    assert "wrong-password-123" not in str(event.detail)


def test_a_failed_login_for_an_unknown_username_is_logged_too(client, db):
    login(client, "nobody-here")

    assert SecurityEvent.objects.filter(
        kind=SecurityEventKind.LOGIN_FAILURE, username="nobody-here"
    ).exists()


def test_a_logout_is_logged(client, personas):
    login(client, "nurse")

    client.post("/accounts/logout/")

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGOUT)
    assert event.user == personas.nurse
    assert event.detail == {"reason": "user"}


def test_a_refusal_is_logged_with_its_reason(personas):
    request = RequestFactory().get("/somewhere/", REMOTE_ADDR="10.0.0.9")
    request.user = personas.nurse

    response = permission_denied(request, PermissionDenied("can_change_diagnosis"))

    assert response.status_code == 403
    assert b"You cannot do this" in response.content
    event = SecurityEvent.objects.get(kind=SecurityEventKind.PERMISSION_DENIED)
    assert event.user == personas.nurse
    assert event.path == "/somewhere/"
    assert event.detail == {"reason": "can_change_diagnosis"}


def test_an_event_cannot_be_changed(db):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILURE, username="x")
    event.username = "y"

    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_event_cannot_be_deleted(db):
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILURE, username="x")

    with pytest.raises(AppendOnlyError):
        event.delete()


def test_events_cannot_be_updated_or_deleted_in_bulk(db):
    SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILURE, username="x")

    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(username="x").update(username="y")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get().username == "x"


def test_the_database_refuses_an_unknown_kind_of_event(db):
    with pytest.raises(IntegrityError, match="security_event_kind_valid"), transaction.atomic():
        SecurityEvent.objects.create(kind="made_up", username="x")


def test_on_postgresql_the_database_itself_refuses_changes(db):
    """PostgreSQL has a trigger; SQLite relies on the model and queryset (migration 0002)."""
    event = SecurityEvent.objects.create(kind=SecurityEventKind.LOGIN_FAILURE, username="x")
    statements = [
        ("UPDATE accounts_securityevent SET username = 'y' WHERE id = %s", [event.pk]),
        ("DELETE FROM accounts_securityevent WHERE id = %s", [event.pk]),
    ]
    if connection.vendor != "postgresql":
        return

    for sql, params in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    assert SecurityEvent.objects.get().username == "x"
