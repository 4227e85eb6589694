"""Recovery codes: one-time codes that stand in for the authenticator app (django-otp static).

A user who turns two-factor login on gets ``RECOVERY_CODE_COUNT`` codes, shown once. Each
logs in once in place of an app code, so a user who lost their phone can log in and set
up a new one without another admin. A new set replaces the old one. Issuing a set and
using a code are written to the security log.
"""

import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.models import SecurityEventKind
from accounts.security_log import security_event_record

RECOVERY_DEVICE_NAME = "Recovery codes"
RECOVERY_CODE_COUNT = 10
# StaticToken.random_token(): 5 random bytes in lower-case base32, 8 characters.
RECOVERY_CODE_PATTERN = re.compile(r"^[a-z2-7]{8}$")


def recovery_code_normalise(typed: str) -> str:
    """Return a typed code as stored: lower case, without the spaces or hyphen shown."""
    return re.sub(r"[\s-]", "", typed).lower()


def recovery_code_display(code: str) -> str:
    """Return a code as shown to the user, in two groups of four: ``abcd-efgh``."""
    return f"{code[:4]}-{code[4:]}"


def recovery_codes_issue(
    *, user: AbstractBaseUser, reason: str, request: HttpRequest | None = None
) -> list[str]:
    """Replace the user's recovery codes with a new set; return the codes (show them once)."""
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        for code in codes:
            device.token_set.create(token=code)
        security_event_record(
            kind=SecurityEventKind.RECOVERY_CODES_ISSUED,
            request=request,
            user=user,
            detail={"reason": reason, "count": len(codes)},
        )
    return sorted(codes)


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    """Return how many unused recovery codes the user has."""
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def recovery_code_use(
    *, user: AbstractBaseUser, code: str, request: HttpRequest | None = None
) -> StaticDevice | None:
    """Consume ``code`` if it is one of the user's; return the device that took it, or None.

    A used code is deleted, so it never works again; attempts are throttled like app codes.
    """
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return None
    matched = verify_token(user, device.persistent_id, recovery_code_normalise(code))
    if matched is None:
        return None
    security_event_record(
        kind=SecurityEventKind.RECOVERY_CODE_USED,
        request=request,
        user=user,
        detail={"remaining": recovery_codes_left(user=user)},
    )
    return device
