"""The admin site admits verified superusers only; every role works on the app's pages."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission

from accounts.models import SecurityEvent, SecurityEventKind
from patients.models import Patient
from tests.assessments.jobs.factories import ReminderFactory
from tests.auth import confirmed_device, login_verified


@pytest.fixture
def staff(personas):
    for role in ("nurse", "clinician", "department_admin", "registry_admin"):
        user = getattr(personas, role)
        user.is_staff = True
        user.save()
    return personas


@pytest.fixture
def root(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)


@pytest.fixture
def permitted_registry_admin(staff):
    """A registry admin who is staff and holds every model permission: still no superuser."""
    staff.registry_admin.user_permissions.set(Permission.objects.all())
    return staff.registry_admin


def test_a_superuser_without_a_verified_session_is_refused(client, root):
    confirmed_device(root)
    client.force_login(root)

    response = client.get("/admin/")

    assert response["Location"].startswith("/accounts/two-factor/verify/")


def test_the_admin_site_itself_refuses_an_unverified_session(rf, root):
    request = rf.get("/admin/")
    request.user = root
    request.user.otp_device = None  # what OTPMiddleware sets for an unverified session

    assert admin.site.has_permission(request) is False


@pytest.mark.parametrize("role", ["nurse", "clinician", "department_admin", "registry_admin"])
def test_every_role_gets_a_logged_403_even_as_staff(client, staff, role):
    login_verified(client, getattr(staff, role))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).exists()


def test_a_registry_admin_with_every_permission_cannot_read_another_departments_history(
    client, staff, permitted_registry_admin
):
    south = staff.other_patient
    version = Patient.history.filter(id=south.pk).earliest()
    login_verified(client, permitted_registry_admin)

    pages = [
        client.get(f"/admin/patients/patient/{south.pk}/history/", follow=True),
        client.get(f"/admin/patients/patient/{south.pk}/history/{version.pk}/", follow=True),
    ]

    assert [page.status_code for page in pages] == [403, 403]
    assert not any(south.family_name.encode() in page.content for page in pages)
    assert not any(south.hospital_number.encode() in page.content for page in pages)


def test_a_registry_admin_with_every_permission_cannot_change_another_department(
    client, staff, permitted_registry_admin
):
    south = staff.other_department
    reminder = ReminderFactory(patient=staff.other_patient)
    login_verified(client, permitted_registry_admin)

    responses = [
        client.post(
            f"/admin/patients/department/{south.pk}/change/",
            {"name": south.name, "code": south.code, "follow_up_months_active": 1},
            follow=True,
        ),
        client.post(
            f"/admin/assessments/reminder/{reminder.pk}/change/",
            {"due_date": "2030-01-01"},
            follow=True,
        ),
        client.post(
            "/admin/patients/membership/add/",
            {"user": permitted_registry_admin.pk, "department": south.pk, "role": "nurse"},
            follow=True,
        ),
    ]

    assert [response.status_code for response in responses] == [403, 403, 403]
    south.refresh_from_db()
    reminder.refresh_from_db()
    assert south.follow_up_months_active == 3
    assert str(reminder.due_date) == "2021-01-01"
    assert not permitted_registry_admin.memberships.filter(department=south).exists()


def test_an_anonymous_visitor_is_sent_to_the_sites_login(client, db):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_the_admins_login_page_sends_to_the_sites_login(client, db):
    response = client.get("/admin/login/?next=/admin/patients/")

    assert response["Location"] == "/accounts/login/?next=/admin/patients/"


def test_a_verified_superuser_enters_the_admin(client, root):
    login_verified(client, root)

    assert client.get("/admin/").status_code == 200


def test_an_edit_in_the_admin_is_audited_with_user_and_reason(client, root, staff):
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
