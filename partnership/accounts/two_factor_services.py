"""The staff second factor: an authenticator app (TOTP) and single-use backup codes.

Every write goes through here, inside one transaction, with an audit event (the pages are in
``two_factor.py``). A wrong code is an ordinary answer, not an exception: the failed attempt,
its throttling counter and its audit event must be kept, so nothing may roll them back.
"""

from __future__ import annotations

import datetime as dt
import math
from base64 import b32encode
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import (
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import User
from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import NotAllowed

BACKUP_CODE_COUNT = 10
# Device names, shown to administrators only (django-otp's own admin pages).
TOTP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


@dataclass(frozen=True)
class CodeCheck:
    """The answer to a code typed by a staff member."""

    device: Device | None = None
    # Seconds to wait before the next try when django-otp's throttling refused to check the
    # code (too many wrong codes in a row); 0 otherwise.
    retry_after: int = 0
    # New backup codes (enrolment only), to be shown once.
    backup_codes: list[str] = field(default_factory=list)
    # Backup codes still unused after this check (a backup code was used).
    backup_codes_left: int | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


def has_two_factor(user: Any) -> bool:
    """True when ``user`` has a confirmed authenticator app."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def backup_codes_left(user: Any) -> int:
    """How many unused backup codes ``user`` has."""
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def format_backup_code(code: str) -> str:
    """``abcdefgh`` as ``abcd-efgh`` (easier to read out and to copy; the hyphen is optional
    when typing it back)."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


def _retry_after(device: Device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    locked_until: dt.datetime = data["locked_until"]
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


@transaction.atomic
def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator app ``user`` is setting up: an unconfirmed TOTP device, created on
    first use and reused afterwards, so that the QR code stays the same on every visit until
    it is confirmed."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _new_backup_codes(user: User) -> list[str]:
    """Replace ``user``'s backup codes (all of them) with ``BACKUP_CODE_COUNT`` new ones."""
    device = (
        StaticDevice.objects.select_for_update().filter(user=user).order_by("pk").first()
    ) or StaticDevice.objects.create(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    device.confirmed = True
    device.throttle_reset(commit=False)
    device.save()
    return sorted(codes)


@transaction.atomic
def two_factor_enrol(
    *,
    user: User,
    token: str,
    session_verified: bool,
    context: RequestContext | None = None,
) -> CodeCheck:
    """Confirm the authenticator app ``user`` is setting up with a ``token`` it shows.

    On success the device is confirmed, any earlier authenticator app of the user stops
    working, and a new set of backup codes is made (returned once, in ``backup_codes``).
    Replacing a confirmed app needs a session that has already passed the second factor
    (``session_verified``): a password alone must never be enough to take it over.
    """
    had_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if had_device and not session_verified:
        raise NotAllowed(
            _("Enter a code from your current authenticator app before setting up a new one.")
        )
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None:
        return CodeCheck()
    retry_after = _retry_after(device)
    if retry_after or not device.verify_token(token):
        audit_record(
            actor=user,
            action="user.otp_fail",
            obj=user,
            after={"method": "totp", "stage": "enrol", "throttled": bool(retry_after)},
            context=context,
        )
        return CodeCheck(retry_after=retry_after)
    replaced, _details = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_record(
        actor=user,
        action="user.otp_enrol",
        obj=user,
        after={
            "method": "totp",
            "replaced_devices": replaced,
            "backup_codes": len(codes),
        },
        context=context,
    )
    return CodeCheck(device=device, backup_codes=codes, backup_codes_left=len(codes))


@transaction.atomic
def two_factor_verify(
    *,
    user: User,
    token: str,
    backup: bool = False,
    context: RequestContext | None = None,
) -> CodeCheck:
    """Check a code from ``user``'s authenticator app, or (``backup``) one of their backup
    codes, which then stops working. The caller marks the session verified on success."""
    model = StaticDevice if backup else TOTPDevice
    # Locked, so that one code cannot be accepted twice by two requests at the same moment.
    devices = list(
        model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk")
    )
    method = "backup_code" if backup else "totp"
    retry_after = 0
    for device in devices:
        wait = _retry_after(device)
        if wait:
            retry_after = max(retry_after, wait)
            continue
        if device.verify_token(token):
            left = backup_codes_left(user) if backup else None
            after: dict[str, Any] = {"method": method}
            if left is not None:
                after["backup_codes_left"] = left
            audit_record(
                actor=user, action="user.otp_verify", obj=user, after=after, context=context
            )
            return CodeCheck(device=device, backup_codes_left=left)
    audit_record(
        actor=user,
        action="user.otp_fail",
        obj=user,
        after={"method": method, "stage": "verify", "throttled": bool(retry_after)},
        context=context,
    )
    return CodeCheck(retry_after=retry_after)


@transaction.atomic
def backup_codes_regenerate(*, user: User, context: RequestContext | None = None) -> list[str]:
    """Make ``BACKUP_CODE_COUNT`` new backup codes for ``user``; the old ones stop working.
    The codes are returned for showing them once; the pages never show them again."""
    codes = _new_backup_codes(user)
    audit_record(
        actor=user,
        action="user.otp_backup_codes",
        obj=user,
        after={"backup_codes": len(codes)},
        context=context,
    )
    return codes
