"""Two-factor login with TOTP: anyone may enrol; admins must, before they can do anything."""

import re

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent, SecurityEventKind
from tests.auth import confirmed_device, current_token, login_verified
from tests.factories import TEST_PASSWORD


def password_step(client, username):
    return client.post("/accounts/login/", {"username": username, "password": TEST_PASSWORD})


def logged_in(client):
    return "_auth_user_id" in client.session


def lands_on_the_patient_list(client):
    response = client.get("/", follow=True)
    return response.status_code == 200 and response.redirect_chain == [("/patients/", 302)]


def test_a_user_without_a_device_logs_in_with_the_password_alone(client, personas):
    response = password_step(client, "nurse")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert logged_in(client)


def test_a_user_with_a_device_is_asked_for_a_code_before_being_logged_in(client, personas):
    confirmed_device(personas.nurse)

    response = password_step(client, "nurse")

    assert response["Location"] == "/accounts/login/code/"
    assert not logged_in(client)


def test_the_right_code_completes_the_login_with_a_verified_session(client, personas):
    device = confirmed_device(personas.department_admin)
    password_step(client, "department_admin")

    response = client.post("/accounts/login/code/", {"token": current_token(device)})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert lands_on_the_patient_list(client)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_SUCCESS).count() == 1


def test_a_wrong_code_is_refused_and_logged(client, personas):
    confirmed_device(personas.nurse)
    password_step(client, "nurse")

    response = client.post("/accounts/login/code/", {"token": "000000"})

    assert response.status_code == 200
    assert b"This code is not right" in response.content
    assert not logged_in(client)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_FAILURE).exists()


def test_the_code_page_without_a_password_step_sends_back_to_login(client, db):
    response = client.get("/accounts/login/code/")

    assert response["Location"] == "/accounts/login/"


def test_a_department_admin_without_a_device_is_sent_to_enrolment_from_every_page(client, personas):
    client.force_login(personas.department_admin)

    for path in ("/", f"/patients/{personas.patient.registry_id}/history/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/two-factor/enrol/?next=")


def test_a_registry_admin_with_an_unverified_session_is_sent_to_the_code_page(client, personas):
    confirmed_device(personas.registry_admin)
    client.force_login(personas.registry_admin)

    response = client.get("/")

    assert response["Location"] == "/accounts/two-factor/verify/?next=%2F"


def test_a_nurse_is_not_required_to_enrol(client, personas):
    client.force_login(personas.nurse)

    assert lands_on_the_patient_list(client)


def test_enrolment_shows_an_inline_svg_qr_code_and_the_secret(client, personas):
    client.force_login(personas.department_admin)

    response = client.get("/accounts/two-factor/enrol/")

    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<svg[^>]*>.*<path", content, re.S)
    assert "style=" not in content
    secret = response.context["secret"].replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)


def test_enrolment_confirmed_with_a_code_turns_two_factor_on_and_frees_the_admin(client, personas):
    client.force_login(personas.department_admin)
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=personas.department_admin)

    response = client.post(
        "/accounts/two-factor/enrol/", {"token": current_token(device), "next": "/"}
    )

    # First the recovery codes, shown once; they lead on to the page asked for.
    assert response["Location"] == "/accounts/two-factor/recovery-codes/?next=%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert lands_on_the_patient_list(client)
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_ENROLLED).exists()


def test_enrolment_with_a_wrong_code_leaves_two_factor_off(client, personas):
    client.force_login(personas.nurse)
    client.get("/accounts/two-factor/enrol/")

    response = client.post("/accounts/two-factor/enrol/", {"token": "123 456"})

    assert b"This code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=personas.nurse, confirmed=True).exists()


def test_a_new_app_replaces_the_old_one(client, personas):
    old = login_verified(client, personas.nurse)
    client.get("/accounts/two-factor/enrol/")
    new = TOTPDevice.objects.get(user=personas.nurse, confirmed=False)

    client.post("/accounts/two-factor/enrol/", {"token": current_token(new)})

    assert list(TOTPDevice.objects.filter(user=personas.nurse)) == [new]
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_an_admin_cannot_turn_two_factor_off(client, personas):
    login_verified(client, personas.department_admin)

    client.post("/accounts/two-factor/remove/")

    assert TOTPDevice.objects.filter(user=personas.department_admin).exists()


def test_a_nurse_can_turn_two_factor_off(client, personas):
    login_verified(client, personas.nurse)

    client.post("/accounts/two-factor/remove/")

    assert not TOTPDevice.objects.filter(user=personas.nurse).exists()


def test_the_code_field_rejects_anything_but_six_digits_or_a_recovery_code(client, personas):
    confirmed_device(personas.nurse)
    password_step(client, "nurse")

    response = client.post("/accounts/login/code/", {"token": "12ab"})

    assert b"Enter the 6 digits" in response.content
