"""Shared fixtures: a small template, companies, users in every role, declarations in any state."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from partnership.accounts.models import MembershipRole, StaffRole, User
from partnership.accounts.services import membership_grant, user_create
from partnership.companies.corporate_number import with_check_digit
from partnership.companies.models import Company
from partnership.companies.services import company_register
from partnership.declarations import listing_index
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import template_version_import

_numbers = itertools.count(100_000_000_001)


def bilingual(text: str) -> dict[str, str]:
    return {"ja": f"{text}（日本語）", "en": text}


def template_data(
    code: str = "2026-01", items: tuple[str, ...] = ("alpha", "beta", "gamma")
) -> dict[str, Any]:
    return {
        "code": code,
        "effective_date": "2026-01-01",
        "title": bilingual("Declaration"),
        "preamble": bilingual("We declare the following."),
        "closing": bilingual("End."),
        "sections": [
            {
                "key": "supply_chain",
                "kind": "choice",
                "required": True,
                "allow_own_items": True,
                "heading": bilingual("Co-prosperity"),
                "body": bilingual("Fixed text one."),
                "items": [
                    {"key": key, "label": bilingual(key), "text": bilingual(key)} for key in items
                ],
            },
            {
                "key": "promotion_standards",
                "kind": "confirm",
                "required": True,
                "heading": bilingual("Promotion standards"),
                "body": bilingual("Fixed text two."),
                "items": [{"key": "pricing", "label": bilingual("Pricing")}],
            },
            {
                "key": "own_initiatives",
                "kind": "free",
                "required": False,
                "heading": bilingual("Own initiatives"),
                "items": [],
            },
        ],
    }


COMPLETE_ANSWERS = {
    "supply_chain": {"items": [{"key": "alpha", "text": "We will share know-how with suppliers."}]},
    "promotion_standards": {"confirmed": True},
    "own_initiatives": {"text": ""},
}


@pytest.fixture
def template(db: None) -> TemplateVersion:
    return template_version_import(data=template_data(), make_current=True)


def new_corporate_number() -> str:
    return with_check_digit(str(next(_numbers)))


@pytest.fixture
def make_company(db: None) -> Callable[..., Company]:
    def make(**fields: Any) -> Company:
        fields.setdefault("name", "株式会社テスト製作所")
        fields.setdefault("prefecture_code", "13")
        return company_register(corporate_number=new_corporate_number(), **fields)

    return make


@pytest.fixture
def company(make_company: Callable[..., Company]) -> Company:
    return make_company(
        name="株式会社山田精工", name_kana="ヤマダセイコウ", name_en="Yamada Seiko Co., Ltd."
    )


_emails = itertools.count(1)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(
        staff_role: str = StaffRole.NONE, company: Company | None = None, **kwargs: Any
    ) -> User:
        kwargs.setdefault("email_verified", True)
        user = user_create(
            email=f"user{next(_emails)}@example.jp",
            password="correct horse battery",
            staff_role=staff_role,
            **kwargs,
        )
        if company is not None:
            membership_grant(company=company, user=user, role=MembershipRole.OWNER)
        return user

    return make


@pytest.fixture
def owner(make_user: Callable[..., User], company: Company) -> User:
    return make_user(company=company)


@pytest.fixture
def reviewer(make_user: Callable[..., User]) -> User:
    return make_user(staff_role=StaffRole.REVIEWER)


@pytest.fixture
def administrator(make_user: Callable[..., User]) -> User:
    return make_user(staff_role=StaffRole.ADMINISTRATOR)


def declaration_in_status(
    company: Company, template: TemplateVersion, status: str = Status.DRAFT, **fields: Any
) -> Declaration:
    """A declaration put straight into ``status`` with consistent timestamps and the next
    version number, its listing entry kept (test setup only; the code under test always goes
    through the services). ``fields`` override any value."""
    now = timezone.now()
    version = (
        company.declarations.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    values: dict[str, Any] = {
        "company": company,
        "version": version,
        "template": template,
        "status": status,
        "answers": COMPLETE_ANSWERS,
        "company_name": company.name,
        "signer_title": "代表取締役",
        "signer_name": "山田　太郎",
        "signer_attested": True,
        "document_date": dt.date(2026, 1, 5),
        "created_at": now,
        "updated_at": now,
    }
    if status != Status.DRAFT:
        values["submitted_at"] = now
    if status in (Status.PUBLISHED, Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED):
        values["published_at"] = now - dt.timedelta(days=30)
    if status in (Status.SUPERSEDED, Status.WITHDRAWN, Status.REMOVED):
        values["ended_at"] = now - dt.timedelta(days=1)
    values.update(fields)
    declaration = Declaration.objects.create(**values)
    listing_index.sync_companies([company.pk])
    return declaration


@pytest.fixture
def make_declaration(template: TemplateVersion) -> Callable[..., Declaration]:
    """``declaration_in_status`` on the test's template (or ``template=`` another)."""

    def make(company: Company, status: str = Status.DRAFT, **fields: Any) -> Declaration:
        return declaration_in_status(company, fields.pop("template", template), status, **fields)

    return make


def sign_in_staff(client: Any, user: User) -> None:
    """Sign ``user`` in with a verified second factor (a confirmed TOTP device in the session,
    as ``django_otp.login`` leaves it). The full flow is tested in accounts/tests."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or (
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
