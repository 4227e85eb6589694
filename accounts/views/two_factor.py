"""Enrolling an authenticator app, and verifying a session with it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.middleware import is_verified

from accounts.forms import TokenForm
from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record
from accounts.two_factor import (
    manual_secret,
    otp_not_required,
    qr_code_svg,
    totp_device_confirm,
    totp_device_match,
    totp_device_pending,
    totp_device_remove,
)
from patients.access import requires_two_factor

WRONG_CODE = "This code is not right. Try the code your app shows now."


def _next_url(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return default


@require_GET
def two_factor_status(request: HttpRequest) -> HttpResponse:
    """Show whether two-factor login is on, and offer to set it up or replace the app."""
    context = {
        "enrolled": user_has_device(request.user),
        "required": requires_two_factor(request.user),
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
            return redirect(_next_url(request, "accounts:two_factor"))
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
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        device = totp_device_match(user=request.user, token=token)  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request, "home"))
        security_event_record(
            kind=SecurityEventKind.OTP_FAILURE, request=request, detail={"step": "verify"}
        )
        form.add_error("token", WRONG_CODE)
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
    totp_device_remove(user=request.user)  # type: ignore[arg-type]
    messages.success(request, "Two-factor login is off.")
    return redirect("accounts:two_factor")


def _verify_redirect(request: HttpRequest) -> HttpResponse:
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
