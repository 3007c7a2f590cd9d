"""Every write to users and memberships goes through here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import Membership, MembershipRole, StaffRole, User
from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import Conflict, NotAllowed


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    full_name: str = "",
    language: str = "ja",
    staff_role: str = StaffRole.NONE,
    actor: User | None = None,
    context: RequestContext | None = None,
) -> User:
    """Create an account. Staff roles may only be given by an administrator (or the system)."""
    if staff_role and actor is not None and not actor.is_administrator:
        raise NotAllowed(_("Only administrators can create staff accounts."))
    normalized = User.objects.normalize_email(email).lower()
    if User.objects.filter(email=normalized).exists():
        raise Conflict(_("An account with this email address already exists."))
    user = User.objects.create_user(
        email=normalized,
        password=password,
        full_name=full_name,
        language=language,
        staff_role=staff_role,
        is_staff=staff_role == StaffRole.ADMINISTRATOR,
    )
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={"email": user.email, "staff_role": user.staff_role},
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
