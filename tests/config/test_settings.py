"""Settings start only from a sound environment, and say which variable is wrong.

Each case starts a fresh Python with a controlled environment, exactly as a server or a
worker would start, so nothing of the test process's own settings leaks in.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from config.celery_app import app

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup()"
PROBE = """
import json, os, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"],
    "name": str(db["NAME"]),
    "host": db["HOST"],
    "broker": settings.CELERY_BROKER_URL,
    "transport": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "hosts": settings.ALLOWED_HOSTS,
    "secret_key_as_given": settings.SECRET_KEY == os.environ.get("DJANGO_SECRET_KEY"),
}))
"""
NO_HOSTS = "DJANGO_ALLOWED_HOSTS must name at least one host"
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    "DATABASE_URL": "postgres://registry@db.example.org:5432/myositis",
}


def run(args: list[str], settings: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run Python in the project with only PATH, the settings module and ``environment``."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT_ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": settings, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def refusal(settings: str, **environment: str) -> str:
    """Return the ImproperlyConfigured message the settings stop with."""
    started = run(["-c", SETUP], settings, **environment)
    assert started.returncode != 0, "the settings started"
    last_line = started.stderr.strip().splitlines()[-1]
    prefix = "django.core.exceptions.ImproperlyConfigured: "
    assert last_line.startswith(prefix), started.stderr
    return last_line.removeprefix(prefix)


def probe(settings: str = "config.settings.local", **environment: str) -> dict[str, Any]:
    started = run(["-c", PROBE], settings, **environment)
    assert started.returncode == 0, started.stderr
    values: dict[str, Any] = json.loads(started.stdout)
    return values


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "nonsense"),
        ("DATABASE_URL", "redis://127.0.0.1:6379/0"),
        ("DATABASE_URL", "postgres://registry@db.example.org:notaport/myositis"),
        ("DATABASE_URL", "postgres://registry@db.example.org"),
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_CONN_MAX_AGE", "abc"),
        ("DATABASE_CONN_MAX_AGE", "-1"),
        ("CELERY_BROKER_URL", "nonsense"),
        ("CELERY_TASK_TIME_LIMIT", "ten minutes"),
        ("CELERY_TASK_SOFT_TIME_LIMIT", "360"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(variable: str, value: str) -> None:
    message = refusal("config.settings.local", **{variable: value})

    assert variable in message


def test_a_malformed_database_url_is_not_repeated_with_its_password() -> None:
    message = refusal("config.settings.local", DATABASE_URL="postgres//registry:s3cret@db/x")

    assert "DATABASE_URL" in message
    assert "s3cret" not in message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        pytest.param({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off", id="debug"),
        pytest.param({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set", id="no-key"),
        pytest.param(
            {"DJANGO_SECRET_KEY": "short-but-random-Xq7"}, "at least 50 characters", id="short"
        ),
        pytest.param(
            {"DJANGO_SECRET_KEY": "django-insecure-" + "x7Qz" * 12},
            "DJANGO_SECRET_KEY",
            id="insecure",
        ),
        pytest.param({"DJANGO_SECRET_KEY": "abab" * 15}, "DJANGO_SECRET_KEY", id="repetitive"),
        pytest.param({"DJANGO_ALLOWED_HOSTS": ""}, NO_HOSTS, id="empty-hosts"),
        pytest.param({"DJANGO_ALLOWED_HOSTS": " , "}, NO_HOSTS, id="blank-hosts"),
        pytest.param({"DJANGO_ALLOWED_HOSTS": None}, NO_HOSTS, id="unset-hosts"),
    ],
)
def test_production_refuses_an_unsafe_configuration(
    change: dict[str, str | None], problem: str
) -> None:
    environment = {**PRODUCTION_ENV, **change}

    message = refusal(
        "config.settings.production", **{k: v for k, v in environment.items() if v is not None}
    )

    assert problem in message


def test_with_no_configuration_the_app_uses_sqlite_and_a_filesystem_broker_under_var() -> None:
    settings = probe()

    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["name"] == str(PROJECT_ROOT / "var" / "db.sqlite3")
    assert settings["broker"] == "filesystem://"
    assert settings["transport"]["data_folder_in"].startswith(str(PROJECT_ROOT / "var"))


def test_a_postgres_url_selects_postgresql() -> None:
    settings = probe(DATABASE_URL="postgres://registry@db.example.org:5432/myositis")

    assert settings["engine"] == "django.db.backends.postgresql"
    assert (settings["host"], settings["name"]) == ("db.example.org", "myositis")


@pytest.mark.parametrize("time_limit", [None, "7200"])
def test_redis_redelivers_a_task_only_after_its_hard_time_limit(time_limit: str | None) -> None:
    limits = {"CELERY_TASK_TIME_LIMIT": time_limit} if time_limit else {}

    settings = probe(CELERY_BROKER_URL="redis://127.0.0.1:6379/3", **limits)

    assert settings["broker"].startswith("redis://")
    assert settings["transport"]["visibility_timeout"] > settings["time_limit"]


def test_a_save_never_waits_long_on_an_unreachable_redis() -> None:
    settings = probe(CELERY_BROKER_URL="redis://127.0.0.1:6379/3")

    assert 0 < settings["transport"]["socket_connect_timeout"] <= 5
    assert 0 < settings["transport"]["socket_timeout"] <= 10


def test_a_secret_key_starting_with_a_dollar_is_taken_as_given() -> None:
    environment = {**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "$" + secrets.token_urlsafe(60)}

    settings = probe("config.settings.production", **environment)

    assert settings["secret_key_as_given"]


def test_allowed_hosts_may_be_listed_with_spaces() -> None:
    environment = {**PRODUCTION_ENV, "DJANGO_ALLOWED_HOSTS": "registry.example.org, b.example.org"}

    settings = probe("config.settings.production", **environment)

    assert settings["hosts"] == ["registry.example.org", "b.example.org"]


def test_the_worker_acknowledges_late_one_task_at_a_time_within_time_limits() -> None:
    conf = app.conf

    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]


def test_a_valid_production_configuration_passes_the_deployment_checklist() -> None:
    checked = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        "config.settings.production",
        **PRODUCTION_ENV,
    )

    assert checked.returncode == 0, checked.stderr
    assert "System check identified no issues (0 silenced)." in checked.stdout
