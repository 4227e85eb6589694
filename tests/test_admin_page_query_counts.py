"""Admin-facing pages cost the same number of queries with 1 or 50 rows behind them."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from accounts.recovery_codes import recovery_codes_issue
from assessments.models import WorkerHeartbeat
from patients.models import ExportJob
from tests.auth import login_as, login_verified
from tests.factories import MembershipFactory, PatientFactory
from tests.test_query_counts import count_queries


def add_export_jobs(user, count):
    for _ in range(count):
        ExportJob.objects.create(
            user=user, format="csv", content="identified", delivery="streamed", status="done",
            row_count=3,
        )  # fmt: skip


def test_the_export_list_costs_the_same_with_one_or_fifty_exports(client, personas):
    login_as(client, personas.department_admin)
    add_export_jobs(personas.department_admin, 1)
    with_one = count_queries(client, reverse("cohort:jobs"))

    add_export_jobs(personas.department_admin, 49)
    with_fifty = count_queries(client, reverse("cohort:jobs"))

    assert with_one == with_fifty


def test_the_export_form_costs_the_same_with_one_or_fifty_patients(client, personas):
    login_as(client, personas.department_admin)
    with_one = count_queries(client, reverse("cohort:export"))

    PatientFactory.create_batch(49, department=personas.department)
    with_fifty = count_queries(client, reverse("cohort:export"))

    assert with_one == with_fifty


def test_the_worker_status_costs_the_same_with_one_or_fifty_workers(client, personas):
    login_as(client, personas.registry_admin)
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker="celery@0", last_seen=now)
    with_one = count_queries(client, reverse("jobs:worker_status"))

    for index in range(1, 50):
        WorkerHeartbeat.objects.create(
            worker=f"celery@{index}", last_seen=now - dt.timedelta(minutes=index)
        )
    with_fifty = count_queries(client, reverse("jobs:worker_status"))

    assert with_one == with_fifty


def test_the_register_form_costs_the_same_with_one_or_fifty_patients(client, personas):
    login_as(client, personas.nurse)
    with_one = count_queries(client, reverse("patients:register"))

    PatientFactory.create_batch(49, department=personas.department)
    with_fifty = count_queries(client, reverse("patients:register"))

    assert with_one == with_fifty


def test_the_department_settings_cost_the_same_with_one_or_fifty_members(client, personas):
    login_as(client, personas.department_admin)
    url = reverse("accounts:department_settings", args=[personas.department.code])
    with_one = count_queries(client, url)

    MembershipFactory.create_batch(49, department=personas.department, role="nurse")
    with_fifty = count_queries(client, url)

    assert with_one == with_fifty


def test_the_recovery_codes_page_costs_the_same_with_one_or_ten_codes_left(client, personas):
    login_verified(client, personas.department_admin)
    codes = recovery_codes_issue(user=personas.department_admin, reason="test")
    url = reverse("accounts:recovery_codes")
    with_ten = count_queries(client, url)

    StaticToken.objects.filter(token__in=codes[1:]).delete()
    with_one = count_queries(client, url)

    assert with_one == with_ten
