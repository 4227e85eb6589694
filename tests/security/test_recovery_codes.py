"""Recovery codes: shown once, each logs in once, renewable, logged; a reused app code."""

import re

from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import SecurityEvent, SecurityEventKind
from accounts.recovery_codes import RECOVERY_CODE_COUNT, recovery_codes_issue
from accounts.two_factor import JUST_USED
from tests.auth import confirmed_device, current_token, login_verified
from tests.security.test_two_factor import logged_in, password_step

CODES_PAGE = "/accounts/two-factor/recovery-codes/"
CODE_SHOWN = re.compile(r"<li>([a-z2-7]{4}-[a-z2-7]{4})</li>")


def codes_on(response):
    return CODE_SHOWN.findall(response.content.decode())


def enrolled_with_codes(user):
    confirmed_device(user)
    return recovery_codes_issue(user=user, reason="test")


def code_step(client, code):
    return client.post("/accounts/login/code/", {"token": code})


def events(kind):
    return SecurityEvent.objects.filter(kind=kind)


def test_enrolment_shows_the_recovery_codes_once(client, personas):
    client.force_login(personas.department_admin)
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=personas.department_admin)

    shown = client.post(
        "/accounts/two-factor/enrol/", {"token": current_token(device), "next": "/"}, follow=True
    )
    again = client.get(CODES_PAGE)

    assert len(set(codes_on(shown))) == RECOVERY_CODE_COUNT
    assert codes_on(again) == []
    assert f"<strong>{RECOVERY_CODE_COUNT}</strong> unused" in again.content.decode()
    assert events(SecurityEventKind.RECOVERY_CODES_ISSUED).get().detail["reason"] == "enrolment"


def test_a_recovery_code_completes_the_login_and_its_use_is_logged(client, personas):
    codes = enrolled_with_codes(personas.department_admin)
    password_step(client, "department_admin")

    response = code_step(client, codes[0])

    assert response["Location"] == "/accounts/two-factor/"
    assert logged_in(client)
    assert client.get("/patients/").status_code == 200  # the session counts as verified
    event = events(SecurityEventKind.RECOVERY_CODE_USED).get()
    assert event.user == personas.department_admin
    assert event.detail == {"remaining": RECOVERY_CODE_COUNT - 1}


def test_a_recovery_code_is_accepted_as_printed_in_any_case(client, personas):
    codes = enrolled_with_codes(personas.nurse)
    password_step(client, "nurse")

    code_step(client, f"{codes[0][:4].upper()}-{codes[0][4:].upper()}")

    assert logged_in(client)


def test_a_recovery_code_works_only_once(client, personas):
    codes = enrolled_with_codes(personas.nurse)
    password_step(client, "nurse")
    code_step(client, codes[0])
    client.post("/accounts/logout/")
    password_step(client, "nurse")

    response = code_step(client, codes[0])

    assert b"This recovery code is not right, or it has been used already." in response.content
    assert not logged_in(client)
    assert events(SecurityEventKind.OTP_FAILURE).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, personas):
    old = enrolled_with_codes(personas.nurse)
    login_verified(client, personas.nurse)

    new = codes_on(client.post(CODES_PAGE, follow=True))

    assert len(new) == RECOVERY_CODE_COUNT
    stored = set(
        StaticToken.objects.filter(device__user=personas.nurse).values_list("token", flat=True)
    )
    assert stored == {code.replace("-", "") for code in new}
    assert stored.isdisjoint(old)
    assert events(SecurityEventKind.RECOVERY_CODES_ISSUED).first().detail["reason"] == "regenerated"


def test_the_two_factor_page_says_how_many_codes_are_left_and_offers_new_ones(client, personas):
    enrolled_with_codes(personas.nurse)
    login_verified(client, personas.nurse)

    page = client.get("/accounts/two-factor/").content.decode()

    assert f"<strong>{RECOVERY_CODE_COUNT}</strong> unused" in page
    assert f'action="{CODES_PAGE}"' in page


def test_an_admin_who_lost_the_phone_logs_in_with_a_code_and_sets_up_a_new_one(client, personas):
    admin = personas.registry_admin
    codes = enrolled_with_codes(admin)
    lost = TOTPDevice.objects.get(user=admin)
    password_step(client, "registry_admin")
    code_step(client, codes[0])

    client.get("/accounts/two-factor/enrol/")
    new = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post("/accounts/two-factor/enrol/", {"token": current_token(new)})

    assert response["Location"].startswith(CODES_PAGE)
    assert list(TOTPDevice.objects.filter(user=admin)) == [new]
    assert not TOTPDevice.objects.filter(pk=lost.pk).exists()
    assert len(codes_on(client.get(response["Location"]))) == RECOVERY_CODE_COUNT
    assert not StaticToken.objects.filter(token=codes[1]).exists()


def test_turning_two_factor_off_removes_the_recovery_codes(client, personas):
    enrolled_with_codes(personas.nurse)
    login_verified(client, personas.nurse)

    client.post("/accounts/two-factor/remove/")

    assert not StaticToken.objects.filter(device__user=personas.nurse).exists()


def test_reusing_an_app_code_within_its_window_says_so(client, personas):
    device = confirmed_device(personas.nurse)
    password_step(client, "nurse")
    token = current_token(device)
    code_step(client, token)
    client.post("/accounts/logout/")
    password_step(client, "nurse")

    response = code_step(client, token)

    assert JUST_USED.encode() in response.content
    assert b"This code is not right" not in response.content
    assert not logged_in(client)


def test_a_wrong_app_code_still_gets_the_usual_message(client, personas):
    device = confirmed_device(personas.nurse)
    password_step(client, "nurse")
    code_step(client, current_token(device))
    client.post("/accounts/logout/")
    password_step(client, "nurse")

    response = code_step(client, "000000" if current_token(device) != "000000" else "111111")

    assert b"This code is not right" in response.content
    assert JUST_USED.encode() not in response.content


def test_a_recovery_code_also_verifies_a_session_on_the_code_page(client, personas):
    codes = enrolled_with_codes(personas.registry_admin)
    client.force_login(personas.registry_admin)

    response = client.post("/accounts/two-factor/verify/", {"token": codes[0], "next": "/"})

    assert response["Location"] == "/accounts/two-factor/"
    assert client.get("/patients/").status_code == 200
