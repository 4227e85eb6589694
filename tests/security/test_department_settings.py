"""A department's admins set its follow-up intervals and lab limits on an app page, logged."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import SecurityEvent, SecurityEventKind
from tests.auth import login_as
from tests.matrix_forms import department_settings as VALID


def settings_url(department):
    return reverse("accounts:department_settings", args=[department.code])


@pytest.mark.parametrize("role", ["department_admin", "registry_admin"])
def test_an_admin_of_the_department_changes_its_follow_up_intervals(client, personas, role):
    login_as(client, getattr(personas, role))

    response = client.post(settings_url(personas.department), VALID)

    assert response.status_code == 302
    personas.department.refresh_from_db()
    assert personas.department.follow_up_months_active == 2
    assert personas.department.follow_up_months_stable == 4
    assert personas.department.ck_uln == Decimal("200")


def test_the_change_is_written_to_the_security_log_with_old_and_new_values(client, personas):
    login_as(client, personas.department_admin)

    client.post(settings_url(personas.department), VALID)

    event = SecurityEvent.objects.get(kind=SecurityEventKind.DEPARTMENT_SETTINGS)
    assert event.user == personas.department_admin
    assert event.detail["department"] == "north"
    assert event.detail["changes"]["follow_up_months_active"] == ["3", "2"]
    assert event.detail["changes"]["ck_uln"] == ["190.00", "200"]


def test_saving_unchanged_settings_logs_nothing(client, personas):
    login_as(client, personas.department_admin)
    department = personas.department
    unchanged = {name: str(getattr(department, name)) for name in VALID}

    response = client.post(settings_url(department), unchanged)

    assert response.status_code == 302
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.DEPARTMENT_SETTINGS).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("follow_up_months_stable", "1"),  # shorter than the active interval (2)
        ("follow_up_months_active", "0"),
        ("follow_up_months_stable", "25"),
        ("ck_uln", "0"),
    ],
)
def test_a_value_out_of_bounds_is_shown_on_its_field_and_nothing_is_saved(
    client, personas, field, value
):
    login_as(client, personas.department_admin)

    response = client.post(settings_url(personas.department), VALID | {field: value})

    assert response.status_code == 200
    assert response.context["form"].errors[field]
    personas.department.refresh_from_db()
    assert personas.department.follow_up_months_active == 3


def test_an_admin_of_another_department_cannot_reach_the_page(client, personas):
    login_as(client, personas.registry_admin)

    response = client.post(settings_url(personas.other_department), VALID)

    assert response.status_code == 404
    personas.other_department.refresh_from_db()
    assert personas.other_department.follow_up_months_active == 3


def test_the_account_menu_links_to_the_settings_of_each_administered_department(client, personas):
    login_as(client, personas.department_admin)

    page = client.get(reverse("patients:list"))

    assert settings_url(personas.department).encode() in page.content
    assert settings_url(personas.other_department).encode() not in page.content
