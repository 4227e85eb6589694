"""A strict Content-Security-Policy is sent, and no page needs 'unsafe-inline'."""

import pytest

from tests.auth import login_verified
from tests.csp import inline_code
from tests.factories import MuscleBiopsyFactory, VisitFactory


def test_the_policy_header_is_strict(client, db):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy


def test_the_inline_code_scanner_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">'
        '<script src="/static/app.js"></script>'
        '<script id="data" type="application/json">{"a": 1}</script>'
    )

    assert [finding.split(":")[0] for finding in inline_code(html)] == [
        "inline <script>",
        "style attribute",
        "event-handler attribute",
        "javascript",
    ]


@pytest.fixture
def superuser_client(client, django_user_model, personas):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "x" * 16)
    login_verified(client, root)
    VisitFactory(patient=personas.patient)
    MuscleBiopsyFactory(patient=personas.patient)
    return client


ADMIN_PAGES = [
    "/admin/",
    "/admin/patients/patient/",
    "/admin/patients/patient/add/",
    "/admin/patients/antibodypanel/add/",
    "/admin/assessments/visit/",
    "/admin/accounts/securityevent/",
    "/admin/auth/user/",
    "/admin/auth/user/add/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_need_no_inline_code(superuser_client, path):
    response = superuser_client.get(path)

    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize("action", ["change", "history", "delete"])
def test_admin_pages_of_one_record_need_no_inline_code(superuser_client, personas, action):
    response = superuser_client.get(f"/admin/patients/patient/{personas.patient.pk}/{action}/")

    assert response.status_code == 200
    assert inline_code(response.content.decode()) == []
