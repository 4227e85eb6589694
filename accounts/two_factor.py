"""Two-factor login with TOTP (django-otp): enrolment, verification, and who must use it."""

from base64 import b32encode
from collections.abc import Callable
from typing import Any, TypeVar, cast

import qrcode
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

F = TypeVar("F", bound=Callable[..., Any])

DEVICE_NAME = "Authenticator app"


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
    """Return the user's confirmed device that accepts ``token``, or None (throttled)."""
    for device in devices_for_user(user):
        if verify_token(user, device.persistent_id, token) is not None:
            return cast(TOTPDevice, device)
    return None


def totp_device_remove(*, user: AbstractBaseUser) -> None:
    """Remove every two-factor device of the user."""
    TOTPDevice.objects.filter(user=user).delete()


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
