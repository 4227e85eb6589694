"""Logging test clients in the way the site requires, second factor included.

Department admins, registry admins and superusers must have a verified TOTP device,
or every page redirects them to enrolment. Use ``login_as(client, user)`` for any
persona; ``login_verified`` forces the second factor for anyone.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from patients.access import requires_two_factor


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice:
    """Return the user's confirmed TOTP device, creating one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test phone", confirmed=True)


def current_token(device: TOTPDevice) -> str:
    """Return the code the device's app would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Client, user: AbstractBaseUser) -> TOTPDevice:
    """Log the client in with a confirmed device and a session verified by it."""
    device = confirmed_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_as(client: Client, user: AbstractBaseUser) -> None:
    """Log the client in as the site would: with a verified second factor where required."""
    if requires_two_factor(user):
        login_verified(client, user)
    else:
        client.force_login(user)
