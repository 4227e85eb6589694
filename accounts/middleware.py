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
ACTIVE_AT_SESSION_KEY = "accounts_active_at"


def stamp_login_time(request: HttpRequest) -> None:
    """Remember when the user logged in (absolute limit) and was last active (idle limit)."""
    now = timezone.now().timestamp()
    request.session[LOGIN_AT_SESSION_KEY] = now
    request.session[ACTIVE_AT_SESSION_KEY] = now


class SessionLifetimeMiddleware:
    """End a session after ``SESSION_IDLE_TIMEOUT`` seconds idle or ``SESSION_MAX_LIFETIME``.

    The session keeps the time of the user's last request, rewritten at most once every
    ``SESSION_ACTIVITY_WRITE_INTERVAL`` seconds, so most requests do not write the session
    row. ``SESSION_COOKIE_AGE`` (idle limit plus that interval) is only the backstop that
    lets Django clear sessions nobody comes back to. A session without a login time (from
    before this check existed) is treated as expired; each end is a logged logout.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        now = timezone.now().timestamp()
        if self._too_old(request, now):
            hours = settings.SESSION_MAX_LIFETIME // 3600
            return self._end(
                request, f"{hours}-hour session limit", f"Sessions last {hours} hours at most."
            )
        if self._idle(request, now):
            minutes = settings.SESSION_IDLE_TIMEOUT // 60
            return self._end(
                request,
                f"{minutes}-minute idle limit",
                f"You were logged out after {minutes} minutes without activity.",
            )
        self._note_activity(request, now)
        return self.get_response(request)

    @staticmethod
    def _too_old(request: HttpRequest, now: float) -> bool:
        started = request.session.get(LOGIN_AT_SESSION_KEY)
        if started is None:
            return True
        return bool(now - started > settings.SESSION_MAX_LIFETIME)

    @staticmethod
    def _idle(request: HttpRequest, now: float) -> bool:
        active = request.session.get(ACTIVE_AT_SESSION_KEY)
        return active is not None and bool(now - active > settings.SESSION_IDLE_TIMEOUT)

    @staticmethod
    def _note_activity(request: HttpRequest, now: float) -> None:
        """Move the last-activity stamp, writing the session only when it is a minute old."""
        active = request.session.get(ACTIVE_AT_SESSION_KEY)
        if active is None or now - active >= settings.SESSION_ACTIVITY_WRITE_INTERVAL:
            request.session[ACTIVE_AT_SESSION_KEY] = now

    @staticmethod
    def _end(request: HttpRequest, reason: str, message: str) -> HttpResponse:
        request.logout_reason = reason  # type: ignore[attr-defined]
        logout(request)
        messages.info(request, f"{message} Please log in again.")
        return redirect_to_login(request.get_full_path())


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
