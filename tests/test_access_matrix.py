"""The access matrix: every URL, every persona, GET and POST, against a declared status.

Every named URL pattern of the project must have an entry in ``MATRIX``; a new page
without one fails ``test_every_url_pattern_is_in_the_matrix``, so no page ships
unprotected. The admin's own URLs are tested at the end: every one of them, filled with
another department's rows, refuses every persona (staff with every model permission
included) and admits only a verified superuser.

Adding a page is one entry, keyed by URL name::

    "assessments:visit_edit": Page(
        get=by_role(200),               # who may see the form
        post=by_role(302),              # who may submit it: saved, then redirected
        kwargs=record_kwargs("visit"),
        data=forms.visit_edit,          # a realistic submission (tests/matrix_forms.py)
    ),

``data`` is a dict, or a function of the department's objects and the URL's arguments
called for every request (a submission that creates or edits a row needs a free date or
the record's current version). A POST expected to be a 200 without ``data`` shows the
form's errors.

``kwargs`` builds the URL's arguments from one department's objects (``side``: its
department, patient, visit, biopsy, panel, result, course, test, diagnosis change); it is
called for every request, so it may create a fresh object when a request consumes one.
Every persona requests the HOME department's objects, so the outsider (a clinician of
the other department) exercises the IDOR case. For a page with ``kwargs``, every home
persona must also get the outsider's status when handed the OTHER department's objects.

Statuses: 200 shown, 302 redirected (anonymous to the login page), 403 refused (and
logged), 404 outside the user's departments, 405 method not allowed. Every 200 page is
also checked for the CSP header and for inline code the policy would block.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import SecurityEvent, SecurityEventKind
from patients.models import ExportContent, ExportDelivery, ExportFormat, ExportJob, ExportStatus
from registry.exports.jobs import export_path
from registry.record.history import patient_record_models
from tests import matrix_forms as forms
from tests.admin_urls import admin_urls
from tests.assessments.jobs.factories import RefractoryEvaluationFactory, ReminderFactory
from tests.auth import login_as, login_verified
from tests.csp import inline_code
from tests.factories import (
    AntibodyPanelFactory,
    AntibodyResultFactory,
    DiagnosisChangeFactory,
    DiagnosticTestFactory,
    MembershipFactory,
    MuscleBiopsyFactory,
    TherapyCourseFactory,
    VisitFactory,
)

PERSONAS = ("anonymous", "nurse", "clinician", "department_admin", "registry_admin", "outsider")
HOME_PERSONAS = PERSONAS[1:5]
LOGIN = 302  # what an anonymous visitor gets on a page that needs a login

ALL_ROLES = frozenset({"nurse", "clinician", "department_admin", "registry_admin"})
CLINICIANS = frozenset({"clinician", "department_admin", "registry_admin"})
ADMINS = frozenset({"department_admin", "registry_admin"})
REGISTRY_ADMINS = frozenset({"registry_admin"})


def everyone(status: int, *, anonymous: int = LOGIN) -> dict[str, int]:
    """The same status for every logged-in persona (and ``anonymous`` for visitors)."""
    return {"anonymous": anonymous} | dict.fromkeys(PERSONAS[1:], status)


def by_role(
    status: int,
    *,
    allowed: frozenset[str] = ALL_ROLES,
    denied: int = 403,
    outsider: int = 404,
) -> dict[str, int]:
    """``status`` for the home roles in ``allowed``, ``denied`` for the other home roles."""
    statuses = {role: status if role in allowed else denied for role in HOME_PERSONAS}
    return {"anonymous": LOGIN, **statuses, "outsider": outsider}


def no_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    return {}


def patient_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    return {"registry_id": side.patient.registry_id}


def department_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    return {"department_code": side.department.code}


def fresh_membership_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    """A new nurse membership per request: removing one must not starve the next request."""
    membership = MembershipFactory(department=side.department, role="nurse")
    return {"department_code": side.department.code, "membership_id": membership.pk}


def record_kwargs(attribute: str) -> Callable[[SimpleNamespace], dict[str, Any]]:
    """The patient and one of their records (``side.visit``, ``side.course``…) by id."""

    def kwargs(side: SimpleNamespace) -> dict[str, Any]:
        return {"registry_id": side.patient.registry_id, "pk": getattr(side, attribute).pk}

    kwargs.__name__ = f"{attribute}_kwargs"
    return kwargs


def fresh_course_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    """A new ongoing course per request: stopping one must not starve the next request."""
    return {
        "registry_id": side.patient.registry_id,
        "pk": TherapyCourseFactory(patient=side.patient).pk,
    }


def fresh_reminder_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    """A new open reminder per request: marking one done must not starve the next request."""
    return {"pk": ReminderFactory(patient=side.patient).pk}


def export_job_kwargs(side: SimpleNamespace) -> dict[str, Any]:
    """A finished export, with its file, of the side's department admin."""
    job = ExportJob.objects.create(
        user=side.export_owner,
        format=ExportFormat.CSV,
        content=ExportContent.IDENTIFIED,
        delivery=ExportDelivery.BACKGROUND,
        status=ExportStatus.DONE,
        row_count=1,
        file_name=f"matrix-{side.department.code}.csv",
    )
    export_path(job.file_name).parent.mkdir(parents=True, exist_ok=True)
    export_path(job.file_name).write_text("record_id\n")
    return {"pk": job.pk}


