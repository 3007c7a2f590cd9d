"""Reads about companies, memberships and the corporation master."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from partnership.accounts.models import Membership, MembershipRole
from partnership.companies.corporate_number import LENGTH
from partnership.companies.models import Company, Corporation, Invitation


def corporation_lookup(corporate_number: str) -> Corporation | None:
    """The master's row for a (valid, normalised) corporate number, if imported."""
    return Corporation.objects.filter(corporate_number=corporate_number).first()


def claim_prefill(corporate_number: str) -> dict[str, Any]:
    """Initial values for a company's profile: the registered company's own when it exists,
    else the corporation master's, else nothing."""
    company = Company.objects.filter(corporate_number=corporate_number).first()
    if company is not None:
        return {
            "name": company.name,
            "name_kana": company.name_kana,
            "name_en": company.name_en,
            "prefecture_id": company.prefecture_id,
            "address": company.address,
            "industry_id": company.industry_id or "",
            "capital_yen": company.capital_yen,
            "employees": company.employees,
            "website": company.website,
        }
    corporation = corporation_lookup(corporate_number)
    if corporation is None:
        return {}
    return {
        "name": corporation.name,
        "name_kana": corporation.name_kana,
        "name_en": corporation.name_en,
        "prefecture_id": corporation.prefecture_code,
        "address": corporation.address,
    }


def memberships_of(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("company", "company__prefecture")
        .order_by("company__name")
    )


def membership_for(user: Any, corporate_number: str) -> Membership | None:
    """The user's membership of the company with this number, or None (not a member)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if not (
        len(corporate_number) == LENGTH
        and corporate_number.isascii()
        and corporate_number.isdigit()
    ):
        # Only the stored form names a company; anything else (a NUL byte from a URL, which
        # PostgreSQL refuses to compare) is no company at all.
        return None
    return (
        Membership.objects.select_related("company", "company__prefecture", "company__industry")
        .filter(user=user, company__corporate_number=corporate_number)
        .first()
    )


def company_members(company: Company) -> QuerySet[Membership]:
    return company.memberships.select_related("user").order_by("-role", "user__email")


def open_invitations(company: Company) -> list[Invitation]:
    return [i for i in company.invitations.filter(accepted_at=None, revoked_at=None) if i.is_open]


def invitations_for_email(email: str) -> list[Invitation]:
    return [
        i
        for i in Invitation.objects.select_related("company").filter(
            email__iexact=email, accepted_at=None, revoked_at=None
        )
        if i.is_open
    ]


def is_owner(membership: Membership | None) -> bool:
    return membership is not None and membership.role == MembershipRole.OWNER
