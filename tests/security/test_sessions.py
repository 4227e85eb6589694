"""Sessions end after 15 idle minutes, after 10 hours whatever the activity, and at logout."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.middleware import ACTIVE_AT_SESSION_KEY, LOGIN_AT_SESSION_KEY
from accounts.models import SecurityEvent, SecurityEventKind


class Clock:
    """Moves ``django.utils.timezone.now`` forward, as the session code reads it."""

    def __init__(self, monkeypatch):
        self.offset = dt.timedelta()
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + self.offset)

    def advance(self, **kwargs):
        self.offset += dt.timedelta(**kwargs)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


PAGE = "/patients/"  # any page that needs a login; "/" only redirects to it


def is_logged_in(client):
    return client.get(PAGE).status_code == 200


def assert_logged_out(client, message, *, reason):
    """Assert the next request lands on the login page, says why, and the log records it."""
    response = client.get(PAGE, follow=True)

    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert message.encode() in response.content
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).get()
    assert event.detail == {"reason": reason}


def test_a_session_survives_fourteen_minutes_between_requests(client, personas, clock):
    client.force_login(personas.nurse)

    for _ in range(3):
        clock.advance(minutes=14)
        assert is_logged_in(client)


def test_a_session_ends_after_fifteen_idle_minutes(client, personas, clock):
    client.force_login(personas.nurse)
    assert is_logged_in(client)

    clock.advance(minutes=15, seconds=1)

    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_active_session_ends_after_ten_hours(client, personas, clock):
    client.force_login(personas.nurse)
    for _ in range(42):  # 42 x 14 minutes = 9 h 48 min of steady activity
        clock.advance(minutes=14)
        assert is_logged_in(client)

    clock.advance(minutes=14)

    assert_logged_out(client, "Sessions last 10 hours at most", reason="10-hour session limit")


def test_a_session_without_a_login_time_is_ended(client, personas):
    client.force_login(personas.nurse)
    session = client.session
    del session[LOGIN_AT_SESSION_KEY]
    session.save()

    assert not is_logged_in(client)


def test_logout_ends_the_session_on_the_server(client, personas):
    client.force_login(personas.nurse)
    session_key = client.session.session_key

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=session_key).exists()
    assert not is_logged_in(client)


def move_stamp_back(client, key, **kwargs):
    """Travel in time the cheap way: make a stamp in the stored session older."""
    session = client.session
    session[key] -= dt.timedelta(**kwargs).total_seconds()
    session.save()


def session_writes(client, url=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [
        query["sql"]
        for query in queries.captured_queries
        if "django_session" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_fifteen_idle_minutes_end_the_session_with_a_logged_reason(client, personas):
    client.force_login(personas.nurse)
    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, minutes=15, seconds=1)

    assert_logged_out(
        client, "logged out after 15 minutes without activity", reason="15-minute idle limit"
    )


def test_fourteen_idle_minutes_keep_the_session(client, personas):
    client.force_login(personas.nurse)
    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, minutes=14)

    assert is_logged_in(client)


def test_a_request_within_the_minute_does_not_write_the_session(client, personas):
    client.force_login(personas.nurse)
    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, seconds=50)

    assert session_writes(client) == []


def test_a_request_a_minute_after_the_stamp_writes_it_once(client, personas):
    client.force_login(personas.nurse)
    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, seconds=61)

    assert len(session_writes(client)) == 1
    assert session_writes(client) == []  # the next request, within the minute, writes nothing


def test_a_written_stamp_restarts_the_idle_limit(client, personas):
    client.force_login(personas.nurse)
    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, minutes=10)
    assert is_logged_in(client)  # writes the stamp: active now

    move_stamp_back(client, ACTIVE_AT_SESSION_KEY, minutes=10)

    assert is_logged_in(client)
