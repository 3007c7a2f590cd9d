"""Every write to companies goes through here."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import Membership, MembershipRole, User
from partnership.accounts.services import membership_grant, user_can_act_for
from partnership.audit.services import RequestContext, audit_record
from partnership.companies.corporate_number import validate_corporate_number
from partnership.companies.models import Company, Invitation
from partnership.core.errors import Conflict, InvalidTransition, NotAllowed
from partnership.core.mail import reverse_in, send_mail_to
from partnership.core.models import Industry, Prefecture
from partnership.core.text import clean_text

PROFILE_FIELDS = (
    "name",
    "name_kana",
    "name_en",
    "prefecture_id",
    "address",
    "industry_id",
    "capital_yen",
    "employees",
    "website",
)


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in fields.items():
        if key not in PROFILE_FIELDS:
            raise TypeError(f"unknown company field {key!r}")
        if isinstance(value, str):
            value = clean_text(value)
        cleaned[key] = value
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = str(_("Enter the company name."))
    prefecture = cleaned.get("prefecture_id")
    if "prefecture_id" in cleaned and not Prefecture.objects.filter(pk=prefecture).exists():
        errors["prefecture_id"] = str(_("Choose a prefecture."))
    industry = cleaned.get("industry_id")
    if industry and not Industry.objects.filter(pk=industry).exists():
        errors["industry_id"] = str(_("Choose an industry from the list."))
    for key in ("capital_yen", "employees"):
        value = cleaned.get(key)
        if value is not None and value < 0:
            errors[key] = str(_("Enter zero or a positive number."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _snapshot(company: Company) -> dict[str, Any]:
    return {field: getattr(company, field) for field in PROFILE_FIELDS}


@transaction.atomic
def company_register(
    *,
    corporate_number: str,
    name: str,
    prefecture_code: str,
    actor: Any | None = None,
    context: RequestContext | None = None,
    **profile: Any,
) -> Company:
    """Register a declarant company. The number is validated and normalised; a number that is
    already registered raises :class:`Conflict`."""
    number = validate_corporate_number(corporate_number)
    fields = _clean_profile({"name": name, "prefecture_id": prefecture_code, **profile})
    if Company.objects.filter(corporate_number=number).exists():
        raise Conflict(_("A company with this corporate number is already registered."))
    company = Company(corporate_number=number, **fields)
    company.refresh_search_fields()
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        # Lost a race with another registration of the same number.
        raise Conflict(_("A company with this corporate number is already registered.")) from None
    audit_record(
        actor=actor,
        action="company.register",
        obj=company,
        company=company,
        after=_snapshot(company),
        context=context,
    )
    return company


@transaction.atomic
def company_update_profile(
    *,
    company: Company,
    actor: Any | None,
    context: RequestContext | None = None,
    **changes: Any,
) -> Company:
    """Change a company's profile fields (not its corporate number). ``actor`` must act for
    the company (None = the system)."""
    _require_member(actor, company)
    fields = _clean_profile(changes)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    before = _snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.refresh_search_fields()
    locked.save()
    # The listing keeps a copy of the facts it filters on (local import: declarations builds
    # on companies).
    from partnership.declarations import listing_index

    listing_index.sync_companies([locked.pk])
    audit_record(
        actor=actor,
        action="company.update",
        obj=locked,
        company=locked,
        before=before,
        after=_snapshot(locked),
        context=context,
    )
    return locked


# --- acting for a company --------------------------------------------------------------------


def _require_owner(actor: Any, company: Company) -> None:
    if not Membership.objects.filter(
        user=actor, company=company, role=MembershipRole.OWNER
    ).exists():
        raise NotAllowed(_("Only an owner of the company can do this."))


def _require_member(actor: Any, company: Company) -> None:
    if actor is None:
        return  # the system (commands, staff tools that check their own rights)
    if getattr(actor, "is_administrator", False):
        return
    if not user_can_act_for(actor, company.pk):
        raise NotAllowed(_("You are not allowed to act for this company."))


def company_has_owner(company: Company) -> bool:
    return Membership.objects.filter(company=company, role=MembershipRole.OWNER).exists()


@transaction.atomic
def company_claim(
    *,
    corporate_number: str,
    actor: User,
    context: RequestContext | None = None,
    **profile: Any,
) -> Company:
    """Make ``actor`` the owner of the company with this number, registering it if new.

    The first claimant becomes the owner. A company that already has an owner can only be
    joined through an owner's invitation: that raises :class:`Conflict` with code
    ``has_owner``."""
    number = validate_corporate_number(corporate_number)
    company = Company.objects.select_for_update().filter(corporate_number=number).first()
    if company is None:
        name = profile.pop("name", "")
        prefecture = profile.pop("prefecture_id", "")
        company = company_register(
            corporate_number=number,
            name=name,
            prefecture_code=prefecture,
            actor=actor,
            context=context,
            **profile,
        )
    else:
        if company_has_owner(company):
            raise Conflict(
                _(
                    "This company already has an owner on the registry. Ask them to invite "
                    "you from the company's members page."
                ),
                code="has_owner",
            )
        if profile:
            company = company_update_profile(
                company=company, actor=None, context=context, **profile
            )
    membership_grant(company=company, user=actor, role=MembershipRole.OWNER, context=context)
    audit_record(
        actor=actor,
        action="company.claim",
        obj=company,
        company=company,
        after={"owner": actor.email},
        context=context,
    )
    return company


INVITATION_DAYS = 14


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    company: Company,
    email: str,
    role: str,
    actor: User,
    context: RequestContext | None = None,
) -> tuple[Invitation, str]:
    """An owner invites ``email`` to act for ``company``. Returns the invitation and the secret
    token for the link (sent by email; only its hash is stored). A new invitation to the same
    address replaces an open one."""
    _require_owner(actor, company)
    address = User.objects.normalize_email(clean_text(email)).lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if Membership.objects.filter(company=company, user__email=address).exists():
        raise ValidationError({"email": _("This person is already a member of the company.")})
    now = timezone.now()
    Invitation.objects.filter(
        company=company, email=address, accepted_at=None, revoked_at=None
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        company=company,
        email=address,
        role=role,
        token_hash=_token_hash(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        actor=actor,
        action="invitation.create",
        obj=invitation,
        company=company,
        after={"email": address, "role": role},
        context=context,
    )
    invitee = User.objects.filter(email=address).first()
    send_mail_to(
        email=address,
        language=invitee.language if invitee else actor.language,
        name="company_invitation",
        context={
            "company": company,
            "inviter": actor,
            "role": MembershipRole(role).label,
            "days": INVITATION_DAYS,
            "url_ja": reverse_in("ja", "companies:invitation", kwargs={"token": token}),
            "url_en": reverse_in("en", "companies:invitation", kwargs={"token": token}),
        },
    )
    return invitation, token


def invitation_find(token: str) -> Invitation | None:
    """The invitation behind a link's token, open or not (None when unknown)."""
    return (
        Invitation.objects.select_related("company", "invited_by")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def invitation_accept(
    *, token: str, user: User, context: RequestContext | None = None
) -> Membership:
    """Accept an open invitation addressed to ``user``'s email address."""
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
    )
    if invitation is None or not invitation.is_open:
        raise InvalidTransition(
            _("This invitation is no longer valid. Ask the company's owner for a new one."),
            code="invitation_closed",
        )
    if invitation.email.lower() != user.email.lower():
        raise NotAllowed(
            _(
                "This invitation was sent to another email address. Log in with the account "
                "for that address, or ask the owner to invite your address."
            ),
            code="invitation_other_email",
        )
    if Membership.objects.filter(company=invitation.company, user=user).exists():
        raise Conflict(_("You are already a member of this company."))
    membership = membership_grant(
        company=invitation.company, user=user, role=invitation.role, context=context
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=user,
        action="invitation.accept",
        obj=invitation,
        company=invitation.company,
        after={"email": user.email, "role": invitation.role},
        context=context,
    )
    return membership


