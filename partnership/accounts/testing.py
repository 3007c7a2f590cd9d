"""Test helpers for pages behind the staff second factor (importable from any app's tests)."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.two_factor_services import TOTP_DEVICE_NAME


def current_code(device: TOTPDevice) -> str:
    """The code ``device``'s authenticator app would show now (with its leading zeros)."""
    totp = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{totp.token():0{device.digits}d}"


def verify_staff(client: Client, user: Any) -> TOTPDevice:
    """Log ``client`` in as ``user`` (a reviewer or administrator) if it is not already, and
    pass the second factor the real way: a new confirmed authenticator app for the user, and
    its current code entered on ``accounts:two_factor``. Returns the device.

    Each call adds a device, so calling it twice within 30 seconds still works (one code is
    accepted only once per device)."""
    if client.session.get("_auth_user_id") != str(user.pk):
        client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=True)
    # Rate-limit counters live in the cache, which outlives a test: a suite verifying many
    # staff sessions from 127.0.0.1 must not run into the per-address limit.
    with override_settings(RATELIMIT_ENABLE=False):
        response = client.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    if response.status_code != 302:
        raise AssertionError(
            f"two-factor verification of {user} failed: {response.status_code} "
            f"{response.content.decode()[:500]!r}"
        )
    return device