OWNER_ONLY = {"anonymous": LOGIN, **dict.fromkeys(PERSONAS[1:], 404), "department_admin": 200}


FormData = dict[str, Any] | Callable[[SimpleNamespace, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Page:
    get: dict[str, int]
    post: dict[str, int]
    kwargs: Callable[[SimpleNamespace], dict[str, Any]] = no_kwargs
    data: FormData = field(default_factory=dict)

    @property
    def scoped(self) -> bool:
        return self.kwargs is not no_kwargs

    def post_data(self, side: SimpleNamespace, kwargs: dict[str, Any]) -> dict[str, Any]:
        return self.data(side, kwargs) if callable(self.data) else self.data


def entry_form(data: FormData, kwargs: Callable[[SimpleNamespace], dict[str, Any]]) -> Page:
    """A data-entry form every role may use: shown, then saved and redirected."""
    return Page(get=by_role(200), post=by_role(302), kwargs=kwargs, data=data)


MATRIX: dict[str, Page] = {
    "home": Page(get=everyone(302), post=everyone(302)),  # to the patient list
    "login": Page(get=everyone(200, anonymous=200), post=everyone(200, anonymous=200)),
    "logout": Page(get=everyone(405), post=everyone(302)),
    "accounts:login_code": Page(
        get=everyone(302, anonymous=302), post=everyone(302, anonymous=302)
    ),
    "accounts:two_factor": Page(get=everyone(200), post=everyone(405)),
    "accounts:two_factor_enrol": Page(get=everyone(200), post=everyone(200)),
    "accounts:two_factor_verify": Page(get=everyone(302), post=everyone(302)),
    "accounts:two_factor_remove": Page(get=everyone(405), post=everyone(302)),
    # Shows fresh codes once (or how many are left); a POST makes a new set, then redirects.
    "accounts:recovery_codes": Page(get=everyone(200), post=everyone(302)),
    "accounts:password_change": Page(get=everyone(200), post=everyone(200)),
    "accounts:password_change_done": Page(get=everyone(200), post=everyone(405)),
    "accounts:security_log": Page(
        get=by_role(200, allowed=ADMINS, outsider=403), post=everyone(405)
    ),
    "accounts:members": Page(
        get=by_role(200, allowed=ADMINS), post=everyone(405), kwargs=department_kwargs
    ),
    "accounts:department_settings": Page(
        get=by_role(200, allowed=ADMINS),
        post=by_role(302, allowed=ADMINS),
        kwargs=department_kwargs,
        data=forms.department_settings,
    ),
    "accounts:member_add": Page(
        get=everyone(405), post=by_role(200, allowed=ADMINS), kwargs=department_kwargs
    ),
    "accounts:member_new": Page(
        get=everyone(405), post=by_role(200, allowed=ADMINS), kwargs=department_kwargs
    ),
    "accounts:member_role": Page(
        get=everyone(405),
        post=by_role(302, allowed=ADMINS),
        kwargs=fresh_membership_kwargs,
        data={"role": "clinician"},
    ),
    "accounts:member_remove": Page(
        get=by_role(200, allowed=ADMINS),
        post=by_role(302, allowed=ADMINS),
        kwargs=fresh_membership_kwargs,
    ),
    "patients:history": Page(get=by_role(200), post=everyone(405), kwargs=patient_kwargs),
    # Data entry: every role reads and enters; only clinicians and admins change a diagnosis.
    "patients:list": Page(get=everyone(200), post=everyone(405)),
    "patients:register": Page(get=everyone(200), post=everyone(302), data=forms.register),
    "patients:detail": Page(get=by_role(200), post=everyone(405), kwargs=patient_kwargs),
    "patients:edit": entry_form(forms.patient_edit, patient_kwargs),
    "patients:diagnosis_change": Page(
        get=by_role(200, allowed=CLINICIANS),
        post=by_role(302, allowed=CLINICIANS),
        kwargs=patient_kwargs,
        data=forms.diagnosis_change,
    ),
    "patients:biopsy_create": entry_form(forms.biopsy_create, patient_kwargs),
    "patients:biopsy_edit": entry_form(forms.biopsy_edit, record_kwargs("biopsy")),
    "patients:panel_create": entry_form(forms.panel_create, patient_kwargs),
    "patients:panel_edit": entry_form(forms.panel_edit, record_kwargs("panel")),
    "patients:test_create": entry_form(forms.test_create, patient_kwargs),
    "patients:test_edit": entry_form(forms.test_edit, record_kwargs("test")),
    "assessments:visit_create": entry_form(forms.visit_create, patient_kwargs),
    "assessments:visit_detail": Page(
        get=by_role(200), post=everyone(405), kwargs=record_kwargs("visit")
    ),
    "assessments:visit_edit": entry_form(forms.visit_edit, record_kwargs("visit")),
    "treatments:course_start": entry_form(forms.course_start, patient_kwargs),
    "treatments:course_edit": entry_form(forms.course_edit, record_kwargs("course")),
    "treatments:course_stop": entry_form(forms.course_stop, fresh_course_kwargs),
    # Reminders: every role reads the inbox and logs contact attempts; clinicians and
    # admins handle a reminder.
    "jobs:reminder_inbox": Page(get=everyone(200), post=everyone(405)),
    "jobs:reminder_snooze": Page(
        get=by_role(200, allowed=CLINICIANS),
        post=by_role(302, allowed=CLINICIANS),
        kwargs=fresh_reminder_kwargs,
        data=forms.reminder_snooze,
    ),
    "jobs:reminder_done": Page(
        get=by_role(200, allowed=CLINICIANS),
        post=by_role(302, allowed=CLINICIANS),
        kwargs=fresh_reminder_kwargs,
        data=forms.reminder_done,
    ),
    "jobs:reminder_dismiss": Page(
        get=by_role(200, allowed=CLINICIANS),
        post=by_role(302, allowed=CLINICIANS),
        kwargs=fresh_reminder_kwargs,
        data=forms.reminder_dismiss,
    ),
    "jobs:reminder_contact": Page(
        get=by_role(200),
        post=by_role(302),
        kwargs=fresh_reminder_kwargs,
        data=forms.reminder_contact,
    ),
    "jobs:worker_status": Page(get=by_role(200, allowed=ADMINS, outsider=403), post=everyone(405)),
    # Cohort: clinicians and admins (the outsider, a clinician, sees their own department).
    "cohort:list": Page(get=by_role(200, allowed=CLINICIANS, outsider=200), post=everyone(405)),
    "cohort:dashboard": Page(
        get=by_role(200, allowed=CLINICIANS, outsider=200), post=everyone(405)
    ),
    # Exports: admins only; a job is its owner's alone (anyone else's job is a 404).
    "cohort:export": Page(
        get=by_role(200, allowed=ADMINS, outsider=403),
        post=by_role(200, allowed=ADMINS, outsider=403),
        data=forms.cohort_export,
    ),
    "cohort:jobs": Page(get=by_role(200, allowed=ADMINS, outsider=403), post=everyone(405)),
    "cohort:job": Page(get=OWNER_ONLY, post=everyone(405), kwargs=export_job_kwargs),
    "cohort:job_status": Page(get=OWNER_ONLY, post=everyone(405), kwargs=export_job_kwargs),
    "cohort:job_download": Page(get=OWNER_ONLY, post=everyone(405), kwargs=export_job_kwargs),
}


def project_url_names(patterns: list[Any] | None = None, namespace: str = "") -> list[str]:
    """Return the full name of every URL pattern, recursively, except the admin's own."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += project_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"unnamed {pattern}")
    return names


def department_objects(department: Any, patient: Any, export_owner: Any) -> SimpleNamespace:
    panel = AntibodyPanelFactory(patient=patient)
    return SimpleNamespace(
        department=department,
        export_owner=export_owner,
        patient=patient,
        visit=VisitFactory(patient=patient, date=dt.date(2021, 1, 15)),
        biopsy=MuscleBiopsyFactory(patient=patient),
        panel=panel,
        result=AntibodyResultFactory(panel=panel),
        course=TherapyCourseFactory(patient=patient),
        test=DiagnosticTestFactory(patient=patient),
        diagnosis_change=DiagnosisChangeFactory(patient=patient),
    )


@pytest.fixture
def world(personas: Any) -> SimpleNamespace:
    return SimpleNamespace(
        personas=personas,
        home=department_objects(personas.department, personas.patient, personas.department_admin),
        other=department_objects(
            personas.other_department,
            personas.other_patient,
            MembershipFactory(department=personas.other_department, role="department_admin").user,
        ),
    )


def request_as(world: SimpleNamespace, persona: str, method: str, url: str, data: dict) -> Any:
    client = Client()
    if persona != "anonymous":
        login_as(client, getattr(world.personas, persona))
    return client.get(url) if method == "get" else client.post(url, data)


def body(response: Any) -> str:
    """Return the page's text, read from the stream for a streamed or file response."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def denials() -> int:
    return SecurityEvent.objects.filter(kind=SecurityEventKind.PERMISSION_DENIED).count()


def check(world: SimpleNamespace, name: str, side: SimpleNamespace, expected_for: Any) -> list:
    """Request the page as every persona; return (persona, method, expected, got) misses."""
    page = MATRIX[name]
    misses = []
    for method in ("get", "post"):
        for persona in PERSONAS:
            expected = expected_for(page, method, persona)
            if expected is None:
                continue
            kwargs = page.kwargs(side)
            url = reverse(name, kwargs=kwargs)
            data = page.post_data(side, kwargs) if method == "post" else {}
            before = denials()
            response = request_as(world, persona, method, url, data)
            if response.status_code != expected:
                misses.append((persona, method.upper(), url, expected, response.status_code))
            elif expected == 403:
                assert denials() == before + 1, f"{persona} {method} {url}: 403 not logged"
            elif expected == 200 and method == "get":
                assert "unsafe-inline" not in response["Content-Security-Policy"]
                assert inline_code(body(response)) == [], url
    return misses


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_persona_gets_the_declared_status(world, name):
    misses = check(
        world, name, world.home, lambda page, method, persona: getattr(page, method)[persona]
    )

    assert misses == []


@pytest.mark.parametrize("name", sorted(name for name, page in MATRIX.items() if page.scoped))
def test_another_departments_objects_are_out_of_reach_for_every_role(world, name):
    def as_outsider(page: Page, method: str, persona: str) -> int | None:
        return getattr(page, method)["outsider"] if persona in HOME_PERSONAS else None

    assert check(world, name, world.other, as_outsider) == []


def history_rows() -> int:
    return sum(model.history.count() for model in patient_record_models())  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name", sorted(name for name, page in MATRIX.items() if callable(page.data))
)
def test_each_realistic_submission_is_saved(world, name):
    page = MATRIX[name]
    kwargs = page.kwargs(world.home)
    data = page.post_data(world.home, kwargs)
    before = history_rows()

    response = request_as(world, "clinician", "post", reverse(name, kwargs=kwargs), data)

    assert response.status_code == 302
    assert history_rows() > before


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(set(project_url_names()) - set(MATRIX))

    assert missing == [], "add these URL names to MATRIX in tests/test_access_matrix.py"


def test_the_matrix_names_only_urls_that_exist():
    assert sorted(set(MATRIX) - set(project_url_names())) == []


def test_every_page_declares_every_persona_for_both_methods():
    incomplete = [
        name
        for name, page in MATRIX.items()
        if set(page.get) != set(PERSONAS) or set(page.post) != set(PERSONAS)
    ]

    assert incomplete == []


def admin_world(world: SimpleNamespace, django_user_model: Any) -> SimpleNamespace:
    """Make every persona staff with every model permission; add the rows the admin lists.

    Only a superuser enters the admin, so staff status and permissions must not be
    enough, whatever the role. The other department gets a reminder and a refractory
    evaluation, the rows a registry admin once read there by name.
    """
    every_permission = list(Permission.objects.all())
    for persona in PERSONAS[1:]:
        user = getattr(world.personas, persona)
        user.is_staff = True
        user.save()
        user.user_permissions.set(every_permission)
    for side in (world.home, world.other):
        ReminderFactory(patient=side.patient)
        RefractoryEvaluationFactory(patient=side.patient)
    world.superuser = django_user_model.objects.create_superuser(
        "root", "root@example.org", "x" * 16
    )
    return world


@pytest.fixture
def admin_site_world(world, django_user_model):
    return admin_world(world, django_user_model)


# Staff with every model permission, from most to least privileged; nurses and clinicians
# take the same path.
ADMIN_SITE_PERSONAS = ("registry_admin", "department_admin", "outsider")


def admin_request(client: Client, method: str, url: str) -> Any:
    return client.get(url, follow=True) if method == "get" else client.post(url, {}, follow=True)


def test_every_admin_url_refuses_everyone_but_a_superuser(admin_site_world):
    world = admin_site_world
    urls = admin_urls(world.personas.other_department)
    clients = {}
    for persona in ADMIN_SITE_PERSONAS:
        clients[persona] = Client()
        login_verified(clients[persona], getattr(world.personas, persona))
    misses = []
    for url in urls:
        for method in ("get", "post"):
            for persona, client in clients.items():
                before = denials()
                status = admin_request(client, method, url).status_code
                if status != 403 or denials() != before + 1:
                    misses.append((persona, method.upper(), url, status))

    assert misses == []


def test_every_admin_url_sends_an_anonymous_visitor_to_the_login_page(admin_site_world):
    urls = admin_urls(admin_site_world.personas.other_department)
    client = Client()

    landed = {url: client.get(url, follow=True).redirect_chain[-1][0] for url in urls}

    assert {url for url, at in landed.items() if not at.startswith("/accounts/login/")} == set()


def test_a_verified_superuser_reaches_every_admin_url(admin_site_world):
    client = Client()
    login_verified(client, admin_site_world.superuser)

    statuses = {
        url: client.get(url).status_code
        for url in admin_urls(admin_site_world.personas.other_department)
    }

    broken = [url for url, code in statuses.items() if code >= 500]
    # Refused even to a superuser: adding to or deleting from the read-only logs, and an
    # autocomplete request that names no field.
    refused = [url for url, code in statuses.items() if code == 403]
    assert broken == []
    assert [
        url for url in refused if not url.endswith(("/add/", "/delete/", "/autocomplete/"))
    ] == []
    assert 200 in statuses.values()
