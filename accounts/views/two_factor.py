"""Enrolling an authenticator app, verifying a session with it, and recovery codes."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.middleware import is_verified

from accounts.forms import LoginCodeForm, TokenForm
from accounts.models import SecurityEventKind
from accounts.recovery_codes import recovery_code_display, recovery_codes_issue, recovery_codes_left
from accounts.security_log import security_event_record
from accounts.two_factor import (
    WRONG_CODE,
    manual_secret,
    otp_not_required,
    qr_code_svg,
    second_factor_check,
    totp_device_confirm,
    totp_device_pending,
    totp_enrolled,
    two_factor_devices_remove,
)
from patients.access import requires_two_factor

# New recovery codes wait here between the request that makes them and the page that
# shows them, once.
FRESH_CODES_SESSION_KEY = "accounts_fresh_recovery_codes"


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


@require_GET
def two_factor_status(request: HttpRequest) -> HttpResponse:
    """Show whether two-factor login is on, and offer to set it up or replace the app."""
    context = {
        "enrolled": totp_enrolled(user=request.user),  # type: ignore[arg-type]
        "required": requires_two_factor(request.user),
        "recovery_codes_left": recovery_codes_left(user=request.user),  # type: ignore[arg-type]
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@otp_not_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a QR code and secret for a new app; confirm it with a code from the app."""
    user = request.user
    if user_has_device(user) and not is_verified(user):
        return _verify_redirect(request)
    device = totp_device_pending(user=user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            security_event_record(kind=SecurityEventKind.OTP_ENROLLED, request=request)
            messages.success(request, "Two-factor login is on. Log in with a code from now on.")
            _issue_codes(request, reason="enrolment")
            query = urlencode({"next": _next_url(request, reverse("accounts:two_factor"))})
            return redirect(f"{reverse('accounts:recovery_codes')}?{query}")
        security_event_record(
            kind=SecurityEventKind.OTP_FAILURE, request=request, detail={"step": "enrolment"}
        )
        form.add_error("token", WRONG_CODE)
    context = {
        "form": form,
        "qr_svg": qr_code_svg(device),
        "secret": manual_secret(device),
        "required": requires_two_factor(user),
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
@otp_not_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a logged-in user with a device for a code, to verify this session."""
    if is_verified(request.user):
        return redirect(_next_url(request, "home"))
    if not user_has_device(request.user):
        return redirect("accounts:two_factor_enrol")
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = second_factor_check(
            user=request.user,  # type: ignore[arg-type]
            token=form.cleaned_data["token"],
            step="verify",
            request=request,
        )
        if check.device is not None:
            otp_login(request, check.device)
            if check.recovery:
                return recovery_login_redirect(request)
            return redirect(_next_url(request, "home"))
        form.add_error("token", check.error)
    context = {"form": form, "next": _next_url(request, "")}
    return render(request, "accounts/two_factor_verify.html", context)


@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor login off, for users whose role does not require it."""
    if not is_verified(request.user):
        return _verify_redirect(request)
    if requires_two_factor(request.user):
        messages.error(request, "Your role requires two-factor login; you can replace the app.")
        return redirect("accounts:two_factor")
    two_factor_devices_remove(user=request.user)  # type: ignore[arg-type]
    messages.success(request, "Two-factor login is off.")
    return redirect("accounts:two_factor")


@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Show new recovery codes once; a POST replaces the user's codes with a new set."""
    if request.method == "POST":
        if not is_verified(request.user):
            return _verify_redirect(request)
        if not totp_enrolled(user=request.user):  # type: ignore[arg-type]
            messages.error(request, "Recovery codes come with two-factor login: set it up first.")
            return redirect("accounts:two_factor")
        _issue_codes(request, reason="regenerated")
        return redirect("accounts:recovery_codes")
    fresh = request.session.pop(FRESH_CODES_SESSION_KEY, None)
    context = {
        "codes": [recovery_code_display(code) for code in fresh] if fresh else [],
        "left": recovery_codes_left(user=request.user),  # type: ignore[arg-type]
        "enrolled": totp_enrolled(user=request.user),  # type: ignore[arg-type]
        "next": _next_url(request, ""),
    }
    return render(request, "accounts/recovery_codes.html", context)


def recovery_login_redirect(request: HttpRequest) -> HttpResponse:
    """After a login with a recovery code, say how many are left and offer a new app."""
    left = recovery_codes_left(user=request.user)  # type: ignore[arg-type]
    messages.warning(
        request,
        f"You logged in with a recovery code; {left} left. If you lost your phone, "
        "replace the app below, which also gives you new recovery codes.",
    )
    return redirect("accounts:two_factor")


def _issue_codes(request: HttpRequest, *, reason: str) -> None:
    codes = recovery_codes_issue(user=request.user, reason=reason, request=request)  # type: ignore[arg-type]
    request.session[FRESH_CODES_SESSION_KEY] = codes


def _verify_redirect(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