@transaction.atomic
def invitation_revoke(
    *, invitation: Invitation, actor: User, context: RequestContext | None = None
) -> None:
    _require_owner(actor, invitation.company)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        return
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="invitation.revoke",
        obj=invitation,
        company=invitation.company,
        after={"email": invitation.email},
        context=context,
    )


def _other_owners(membership: Membership) -> bool:
    return (
        Membership.objects.filter(company_id=membership.company_id, role=MembershipRole.OWNER)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_remove(
    *, membership: Membership, actor: User, context: RequestContext | None = None
) -> None:
    """An owner removes a member, or a member leaves. The last owner cannot go."""
    Company.objects.select_for_update().only("pk").get(pk=membership.company_id)
    if membership.user_id != actor.pk:
        _require_owner(actor, membership.company)
    if membership.role == MembershipRole.OWNER and not _other_owners(membership):
        raise InvalidTransition(
            _("The company's last owner cannot be removed: make someone else an owner first."),
            code="last_owner",
        )
    audit_record(
        actor=actor,
        action="membership.remove",
        obj=membership,
        company=membership.company,
        before={"user": membership.user.email, "role": membership.role},
        context=context,
    )
    membership.delete()


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, actor: User, context: RequestContext | None = None
) -> Membership:
    Company.objects.select_for_update().only("pk").get(pk=membership.company_id)
    _require_owner(actor, membership.company)
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if (
        membership.role == MembershipRole.OWNER
        and role != MembershipRole.OWNER
        and not _other_owners(membership)
    ):
        raise InvalidTransition(
            _("The company's last owner cannot be removed: make someone else an owner first."),
            code="last_owner",
        )
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="membership.role",
        obj=membership,
        company=membership.company,
        before={"role": before},
        after={"user": membership.user.email, "role": role},
        context=context,
    )
    return membership
