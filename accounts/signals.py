"""Receivers that write logins, logouts, failures and lockouts to the security log."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.middleware import stamp_login_time
from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record


@receiver(user_logged_in, dispatch_uid="accounts_log_login")
def log_login(sender: object, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any) -> None:
    stamp_login_time(request)
    security_event_record(kind=SecurityEventKind.LOGIN_SUCCESS, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="accounts_log_logout")
def log_logout(
    sender: object, request: HttpRequest, user: AbstractBaseUser | None, **kwargs: Any
) -> None:
    if user is None:
        return
    reason = getattr(request, "logout_reason", "user")
    security_event_record(
        kind=SecurityEventKind.LOGOUT, request=request, user=user, detail={"reason": reason}
    )


@receiver(user_login_failed, dispatch_uid="accounts_log_login_failure")
def log_login_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    # Django has already masked the password in ``credentials``; only the username is kept.
    security_event_record(
        kind=SecurityEventKind.LOGIN_FAILURE,
        request=request,
        user=AnonymousUser(),
        username=str(credentials.get("username", "")),
    )


@receiver(user_locked_out, dispatch_uid="accounts_log_lockout")
def log_lockout(sender: object, request: HttpRequest, username: str | None, **kwargs: Any) -> None:
    security_event_record(
        kind=SecurityEventKind.LOCKOUT,
        request=request,
        user=AnonymousUser(),
        username=username or "",
    )
