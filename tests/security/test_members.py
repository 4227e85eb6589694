"""Department admins manage their department's members; every change is logged."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SecurityEvent, SecurityEventKind
from patients.models import Membership
from tests.auth import login_as
from tests.factories import MembershipFactory, UserFactory

LIST = "/accounts/departments/north/members/"
STRONG_PASSWORD = "a-long-enough-passphrase"


def role_of(user, department):
    return Membership.objects.get(user=user, department=department).role


@pytest.fixture
def admin_client(client, personas):
    login_as(client, personas.department_admin)
    return client


def test_the_page_lists_members_with_role_and_two_factor(admin_client, personas):
    response = admin_client.get(LIST)

    assert response.status_code == 200
    content = response.content.decode()
    for username in ("nurse", "clinician", "department_admin", "registry_admin"):
        assert username in content
    assert "outsider" not in content


def test_the_page_takes_as_many_queries_for_many_members_as_for_few(admin_client, personas):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(LIST).status_code == 200
        return len(context.captured_queries)

    few = count()
    for _ in range(10):
        MembershipFactory(department=personas.department, role="nurse")

    assert count() == few


def test_an_existing_user_is_added_with_a_role_and_logged(admin_client, personas):
    newcomer = UserFactory(username="newcomer")

    response = admin_client.post(
        f"{LIST}add/", {"add-username": "newcomer", "add-role": "clinician"}
    )

    assert response.status_code == 302
    assert role_of(newcomer, personas.department) == "clinician"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.MEMBERSHIP_CHANGE)
    assert event.user == personas.department_admin
    assert event.detail["action"] == "added"
    assert event.detail["member"] == "newcomer"


def test_an_unknown_username_is_refused_on_the_username_field(admin_client, personas):
    response = admin_client.post(f"{LIST}add/", {"add-username": "ghost", "add-role": "nurse"})

    assert response.status_code == 200
    assert response.context["add_form"].errors["username"] == [
        "No user has this username. Create a new user instead."
    ]


def test_an_existing_member_cannot_be_added_twice(admin_client, personas):
    response = admin_client.post(f"{LIST}add/", {"add-username": "nurse", "add-role": "nurse"})

    assert "already belongs" in response.context["add_form"].errors["username"][0]


def test_a_new_account_is_created_and_can_log_in(admin_client, client, personas):
    response = admin_client.post(
        f"{LIST}new/",
        {
            "new-username": "rnew",
            "new-first_name": "Rosa",
            "new-last_name": "New",
            "new-email": "rosa@example.org",
            "new-password": STRONG_PASSWORD,
            "new-role": "nurse",
        },
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(username="rnew")
    assert user.check_password(STRONG_PASSWORD)
    assert role_of(user, personas.department) == "nurse"


def test_a_short_password_is_refused_and_nothing_is_created(admin_client, personas):
    response = admin_client.post(
        f"{LIST}new/",
        {
            "new-username": "rnew",
            "new-first_name": "Rosa",
            "new-last_name": "New",
            "new-email": "rosa@example.org",
            "new-password": "short-pw",
            "new-role": "nurse",
        },
    )

    assert response.status_code == 200
    assert "at least 12 characters" in str(response.context["create_form"].errors["password"])
    assert not get_user_model().objects.filter(username="rnew").exists()


def test_a_taken_username_is_refused_on_the_username_field(admin_client, personas):
    response = admin_client.post(
        f"{LIST}new/",
        {
            "new-username": "outsider",
            "new-first_name": "O",
            "new-last_name": "S",
            "new-email": "o@example.org",
            "new-password": STRONG_PASSWORD,
            "new-role": "nurse",
        },
    )

    assert "username" in response.context["create_form"].errors


def membership_url(user, department, action):
    membership = Membership.objects.get(user=user, department=department)
    return f"{LIST}{membership.pk}/{action}/"


def test_a_role_is_changed_and_the_old_role_logged(admin_client, personas):
    admin_client.post(
        membership_url(personas.nurse, personas.department, "role"), {"role": "clinician"}
    )

    assert role_of(personas.nurse, personas.department) == "clinician"
    event = SecurityEvent.objects.get(kind=SecurityEventKind.MEMBERSHIP_CHANGE)
    assert event.detail["old_role"] == "nurse"
    assert event.detail["role"] == "clinician"


def test_a_department_admin_cannot_grant_registry_admin(admin_client, personas):
    url = membership_url(personas.nurse, personas.department, "role")

    response = admin_client.post(url, {"role": "registry_admin"}, follow=True)

    assert role_of(personas.nurse, personas.department) == "nurse"
    assert b"Choose one of the roles offered" in response.content


def test_a_department_admin_cannot_change_a_registry_admin(admin_client, personas):
    url = membership_url(personas.registry_admin, personas.department, "role")

    response = admin_client.post(url, {"role": "nurse"}, follow=True)

    assert role_of(personas.registry_admin, personas.department) == "registry_admin"
    assert b"Only a registry admin can" in response.content


def test_an_admin_cannot_change_their_own_membership(admin_client, personas):
    url = membership_url(personas.department_admin, personas.department, "remove")

    response = admin_client.post(url, follow=True)

    assert Membership.objects.filter(user=personas.department_admin).exists()
    assert b"ask another admin" in response.content


def test_a_registry_admin_can_grant_registry_admin(client, personas):
    login_as(client, personas.registry_admin)

    client.post(
        membership_url(personas.clinician, personas.department, "role"), {"role": "registry_admin"}
    )

    assert role_of(personas.clinician, personas.department) == "registry_admin"


def test_removal_asks_for_confirmation_then_removes_and_logs(admin_client, personas):
    url = membership_url(personas.nurse, personas.department, "remove")

    confirm = admin_client.get(url)
    admin_client.post(url)

    assert b"Remove" in confirm.content
    assert not Membership.objects.filter(user=personas.nurse).exists()
    assert get_user_model().objects.filter(username="nurse").exists()
    event = SecurityEvent.objects.get(kind=SecurityEventKind.MEMBERSHIP_CHANGE)
    assert event.detail["action"] == "removed"


def test_a_clinician_is_refused_the_members_page(client, personas):
    login_as(client, personas.clinician)

    assert client.get(LIST).status_code == 403


def test_another_departments_members_page_is_missing(admin_client, personas):
    assert admin_client.get("/accounts/departments/south/members/").status_code == 404


def test_another_departments_membership_is_missing(admin_client, personas):
    # The home department in the URL, the other department's membership id.
    url = membership_url(personas.outsider, personas.other_department, "role")

    response = admin_client.post(url, {"role": "nurse"})

    assert response.status_code == 404
    assert role_of(personas.outsider, personas.other_department) == "clinician"
