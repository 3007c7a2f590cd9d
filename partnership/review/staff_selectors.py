"""Reads for the staff-accounts pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import StaffRole, User
from partnership.audit.models import AuditEvent


def staff_members() -> QuerySet[User]:
    """Everyone with a staff role, active first, then by email; ``has_two_factor`` tells
    whether they have a confirmed authenticator app."""
    return (
        User.objects.exclude(staff_role=StaffRole.NONE)
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
        )
        .order_by("-is_active", "email")
    )


@dataclass(frozen=True)
class TwoFactorState:
    authenticator_apps: int
    backup_codes_left: int

    @property
    def set_up(self) -> bool:
        return self.authenticator_apps > 0


def two_factor_state(user: User) -> TwoFactorState:
    return TwoFactorState(
        authenticator_apps=TOTPDevice.objects.filter(user=user, confirmed=True).count(),
        backup_codes_left=StaticToken.objects.filter(
            device__user=user, device__confirmed=True
        ).count(),
    )


def events_about(user: User, limit: int = 20) -> list[AuditEvent]:
    """The latest audit events recorded on ``user``'s account (by anyone)."""
    return list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).order_by(
            "-created_at", "-id"
        )[:limit]
    )
