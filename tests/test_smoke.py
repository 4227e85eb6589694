"""The app serves a login page and lets a user in."""

from tests.factories import TEST_PASSWORD


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_renders_offline_assets(client, db):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert b"/static/vendor/bootstrap/bootstrap.min.css" in response.content


def test_a_nurse_logs_in_and_sees_her_department(client, personas):
    response = client.post(
        "/accounts/login/", {"username": "nurse", "password": TEST_PASSWORD}, follow=True
    )

    assert response.status_code == 200
    assert b"Rheumatology North" in response.content
    assert b"Rheumatology South" not in response.content
