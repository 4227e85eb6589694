"""Authentication backends."""

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, skipped when there is no web request to key it on.

    Every login through the site passes its request. Calls without one (the test
    client's ``login()``, a management command) have no client address to lock, and
    axes would otherwise raise instead of letting the next backend answer.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        # Raises when locked out; otherwise lets the next backend authenticate.
        super().authenticate(request, username=username, password=password, **kwargs)
        return None
