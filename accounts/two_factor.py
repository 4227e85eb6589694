"""Two-factor login with TOTP (django-otp): enrolment, codes at login, recovery codes."""

from base64 import b32encode
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

import qrcode
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp import verify_token
from django_otp.models import Device
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from accounts.models import SecurityEventKind
from accounts.recovery_codes import (
    RECOVERY_CODE_PATTERN,
    recovery_code_normalise,
    recovery_code_use,
)
from accounts.security_log import security_event_record

F = TypeVar("F", bound=Callable[..., Any])

DEVICE_NAME = "Authenticator app"
WRONG_CODE = "This code is not right. Try the code your app shows now."
JUST_USED = "This code was just used; wait for the next one."
WRONG_RECOVERY_CODE = "This recovery code is not right, or it has been used already."


def otp_not_required(view: F) -> F:
    """Mark a view reachable before the second factor (enrolment, verification, logout)."""
    view.otp_required = False  # type: ignore[attr-defined]
    return view


def totp_device_pending(*, user: AbstractBaseUser) -> TOTPDevice:
    """Return the user's device awaiting confirmation, creating one with a fresh secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a pending device with a code from it; it then replaces the user's other devices.

    Returns False, changing nothing, when the code is wrong (attempts are throttled).
    """
    with transaction.atomic():
        if verify_token(device.user, device.persistent_id, token) is None:
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return True


def totp_device_match(*, user: AbstractBaseUser, token: str) -> TOTPDevice | None:
    """Return the user's confirmed app that accepts ``token``, or None (throttled)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if verify_token(user, device.persistent_id, token) is not None:
            return device
    return None


def totp_enrolled(*, user: AbstractBaseUser) -> bool:
    """Return whether the user has a confirmed authenticator app."""
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_code_just_used(*, user: AbstractBaseUser, token: str) -> bool:
    """Return whether ``token`` is the app code last accepted, still within its time window.

    django-otp accepts each time step's code once (``last_t``); typing it again, for
    instance to log in a second time within the same 30 seconds, deserves its own message.
    """
    for device in TOTPDevice.objects.filter(user=user, confirmed=True, last_t__gte=0):
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
        if now - device.last_t > device.tolerance:
            continue
        last_code = hotp(device.bin_key, device.last_t, digits=device.digits)
        if token == f"{last_code:0{device.digits}d}":
            return True
    return False


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a second-factor code: the device that took it, or what to tell the user."""

    device: Device | None
    error: str = ""
    recovery: bool = False


def second_factor_check(
    *, user: AbstractBaseUser, token: str, step: str, request: HttpRequest
) -> CodeCheck:
    """Check an app code or a recovery code typed at login or to verify a session.

    A recovery code is used up and its use logged; any refusal is logged as a wrong code.
    """
    if RECOVERY_CODE_PATTERN.match(recovery_code_normalise(token)):
        static = recovery_code_use(user=user, code=token, request=request)
        if static is not None:
            return CodeCheck(device=static, recovery=True)
        check = CodeCheck(device=None, error=WRONG_RECOVERY_CODE)
    else:
        device = totp_device_match(user=user, token=token)
        if device is not None:
            return CodeCheck(device=device)
        reused = totp_code_just_used(user=user, token=token)
        check = CodeCheck(device=None, error=JUST_USED if reused else WRONG_CODE)
    security_event_record(
        kind=SecurityEventKind.OTP_FAILURE,
        request=request,
        user=user,
        detail={"step": step, "reason": check.error},
    )
    return check


def two_factor_devices_remove(*, user: AbstractBaseUser) -> None:
    """Remove the user's authenticator apps and recovery codes."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def qr_code_svg(device: TOTPDevice) -> SafeString:
    """Return the device's setup QR code as inline SVG markup (no style attributes)."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, border=2)
    markup = image.to_string(encoding="unicode")
    # Safe: qrcode builds this markup itself from our own otpauth URL.
    return cast(SafeString, mark_safe(markup))


def manual_secret(device: TOTPDevice) -> str:
    """Return the secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
