"""The admin site admits verified registry admins (and superusers) only, scoped to their data."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from accounts.models import SecurityEvent, SecurityEventKind
from patients.models import Patient
from tests.auth import confirmed_device, login_verified


@pytest.fixture
def staff(personas):
    for role in ("nurse", "clinician", "department_admin", "registry_admin"):
        user = getattr(personas, role)
        user.is_staff = True
        user.save()
    return personas


def test_a_verified_registry_admin_enters_the_admin(client, staff):
    login_verified(client, staff.registry_admin)

    assert client.get("/admin/").status_code == 200


def test_a_registry_admin_without_a_verified_session_is_refused(client, staff):
    confirmed_device(staff.registry_admin)
    client.force_login(staff.registry_admin)

    response = client.get("/admin/")

    assert response["Location"].startswith("/accounts/two-factor/verify/")


def test_the_admin_site_itself_refuses_an_unverified_session(rf, staff):
    request = rf.get("/admin/")
    request.user = staff.registry_admin
    request.user.otp_device = None  # what OTPMiddleware sets for an unverified session

    assert admin.site.has_permission(request) is False


@pytest.mark.parametrize("role", ["nurse", "clinician", "department_admin"])
def test_other_roles_get_a_logged_403_even_as_staff(client, staff, role):
    login_verified(client, getattr(staff, role))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).exists()


def test_an_anonymous_visitor_is_sent_to_the_sites_login(client, db):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_the_admins_login_page_sends_to_the_sites_login(client, db):
    response = client.get("/admin/login/?next=/admin/patients/")

    assert response["Location"] == "/accounts/login/?next=/admin/patients/"


def test_a_verified_superuser_enters_the_admin(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    login_verified(client, root)

    assert client.get("/admin/").status_code == 200


def test_a_registry_admin_sees_only_their_departments_patients_in_the_admin(client, staff):
    admin_user = staff.registry_admin
    admin_user.user_permissions.set(Permission.objects.filter(content_type__app_label="patients"))
    login_verified(client, admin_user)

    listing = client.get("/admin/patients/patient/")
    foreign = client.get(f"/admin/patients/patient/{staff.other_patient.pk}/change/")

    assert staff.patient.registry_id.encode() in listing.content
    assert staff.other_patient.registry_id.encode() not in listing.content
    assert foreign.status_code == 302  # the admin's "no such object" redirect


def test_an_edit_in_the_admin_is_audited_with_user_and_reason(client, django_user_model, staff):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    login_verified(client, root)
    patient = staff.patient
    url = f"/admin/patients/patient/{patient.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    data["given_name"] = "Marie"
    for flag in ("statin_exposure", "cancer_history", "family_history_neuromuscular"):
        if not data[flag]:
            data.pop(flag)

    response = client.post(url, data)

    assert response.status_code == 302
    row = Patient.history.filter(id=patient.pk).latest()
    assert row.given_name == "Marie"
    assert row.history_user == root
    assert row.history_change_reason == "Changed in the admin site"


def test_a_registry_admin_cannot_join_another_department_through_the_admin(client, staff):
    admin_user = staff.registry_admin
    admin_user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="patients", codename__contains="member")
    )
    login_verified(client, admin_user)

    listing = client.get("/admin/patients/membership/")
    response = client.post(
        "/admin/patients/membership/add/",
        {"user": admin_user.pk, "department": staff.other_department.pk, "role": "nurse"},
    )

    assert b"outsider" not in listing.content
    assert response.status_code == 200
    assert "department" in response.context["adminform"].form.errors
    assert not admin_user.memberships.filter(department=staff.other_department).exists()
