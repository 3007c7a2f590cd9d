"""The demo registry is deterministic, realistic in shape and consistent with the life cycle."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from partnership.accounts.models import User
from partnership.audit.models import AuditEvent
from partnership.companies.corporate_number import is_valid_corporate_number
from partnership.companies.models import Company
from partnership.core.bands import LARGE_COMPANY_CAPITAL_YEN
from partnership.declarations.demo.builder import DemoBuilder
from partnership.declarations.models import Declaration, Status, TemplateVersion

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2026, 11, 25)


def digest() -> str:
    """A fingerprint of the registry's content (not of database ids)."""
    h = hashlib.sha256()
    for row in Company.objects.order_by("corporate_number").values_list(
        "corporate_number",
        "name",
        "name_kana",
        "name_en",
        "prefecture_id",
        "industry_id",
        "capital_yen",
        "employees",
        "address",
    ):
        h.update(repr(row).encode())
    for row in Declaration.objects.order_by("company__corporate_number", "version").values_list(
        "company__corporate_number",
        "version",
        "template__code",
        "status",
        "answers",
        "signer_title",
        "signer_name",
        "submitted_at",
        "published_at",
        "ended_at",
        "end_reason",
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


def build_and_digest(seed: int, companies: int = 300) -> str:
    with transaction.atomic():
        DemoBuilder(companies=companies, seed=seed, as_of=AS_OF, out=io.StringIO()).build()
        result = digest()
        transaction.set_rollback(True)
    return result


def test_same_seed_gives_the_same_registry_and_another_seed_another() -> None:
    first = build_and_digest(7)
    assert build_and_digest(7) == first
    assert build_and_digest(8) != first


@pytest.fixture
def demo() -> None:
    DemoBuilder(companies=2000, seed=3, as_of=AS_OF, out=io.StringIO()).build()


@pytest.mark.usefixtures("demo")
def test_demo_registry_is_shaped_like_the_real_one() -> None:
    companies = Company.objects.count()
    assert companies == 2000
    assert all(
        is_valid_corporate_number(n)
        for n in Company.objects.values_list("corporate_number", flat=True)
    )
    large = Company.objects.filter(capital_yen__gte=LARGE_COMPANY_CAPITAL_YEN).count()
    assert 0.11 < large / companies < 0.19
    industries = Counter(Company.objects.values_list("industry_id", flat=True))
    assert {code for code, _ in industries.most_common(2)} == {"D", "E"}
    prefectures = Counter(Company.objects.values_list("prefecture_id", flat=True))
    assert prefectures.most_common(1)[0][0] == "13"
    assert len(prefectures) == 47
    statuses = set(Declaration.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert set(Declaration.objects.values_list("template__code", flat=True)) == {
        "2024-03",
        "2026-01",
    }
    assert TemplateVersion.objects.current().code == "2026-01"
    assert Company.objects.exclude(name_kana="").count() == companies


@pytest.mark.usefixtures("demo")
def test_demo_histories_follow_the_life_cycle() -> None:
    now = dt.datetime.combine(AS_OF, dt.time(23, 59), tzinfo=dt.UTC)
    for declaration in Declaration.objects.filter(status=Status.SUPERSEDED):
        successor = Declaration.objects.get(
            company_id=declaration.company_id, published_at=declaration.ended_at
        )
        assert successor.version > declaration.version
    for declaration in Declaration.objects.exclude(status=Status.DRAFT):
        assert declaration.submitted_at is not None
        assert declaration.submitted_at <= now
        if declaration.published_at:
            assert declaration.submitted_at <= declaration.published_at <= now
    removed = Declaration.objects.filter(status=Status.REMOVED)
    assert all(d.end_reason and d.end_reason_category for d in removed)
    returned = Declaration.objects.filter(status=Status.RETURNED)
    assert all(d.review_actions.filter(kind="returned").exists() for d in returned)
    published = Declaration.objects.filter(status=Status.PUBLISHED).first()
    actions = list(
        AuditEvent.objects.filter(
            object_type="declarations.declaration", object_id=str(published.pk)
        )
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions[:3] == ["declaration.create", "declaration.submit", "declaration.publish"]


@pytest.mark.usefixtures("demo")
def test_demo_queue_has_pre_checks_and_most_companies_are_in_the_master() -> None:
    from partnership.companies.models import Corporation

    waiting = Declaration.objects.filter(status=Status.SUBMITTED)
    assert waiting.exists()
    assert not waiting.filter(precheck_outcome="").exists()
    assert set(waiting.values_list("precheck_outcome", flat=True)) >= {"pass", "warn"}
    share = Corporation.objects.count() / Company.objects.count()
    assert 0.9 < share < 1.0


@pytest.mark.usefixtures("demo")
def test_demo_users_exist_and_the_company_user_has_a_company() -> None:
    company_user = User.objects.get(email="company@example.jp")
    assert company_user.memberships.get().role == "owner"
    assert User.objects.get(email="reviewer@example.jp").is_reviewer
    assert User.objects.get(email="admin@example.jp").is_administrator
    assert company_user.check_password("demo-password-2026")


def test_command_refuses_a_non_empty_registry_and_skips_with_if_empty(company: Company) -> None:
    with pytest.raises(CommandError, match="not empty"):
        call_command("seed_demo", companies=5, force=True, stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", companies=5, force=True, if_empty=True, stdout=out)
    assert "not loaded" in out.getvalue()


def test_command_refuses_without_debug() -> None:
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo", companies=5, stdout=io.StringIO())


def test_command_shows_progress_and_a_summary() -> None:
    out = io.StringIO()
    call_command("seed_demo", "--as-of=2026-11-25", companies=50, seed=1, force=True, stdout=out)
    text = out.getvalue()
    assert "companies: 50/50 (100%)" in text
    assert "Demo registry built" in text
    assert Company.objects.count() == 50
