"""Writing to the security log: the one service every security event goes through."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from accounts.models import SecurityEvent, SecurityEventKind
from accounts.network import client_ip


def security_event_record(
    *,
    kind: SecurityEventKind,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> SecurityEvent:
    """Append one event; take the address and path from ``request`` when there is one.

    ``user`` defaults to the request's user. ``username`` is what was typed at a failed
    login; for a known user it is their username.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    # Only a signed-in user of the user model can be linked (as the foreign key requires).
    known = user if isinstance(user, get_user_model()) and user.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=known,
        username=(known.get_username() if known is not None else username)[:150],
        ip_address=client_ip(request) if request is not None else None,
        path=request.get_full_path()[:500] if request is not None else "",
        detail=detail or {},
    )
