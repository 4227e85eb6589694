"""The cohort page: who sees it, what it lists, its count, sorting and shareable filters."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.auth import login_as
from tests.factories import MembershipFactory, PatientFactory, UserFactory, VisitFactory
from tests.registry.cohort.cohort_builders import add_antibodies, evaluate, remind

URL = reverse("cohort:list")


def names(response) -> list[str]:
    return [row.record.family_name for row in response.context["table"].page.object_list]


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_nurse_is_refused_the_cohort_page(client, personas):
    login_as(client, personas.nurse)

    assert client.get(URL).status_code == 403


def test_a_nurse_sees_no_cohort_link_in_the_navigation(client, personas):
    login_as(client, personas.nurse)

    page = client.get(reverse("patients:list")).content.decode()

    assert f'href="{URL}"' not in page
    assert "Reminders" in page


@pytest.mark.parametrize("role", ["clinician", "department_admin", "registry_admin"])
def test_clinicians_and_admins_find_the_cohort_in_the_navigation(client, personas, role):
    login_as(client, getattr(personas, role))

    page = client.get(reverse("patients:list")).content.decode()

    assert f'href="{URL}"' in page


@pytest.mark.parametrize("role", ["clinician", "department_admin", "registry_admin"])
def test_clinicians_and_admins_see_their_departments_cohort(client, personas, role):
    login_as(client, getattr(personas, role))

    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Homeward"]
    assert b"Elsewhere" not in response.content


def test_another_departments_patients_never_appear_even_when_asked_for(client, personas):
    login_as(client, personas.clinician)

    response = client.get(URL, {"department": [personas.other_department.pk]})

    assert response.status_code == 200
    assert b"Elsewhere" not in response.content
    assert response.context["count"] == 0
    assert b"Some filters are not valid" in response.content


def test_the_count_matches_the_filter(client, personas):
    for index in range(3):
        add_antibodies(
            PatientFactory(department=personas.department, family_name=f"Pos{index}"),
            hmgcr="positive",
        )
    login_as(client, personas.clinician)

    response = client.get(URL, {"antibody": "hmgcr"})

    assert response.context["count"] == 3
    assert b"<strong>3</strong> patients match these filters" in response.content
    assert sorted(names(response)) == ["Pos0", "Pos1", "Pos2"]


def test_the_filter_is_a_shareable_url(client, personas):
    login_as(client, personas.clinician)

    response = client.get(URL, {"subtype": ["dm", "pm"], "onset_after": "2019-01-01"})

    assert b"subtype=dm&amp;subtype=pm&amp;onset_after=2019-01-01" in response.content


def test_the_table_sorts_by_last_visit_and_pages(client, personas):
    for index in range(30):
        patient = PatientFactory(department=personas.department, family_name=f"P{index:02d}")
        VisitFactory(patient=patient, date=dt.date(2020, 1, 1) + dt.timedelta(days=index))
    login_as(client, personas.clinician)

    first = client.get(URL, {"sort": "-last_visit"})
    second = client.get(URL, {"sort": "-last_visit", "page": 2})

    assert names(first)[:2] == ["P29", "P28"]
    assert len(names(first)) == 25
    assert "Homeward" in names(second)
    assert first.context["count"] == 31


def _queries_for_cohort_of(client, user, department, size: int, url: str) -> int:
    for index in range(size):
        patient = PatientFactory(department=department, family_name=f"Q{size}-{index}")
        VisitFactory(patient=patient)
        add_antibodies(patient, hmgcr="positive")
        evaluate(patient, "refractory", dt.date(2021, 1, 1))
        remind(patient, "follow_up", dt.date(2021, 1, 1))
    login_as(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"antibody": "hmgcr"})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [URL, reverse("cohort:dashboard")])
def test_query_count_does_not_grow_with_the_cohort(client, db, url):
    small, large = [], []
    for size, found in ((1, small), (50, large)):
        user = UserFactory(username=f"clin{size}")
        department = MembershipFactory(user=user, role="clinician").department
        found.append(_queries_for_cohort_of(client, user, department, size, url))

    assert small == large


def test_the_table_shows_refractory_status_and_overdue_reminders(client, personas):
    evaluate(personas.patient, "refractory", dt.date(2024, 1, 1))
    remind(personas.patient, "follow_up", dt.date(2024, 2, 1))
    login_as(client, personas.clinician)

    response = client.get(URL, {"refractory": "refractory", "overdue": "any"})

    assert names(response) == ["Homeward"]
    row = response.context["table"].page.object_list[0]
    assert row.get_cell("refractory_status") == "Refractory"
    assert row.get_cell("overdue_count") == 1
