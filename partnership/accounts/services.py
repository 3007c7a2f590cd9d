"""Every write to users and memberships goes through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from partnership.accounts import tokens
from partnership.accounts.models import Language, Membership, MembershipRole, StaffRole, User
from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import Conflict, InvalidTransition, NotAllowed
from partnership.core.mail import reverse_in, send_mail_to, send_user_mail
from partnership.core.text import clean_text


def _normalize_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = "ja",
    staff_role: str = StaffRole.NONE,
    email_verified: bool = False,
    actor: User | None = None,
    context: RequestContext | None = None,
) -> User:
    """Create an account. Staff roles may only be given by an administrator (or the system).

    ``email_verified`` marks the address as confirmed from the start (accounts created by the
    system or by staff who know the address); people who sign up confirm it by email.
    """
    if staff_role and actor is not None and not actor.is_administrator:
        raise NotAllowed(_("Only administrators can create staff accounts."))
    normalized = _normalize_email(email)
    if User.objects.filter(email=normalized).exists():
        raise Conflict(_("An account with this email address already exists."))
    user = User.objects.create_user(
        email=normalized,
        password=password,
        full_name=full_name,
        language=language,
        staff_role=staff_role,
        is_staff=staff_role == StaffRole.ADMINISTRATOR,
        email_verified_at=timezone.now() if email_verified else None,
    )
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={
            "email": user.email,
            "staff_role": user.staff_role,
            "email_verified": user.email_verified,
        },
        context=context,
    )
    return user


# --- signing up and confirming the address ---------------------------------------------------


def _language(value: str) -> str:
    return value if value in Language.values else settings.LANGUAGE_CODE


def _token_expiry() -> dt.datetime:
    return timezone.localtime(timezone.now() + tokens.TOKEN_MAX_AGE)


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    full_name: str,
    language: str,
    context: RequestContext | None = None,
) -> User | None:
    """Open an account for someone signing up on the site and email them a confirmation link.

    When the address already has an account, nothing is created and its owner gets an email
    saying so, with links to log in and to reset the password; the caller gets ``None`` and
    must answer exactly as for a new account, so that the page does not tell a stranger
    which addresses are registered.
    """
    normalized = _normalize_email(email)
    existing = User.objects.filter(email=normalized).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = user_create(
                    email=normalized,
                    password=password,
                    full_name=clean_text(full_name),
                    language=_language(language),
                    context=context,
                )
        except (Conflict, IntegrityError):
            # Someone signed up with the same address a moment ago.
            existing = User.objects.filter(email=normalized).first()
        else:
            user_send_verification(user=user)
            return user
    # Hash the password anyway, so that the answer takes as long as for a new account.
    make_password(password)
    if existing is not None and existing.is_active:
        send_user_mail(
            user=existing,
            name="account_signup_exists",
            context={
                "login_url": reverse_in(existing.language, "accounts:login"),
                "reset_url": reverse_in(existing.language, "accounts:password_reset"),
            },
        )
    return None


def user_send_verification(*, user: User) -> None:
    """Email ``user`` a link that confirms their address (valid for three days)."""
    token = tokens.make_verify_token(user_id=user.pk, email=user.email)
    send_user_mail(
        user=user,
        name="account_verify",
        context={
            "verify_url": reverse_in(user.language, "accounts:verify", kwargs={"token": token}),
            "expires": _token_expiry(),
        },
    )


@transaction.atomic
def user_verify_email(*, token: str, context: RequestContext | None = None) -> User:
    """Confirm the address a verification link was sent to.

    Raises ``tokens.ExpiredToken`` / ``tokens.BadToken`` for a link that is out of date or
    not ours, and ``InvalidTransition`` when the account's address has changed since the link
    was sent. Opening the link again later does nothing and raises nothing.
    """
    data = tokens.read_verify_token(token)
    user = User.objects.select_for_update().filter(pk=data.user_id, is_active=True).first()
    if user is None or user.email != data.email:
        raise InvalidTransition(
            _("This link is no longer valid: the email address of the account has changed."),
            code="stale_link",
        )
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_record(
            actor=user,
            action="user.verify_email",
            obj=user,
            after={"email": user.email},
            context=context,
        )
    return user


# --- settings: profile, password, address ----------------------------------------------------


@transaction.atomic
def user_update_profile(
    *,
    user: User,
    full_name: str,
    language: str,
    actor: User | None = None,
    context: RequestContext | None = None,
) -> User:
    """Change the name and the language (of the pages after login and of every email)."""
    if language not in Language.values:
        raise InvalidTransition(_("Choose a language from the list."), code="bad_language")
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = {"full_name": locked.full_name, "language": locked.language}
    after = {"full_name": clean_text(full_name), "language": language}
    if before == after:
        return locked
    locked.full_name = after["full_name"]
    locked.language = after["language"]
    locked.save(update_fields=["full_name", "language"])
    changed = [key for key in after if before[key] != after[key]]
    audit_record(
        actor=actor if actor is not None else locked,
        action="user.update_profile",
        obj=locked,
        before={key: before[key] for key in changed},
        after={key: after[key] for key in changed},
        context=context,
    )
    return locked


@transaction.atomic
def user_set_password(
    *,
    user: User,
    password: str,
    reset: bool = False,
    context: RequestContext | None = None,
) -> User:
    """Set a new password (already validated by the form) and tell the owner by email.

    ``reset`` is for the password-reset link: opening it proved that the person receives mail
    at the account's address, so the address counts as confirmed too.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(password)
    fields = ["password"]
    if reset and locked.email_verified_at is None:
        locked.email_verified_at = timezone.now()
        fields.append("email_verified_at")
    locked.save(update_fields=fields)
    audit_record(
        actor=locked,
        action="user.password_reset" if reset else "user.password_change",
        obj=locked,
        context=context,
    )
    send_user_mail(
        user=locked,
        name="account_password_changed",
        context={
            "changed_at": timezone.localtime(),
            "reset_url": reverse_in(locked.language, "accounts:password_reset"),
        },
    )
    # The caller's object is the one in the session: keep it in step with the new hash.
    user.password = locked.password
    user.email_verified_at = locked.email_verified_at
    return locked


