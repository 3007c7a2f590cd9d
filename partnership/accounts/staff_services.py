"""Staff accounts, managed by administrators: create, change role, deactivate/reactivate,
reset the second factor. Every write is atomic and audited.

Rules kept here (the pages only ask):

- only an active administrator may do any of this (``NotAllowed`` otherwise);
- an administrator cannot take away their own administrator role, deactivate themselves or
  reset their own second factor, so there is always an administrator left and nobody locks
  themselves out by mistake. The acting administrator's row is locked together with the
  target's, so two administrators demoting each other at the same moment cannot both win;
- ``User.is_staff`` (entry to Django's admin) always equals "is an administrator", as in
  ``accounts.services.user_create``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user

from partnership.accounts.models import Language, StaffRole, User
from partnership.accounts.services import user_create
from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import NotAllowed
from partnership.core.mail import reverse_in, send_user_mail
from partnership.core.text import clean_text

STAFF_ROLES = (StaffRole.REVIEWER.value, StaffRole.ADMINISTRATOR.value)


def _require_administrator(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Only administrators can manage staff accounts."))


def _lock(actor: User, user: User) -> tuple[User, User]:
    """Lock the acting administrator's row and the target's (in id order) and check that the
    actor is still an active administrator now that nobody else can change them."""
    rows = {
        row.pk: row
        for row in User.objects.select_for_update()
        .filter(pk__in={actor.pk, user.pk})
        .order_by("pk")
    }
    locked_actor = rows.get(actor.pk)
    _require_administrator(locked_actor)
    target = rows.get(user.pk)
    if target is None:
        raise User.DoesNotExist(f"user {user.pk} does not exist")
    assert locked_actor is not None  # for mypy: _require_administrator raised otherwise
    return locked_actor, target


def _state(user: User) -> dict[str, Any]:
    return {"staff_role": user.staff_role, "is_staff": user.is_staff, "is_active": user.is_active}


# --- creating ----------------------------------------------------------------------------------


@transaction.atomic
def staff_create(
    *,
    actor: User,
    email: str,
    full_name: str,
    staff_role: str,
    language: str = Language.JA,
    context: RequestContext | None = None,
) -> User:
    """Open a staff account (reviewer or administrator) and email its owner, in ``language``,
    a link to choose a password.

    The account has no usable password until then; the link is Django's password-reset link
    (valid for ``PASSWORD_RESET_TIMEOUT``, once), and opening it also confirms the address.
    When it has expired, the person asks for a new one on the password-reset page. Raises
    ``Conflict`` when an account with this address exists, ``ValidationError`` for an
    unknown role or language."""
    _require_administrator(actor)
    errors: dict[str, Any] = {}
    if staff_role not in STAFF_ROLES:
        errors["staff_role"] = [_("Choose reviewer or administrator.")]
    if language not in Language.values:
        errors["language"] = [_("Choose a language from the list.")]
    if errors:
        raise ValidationError(errors)
    # Still an administrator now that nobody else can change that (see _lock).
    _require_administrator(User.objects.select_for_update().filter(pk=actor.pk).first())
    user = user_create(
        email=email,
        password=None,
        full_name=clean_text(full_name),
        language=language,
        staff_role=staff_role,
        actor=actor,
        context=context,
    )
    staff_send_welcome(user=user, actor=actor)
    return user


def staff_send_welcome(*, user: User, actor: User | None = None) -> None:
    """Email ``user`` (in their language) that a staff account was opened for them, with a
    link to choose a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    send_user_mail(
        user=user,
        name="staff_welcome",
        context={
            "inviter": actor,
            "role": StaffRole(user.staff_role).label,
            "set_password_url": reverse_in(
                user.language,
                "accounts:password_reset_confirm",
                kwargs={"uidb64": uid, "token": token},
            ),
            "expires": timezone.localtime(
                timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
            ),
            "login_url": reverse_in(user.language, "accounts:login"),
            "reset_url": reverse_in(user.language, "accounts:password_reset"),
        },
    )


# --- changing ----------------------------------------------------------------------------------


@transaction.atomic
def staff_change_role(
    *, actor: User, user: User, staff_role: str, context: RequestContext | None = None
) -> User:
    """Make ``user`` a reviewer or an administrator, or (``StaffRole.NONE``) take the staff
    role away: the account stays, as a company user's. Taking the administrator role away
    also takes away Django's superuser flag. Administrators cannot demote themselves."""
    _require_administrator(actor)
    if staff_role not in StaffRole.values:
        raise ValidationError({"staff_role": _("Choose a role from the list.")})
    locked_actor, target = _lock(actor, user)
    if target.pk == locked_actor.pk and staff_role != StaffRole.ADMINISTRATOR:
        raise NotAllowed(
            _(
                "You cannot take away your own administrator role. Ask another administrator "
                "to do it."
            ),
            code="self_demotion",
        )
    if target.staff_role == staff_role:
        return target
    before = {**_state(target), "is_superuser": target.is_superuser}
    target.staff_role = staff_role
    target.is_staff = staff_role == StaffRole.ADMINISTRATOR
    if not target.is_staff:
        target.is_superuser = False
    target.save(update_fields=["staff_role", "is_staff", "is_superuser"])
    audit_record(
        actor=locked_actor,
        action="staff.change_role",
        obj=target,
        before=before,
        after={**_state(target), "is_superuser": target.is_superuser},
        context=context,
    )
    return target


@transaction.atomic
def staff_set_active(
    *, actor: User, user: User, active: bool, context: RequestContext | None = None
) -> User:
    """Deactivate ``user`` (they can no longer log in, and are logged out of every session at
    their next request) or reactivate them. Administrators cannot deactivate themselves."""
    _require_administrator(actor)
    locked_actor, target = _lock(actor, user)
    if target.pk == locked_actor.pk and not active:
        raise NotAllowed(
            _("You cannot deactivate your own account. Ask another administrator to do it."),
            code="self_deactivation",
        )
    if target.is_active == active:
        return target
    before = _state(target)
    target.is_active = active
    target.save(update_fields=["is_active"])
    audit_record(
        actor=locked_actor,
        action="staff.reactivate" if active else "staff.deactivate",
        obj=target,
        before=before,
        after=_state(target),
        context=context,
    )
    return target


@transaction.atomic
def staff_reset_two_factor(
    *, actor: User, user: User, context: RequestContext | None = None
) -> int:
    """Delete every second-factor device of ``user`` (authenticator apps and backup codes),
    for someone who lost their phone: their sessions stop counting as verified, and at their
    next login they set up a new authenticator app. Returns how many devices were deleted.
    Administrators cannot reset their own."""
    _require_administrator(actor)
    locked_actor, target = _lock(actor, user)
    if target.pk == locked_actor.pk:
        raise NotAllowed(
            _(
                "You cannot reset your own two-factor authentication. Ask another "
                "administrator to do it."
            ),
            code="self_reset",
        )
    devices = list(devices_for_user(target, confirmed=None))
    kinds: dict[str, int] = {}
    for device in devices:
        label = type(device)._meta.label_lower
        kinds[label] = kinds.get(label, 0) + 1
        device.delete()
    audit_record(
        actor=locked_actor,
        action="staff.reset_two_factor",
        obj=target,
        before={"devices": len(devices), **kinds},
        after={"devices": 0},
        context=context,
    )
    return len(devices)
