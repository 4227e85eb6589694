"""Sessions end after 15 idle minutes, after 10 hours whatever the activity, and at logout."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.middleware import LOGIN_AT_SESSION_KEY
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
    response = client.get(PAGE, follow=True)

    assert response.redirect_chain[0][0].startswith("/accounts/login/")
    assert b"Sessions last 10 hours at most" in response.content
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGOUT).get()
    assert event.detail == {"reason": "10-hour session limit"}


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
