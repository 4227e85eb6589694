"""Settings shared by every environment.

With no configuration at all the app runs on SQLite under ``var/`` and a Celery broker
on kombu's filesystem transport (no server needed). ``DATABASE_URL`` and
``CELERY_BROKER_URL`` switch to PostgreSQL and Redis.
"""

import datetime as dt
from pathlib import Path

import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    BASE_DIR,
    VAR_DIR,
    env,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_value,
)

# Lets classes the type stubs make generic take type arguments at runtime too
# (``admin.ModelAdmin[Patient]``); it adds ``__class_getitem__`` and nothing else.
django_stubs_ext.monkeypatch()

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", "insecure-local-key-change-me")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    # Django's admin, served by accounts.admin_site.RegistryAdminSite.
    "accounts.admin_apps.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_tables2",
    "simple_history",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "patients",
    "treatments",
    "assessments",
    "accounts",
    "registry",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    # Every page needs a login unless its view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Admins must enrol and use a TOTP device (views marked @otp_not_required excepted).
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a flagged lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.account_nav",
            ],
        },
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the Celery worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Behind N reverse proxies that append to X-Forwarded-For, the client address is the N-th
# from the right; with 0 the header is ignored (a client cannot choose its own address).
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)

AUTHENTICATION_BACKENDS = [
    "accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Lockout (django-axes) ------------------------------------------------------------
# Keyed on username and address together: an attacker elsewhere cannot lock a user out,
# and every lockout lifts by itself after the cool-off (never a permanent lockout).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Failures during a lockout do not restart the cool-off, so retrying cannot prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.network.client_ip"
# The security log (accounts.SecurityEvent) is the record of logins; axes keeps only
# the failure counters it needs.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# --- Content-Security-Policy (django-csp) ----------------------------------------------
# No 'unsafe-inline' anywhere: templates carry no inline <script>, style="" or on*=
# handlers (JavaScript lives in static/js, data goes through json_script), and a test
# scans every page for them. img-src allows data: for Bootstrap's inline SVG icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# --- Sessions ---------------------------------------------------------------------------
# A session ends after 15 minutes without a request, after 10 hours whatever the activity
# (both in accounts.middleware), and at logout. The last-activity stamp is written at
# most once a minute, so a page view rarely writes the session; the cookie and the
# session row outlive the idle limit by that minute, as a backstop for abandoned sessions.
SESSION_IDLE_TIMEOUT = 15 * 60
SESSION_ACTIVITY_WRITE_INTERVAL = 60
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT + SESSION_ACTIVITY_WRITE_INTERVAL
SESSION_MAX_LIFETIME = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Two-factor login (django-otp, TOTP) ---------------------------------------------
OTP_TOTP_ISSUER = "Myositis registry"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_value("DJANGO_TIME_ZONE", env.str, "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
EXPORT_ROOT = VAR_DIR / "exports"
# Exports with more rows than this run as a background job instead of streaming at once.
EXPORT_STREAM_MAX_ROWS = env_int("EXPORT_STREAM_MAX_ROWS", 5000)
# Days a background export file is kept before the scheduled clean-up deletes it.
EXPORT_RETENTION_DAYS = env_int("EXPORT_RETENTION_DAYS", 7, minimum=1)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

EMAIL_BACKEND = env_value(
    "DJANGO_EMAIL_BACKEND", env.str, "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_value("DJANGO_DEFAULT_FROM_EMAIL", env.str, "registry@localhost")

# --- Celery -------------------------------------------------------------------------
CELERY_BROKER_URL = env_value("CELERY_BROKER_URL", env.str, "filesystem://")
if not CELERY_BROKER_URL.startswith(("filesystem://", "redis://", "rediss://")):
    raise ImproperlyConfigured(
        "Environment variable CELERY_BROKER_URL must be a redis://, rediss:// or filesystem:// URL"
    )


def filesystem_broker_options(root: Path) -> dict[str, object]:
    """Return the options of kombu's filesystem transport keeping its messages under ``root``.

    Each settings module that may run beside another (the demo and the test suite) gives
    its own folder, so one's worker never takes the other's tasks.
    """
    broker, control = root / "broker", root / "control"
    for folder in (broker, control):
        folder.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(broker),
        "data_folder_out": str(broker),
        "control_folder": str(control),
        "store_processed": False,
    }


CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(VAR_DIR / "celery")
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360, minimum=1)
if CELERY_TASK_SOFT_TIME_LIMIT >= CELERY_TASK_TIME_LIMIT:
    # The soft limit lets a task clean up; at or above the hard limit it would never fire.
    raise ImproperlyConfigured(
        "Environment variable CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT"
    )
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis re-delivers unacknowledged tasks after this; keep it above the hard limit so a
    # long task is never run twice while still running.
    # Connect and socket timeouts: a save that queues a task must not hang on an
    # unreachable Redis; the error is swallowed and the nightly sweep catches up.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_TASK_TIME_LIMIT * 4,
        "socket_connect_timeout": 2,
        "socket_timeout": 5,
    }
CELERY_TASK_ALWAYS_EAGER = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# Acknowledge after the task has run, so a worker that dies mid-task gives it back.
CELERY_TASK_ACKS_LATE = True
# A task whose worker process was killed is re-queued rather than silently dropped.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Take one task at a time: long sweeps must not hoard work other workers could do.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Recycle worker processes now and then so a slow leak cannot grow without bound.
CELERY_WORKER_MAX_TASKS_PER_CHILD = 500
# JSON only: tasks take ids, never pickled objects.
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_value("DJANGO_LOG_LEVEL", env.str, "INFO")},
    # django-axes logs every reset at INFO; the security log is the record of logins.
    "loggers": {"axes": {"level": "WARNING"}},
}
