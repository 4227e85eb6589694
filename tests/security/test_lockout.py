"""Five wrong passwords lock a username out from one address for fifteen minutes."""

import datetime as dt

from axes.models import AccessAttempt

from accounts.models import SecurityEvent, SecurityEventKind
from tests.factories import TEST_PASSWORD


def login(client, password, *, username="nurse", ip="10.0.0.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, **kwargs):
    for attempt in range(5):
        login(client, f"wrong-password-{attempt}", **kwargs)


def move_time_forward(minutes):
    """Age every recorded failure, as if ``minutes`` had passed."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= dt.timedelta(minutes=minutes)
        attempt.save()


def test_four_failures_still_let_the_right_password_in(client, personas):
    for attempt in range(4):
        login(client, f"wrong-password-{attempt}")

    response = login(client, TEST_PASSWORD)

    assert response.status_code == 302


def test_the_fifth_failure_locks_out_with_a_clear_message(client, personas):
    fail_five_times(client)

    response = login(client, TEST_PASSWORD)

    assert response.status_code == 429
    assert b"Too many failed log-in attempts" in response.content
    assert b"15 minutes" in response.content
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_written_to_the_security_log(client, personas):
    fail_five_times(client)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOCKOUT)
    assert event.username == "nurse"
    assert event.ip_address == "10.0.0.7"


def test_the_same_user_from_another_address_is_not_locked_out(client, personas):
    fail_five_times(client, ip="10.6.6.6")

    response = login(client, TEST_PASSWORD, ip="10.0.0.8")

    assert response.status_code == 302


def test_another_user_from_the_same_address_is_not_locked_out(client, personas):
    fail_five_times(client, username="clinician")

    response = login(client, TEST_PASSWORD)

    assert response.status_code == 302


def test_the_lockout_lifts_after_the_fifteen_minute_cool_off(client, personas):
    fail_five_times(client)
    move_time_forward(minutes=16)

    response = login(client, TEST_PASSWORD)

    assert response.status_code == 302


def test_retrying_during_the_lockout_does_not_prolong_it(client, personas):
    fail_five_times(client)
    move_time_forward(minutes=10)
    login(client, "another-wrong-password")
    move_time_forward(minutes=6)

    response = login(client, TEST_PASSWORD)

    assert response.status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lockout(client, personas):
    for attempt in range(5):
        client.post(
            "/accounts/login/",
            {"username": "nurse", "password": f"wrong-{attempt}"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}",
        )

    response = login(client, TEST_PASSWORD, ip="127.0.0.1")

    assert response.status_code == 429