def user_send_password_reset(*, email: str) -> None:
    """Email a password-reset link to the active account with this address, if there is one.

    Says nothing about whether there was: the page answers the same either way.
    """
    for user in User.objects.filter(email=_normalize_email(email), is_active=True):
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        send_user_mail(
            user=user,
            name="password_reset",
            context={
                "reset_url": reverse_in(
                    user.language,
                    "accounts:password_reset_confirm",
                    kwargs={"uidb64": uid, "token": token},
                ),
                "expires": timezone.localtime(
                    timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
                ),
            },
        )


def _email_taken(email: str, user: User) -> bool:
    return User.objects.filter(email=email).exclude(pk=user.pk).exists()


@transaction.atomic
def user_request_email_change(
    *, user: User, new_email: str, context: RequestContext | None = None
) -> None:
    """Start changing ``user``'s address: a confirmation link goes to the new address and a
    notice to the current one. Nothing changes until the link is opened
    (``user_change_email``)."""
    new_email = _normalize_email(new_email)
    if new_email == user.email:
        raise InvalidTransition(_("This is already your email address."), code="same_email")
    if _email_taken(new_email, user):
        raise Conflict(
            _("This email address is already used by another account."), code="email_taken"
        )
    token = tokens.make_email_change_token(
        user_id=user.pk,
        old_email=user.email,
        new_email=new_email,
        password_hash=user.password,
    )
    send_mail_to(
        email=new_email,
        language=user.language,
        name="email_change_confirm",
        context={
            "user": user,
            "old_email": user.email,
            "new_email": new_email,
            "confirm_url": reverse_in(
                user.language, "accounts:email_change_confirm", kwargs={"token": token}
            ),
            "expires": _token_expiry(),
        },
    )
    send_user_mail(
        user=user,
        name="email_change_notice",
        context={
            "old_email": user.email,
            "new_email": new_email,
            "reset_url": reverse_in(user.language, "accounts:password_reset"),
        },
    )
    audit_record(
        actor=user,
        action="user.request_email_change",
        obj=user,
        before={"email": user.email},
        after={"email": new_email},
        context=context,
    )


@transaction.atomic
def user_change_email(*, token: str, context: RequestContext | None = None) -> User:
    """Change the address as asked in an email-change link; the new address counts as
    confirmed, since the link was opened from it.

    Raises ``tokens.ExpiredToken`` / ``tokens.BadToken`` for a link that is out of date or
    not ours, ``InvalidTransition`` when the account's address or password has changed since
    the link was sent, and ``Conflict`` when another account took the address meanwhile.
    Opening the link again after the change does nothing and raises nothing.
    """
    data = tokens.read_email_change_token(token)
    user = User.objects.select_for_update().filter(pk=data.user_id, is_active=True).first()
    if user is not None and user.email == data.new_email:
        return user
    if (
        user is None
        or user.email != data.old_email
        or not tokens.password_matches(data, user.password)
    ):
        raise InvalidTransition(
            _(
                "This link is no longer valid: the email address or the password of the "
                "account has changed since it was sent."
            ),
            code="stale_link",
        )
    taken = Conflict(
        _("This email address is already used by another account."), code="email_taken"
    )
    if _email_taken(data.new_email, user):
        raise taken
    before = {"email": user.email}
    user.email = data.new_email
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError:
        raise taken from None
    audit_record(
        actor=user,
        action="user.change_email",
        obj=user,
        before=before,
        after={"email": user.email},
        context=context,
    )
    return user


def user_can_act_for(user: Any, company_id: int) -> bool:
    """True when ``user`` is a member (any role) of the company."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Membership.objects.filter(user=user, company_id=company_id).exists()


@transaction.atomic
def membership_grant(
    *,
    company: Any,
    user: User,
    role: str = MembershipRole.MEMBER,
    actor: User | None = None,
    context: RequestContext | None = None,
) -> Membership:
    """Let ``user`` act for ``company``. ``actor`` must be an owner (or None for the system)."""
    if (
        actor is not None
        and not Membership.objects.filter(
            user=actor, company=company, role=MembershipRole.OWNER
        ).exists()
    ):
        raise NotAllowed(_("Only an owner of the company can add members."))
    membership, created = Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": role}
    )
    if not created:
        raise Conflict(_("This user is already a member of the company."))
    audit_record(
        actor=actor,
        action="membership.grant",
        obj=membership,
        company=company,
        after={"user": user.email, "role": role},
        context=context,
    )
    return membership
