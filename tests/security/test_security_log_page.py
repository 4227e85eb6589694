"""Admins read the security log: registry admins all of it, department admins their members'."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from tests.auth import login_as

URL = "/accounts/security-log/"


def record(kind, user=None, username=""):
    return security_event_record(kind=kind, user=user or AnonymousUser(), username=username)


def usernames_listed(response):
    return {event.username for event in response.context["page"]}


def make_events(personas):
    record(SecurityEventKind.LOGIN_SUCCESS, user=personas.nurse)
    record(SecurityEventKind.LOGIN_SUCCESS, user=personas.outsider)
    record(SecurityEventKind.LOGIN_FAILURE, username="clinician")
    record(SecurityEventKind.LOGIN_FAILURE, username="nobody")


def test_a_registry_admin_reads_every_event(client, personas):
    make_events(personas)
    login_as(client, personas.registry_admin)

    response = client.get(URL)

    assert {"nurse", "outsider", "clinician", "nobody"} <= usernames_listed(response)


def test_a_department_admin_reads_only_their_members_events(client, personas):
    make_events(personas)
    login_as(client, personas.department_admin)

    listed = usernames_listed(client.get(URL))

    assert {"nurse", "clinician"} <= listed
    assert "outsider" not in listed
    assert "nobody" not in listed


def test_the_log_filters_by_kind(client, personas):
    make_events(personas)
    login_as(client, personas.registry_admin)

    response = client.get(URL, {"kind": "login_failure"})

    assert usernames_listed(response) == {"clinician", "nobody"}


def test_a_nurse_is_refused_and_the_refusal_is_logged(client, personas):
    login_as(client, personas.nurse)

    response = client.get(URL)

    assert response.status_code == 403
    login_as(client, personas.registry_admin)
    kinds = [event.kind for event in client.get(URL).context["page"]]
    assert SecurityEventKind.PERMISSION_DENIED in kinds


def test_the_page_takes_as_many_queries_for_many_events_as_for_few(client, personas):
    login_as(client, personas.department_admin)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    make_events(personas)
    few = count()
    for _ in range(20):
        make_events(personas)

    assert count() == few


def test_the_account_menu_offers_admin_pages_to_admins_only(client, personas):
    login_as(client, personas.department_admin)
    admin_home = client.get("/patients/").content.decode()
    login_as(client, personas.nurse)
    nurse_home = client.get("/patients/").content.decode()

    assert "Members of Rheumatology North" in admin_home
    assert URL in admin_home
    assert URL not in nurse_home
    assert "Two-factor login" in nurse_home
