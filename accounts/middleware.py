"""Session limits (15 idle minutes, 10 hours at most) and the two-factor requirement."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device
from django_otp.middleware import is_verified

from patients.access import requires_two_factor

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
        return bool(timezone.now().timestamp() - started > settings.SESSION_MAX_LIFETIME)


class TwoFactorRequiredMiddleware:
    """Send admins without a verified second factor to enrolment or verification.

    Department admins, registry admins and superusers must log in with a TOTP code.
    Until they have enrolled a device, every page redirects them to enrolment; with a
    device but a session not yet verified, to the code page. Views marked
    ``@otp_not_required`` (enrolment, verification, logout) and pages open to anonymous
    visitors are exempt. Runs after ``OTPMiddleware`` and ``LoginRequiredMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], *args: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        if not getattr(view_func, "otp_required", True):
            return None
        if not getattr(view_func, "login_required", True):
            return None
        if not requires_two_factor(user):
            return None
        step = "verify" if user_has_device(user) else "enrol"
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(f'accounts:two_factor_{step}')}?{query}")
