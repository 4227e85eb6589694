"""Session limits: a session ends after 15 idle minutes (settings) and 10 hours at most."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

LOGIN_AT_SESSION_KEY = "accounts_login_at"


def stamp_login_time(request: HttpRequest) -> None:
    """Remember when the user logged in, for the absolute session limit."""
    request.session[LOGIN_AT_SESSION_KEY] = timezone.now().timestamp()


class SessionLifetimeMiddleware:
    """Log out a session older than ``SESSION_MAX_LIFETIME`` seconds, however active.

    Idle sessions are ended by Django itself: ``SESSION_COOKIE_AGE`` with
    ``SESSION_SAVE_EVERY_REQUEST`` pushes the expiry back on every request. A session
    without a login time (from before this check existed) is treated as expired.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            hours = settings.SESSION_MAX_LIFETIME // 3600
            request.logout_reason = f"{hours}-hour session limit"  # type: ignore[attr-defined]
            logout(request)
            messages.info(request, f"Sessions last {hours} hours at most. Please log in again.")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        started = request.session.get(LOGIN_AT_SESSION_KEY)
        if started is None:
            return True
        return timezone.now().timestamp() - started > settings.SESSION_MAX_LIFETIME
