"""Read settings from the environment through one helper that fails fast.

Every value read from the environment goes through ``env_value``: a malformed value
raises ``ImproperlyConfigured`` naming the variable, so a typo stops the process at
start-up instead of surfacing later as odd behaviour.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

T = TypeVar("T")


def env_value(name: str, reader: Callable[..., T], default: Any = environ.Env.NOTSET) -> T:
    """Return ``reader(name, default=default)``, naming the variable on any malformed value."""
    try:
        return reader(name, default=default)
    except ImproperlyConfigured:
        raise
    except Exception as exc:  # environ raises ValueError, KeyError, UnicodeError...
        raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc


def env_bool(name: str, default: bool) -> bool:
    """Read a strict boolean: only true/false/1/0/yes/no/on/off are accepted."""
    raw = env.str(name, default="")
    if raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be true or false, got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Read an integer no smaller than ``minimum``."""
    value: int = env_value(name, env.int, default)
    if value < minimum:
        raise ImproperlyConfigured(f"Environment variable {name} must be >= {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, trimming blanks around items and dropping empty ones."""
    items: list[str] = env_value(name, env.list, default)
    return [item.strip() for item in items if item.strip()]


def env_secret(name: str, default: str) -> str:
    """Read a secret verbatim.

    django-environ reads a value starting with ``$`` as the name of another variable, so a
    random key starting with ``$`` would silently become ``default``; secrets skip that.
    """
    value: str = env.ENVIRON.get(name, default)
    return value


DATABASE_ENGINES = frozenset({"django.db.backends.sqlite3", "django.db.backends.postgresql"})


def env_database(name: str, default: str) -> dict[str, Any]:
    """Parse a database URL (sqlite:///path or postgres://...) into Django's settings.

    Messages never repeat the URL: it may hold a password.
    """
    url = env.str(name, default=default)
    if "://" not in url:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a database URL "
            "(expected sqlite:///path or postgres://user@host/name)"
        )
    scheme = url.split("://", 1)[0]
    try:
        config: dict[str, Any] = environ.Env.db_url_config(url)
    except Exception as exc:
        raise ImproperlyConfigured(f"Environment variable {name} is malformed: {exc}") from exc
    if config.get("ENGINE") not in DATABASE_ENGINES:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be a sqlite:// or postgres:// URL, not {scheme}://"
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"Environment variable {name} names no database")
    return config
