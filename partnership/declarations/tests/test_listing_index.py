"""The listing index follows every service that changes what is published, and always equals
what a rebuild from the declarations gives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from partnership.companies.models import Company
from partnership.companies.services import company_update_profile
from partnership.declarations import listing_index, services
from partnership.declarations.models import Declaration, ListingCount, ListingEntry, Status

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[list[tuple[Any, ...]], dict[tuple[str, str], int]]:
    entries = sorted(ListingEntry.objects.values_list(*listing_index.ENTRY_COLUMNS))
    counts = {
        (facet, value): n
        for facet, value, n in ListingCount.objects.values_list("facet", "value", "count")
        if n
    }
    return entries, counts


def assert_matches_rebuild() -> None:
    maintained = snapshot()
    listing_index.rebuild()
    assert snapshot() == maintained


def submitted(company: Company, make_declaration: Callable[..., Declaration]) -> Declaration:
    return make_declaration(company, Status.SUBMITTED)


def test_each_transition_keeps_the_index_exact(
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
    make_user: Callable[..., Any],
    reviewer: Any,
    administrator: Any,
) -> None:
    first = make_company(name="株式会社一番", prefecture_code="01", capital_yen=5_000_000)
    second = make_company(name="二番工業株式会社", prefecture_code="47", employees=2000)
    owner = make_user(company=first)

    published = services.declaration_publish(
        declaration=submitted(first, make_declaration), reviewer=reviewer
    )
    entry = ListingEntry.objects.get(company=first)
    assert entry.declaration_id == published.pk
    assert (entry.prefecture_code, entry.region_code, entry.capital_band) == (
        "01",
        "hokkaido",
        "le10m",
    )
    assert_matches_rebuild()

    # A revision supersedes the published version: still one entry, now the new version.
    revision = services.declaration_publish(
        declaration=submitted(first, make_declaration), reviewer=reviewer
    )
    assert list(ListingEntry.objects.filter(company=first).values_list("declaration", flat=True))
    assert ListingEntry.objects.get(company=first).declaration_id == revision.pk
    assert_matches_rebuild()

    services.declaration_publish(declaration=submitted(second, make_declaration), reviewer=reviewer)
    assert listing_index.facet_counts()["all"][""] == 2
    assert listing_index.facet_counts()["employees"] == {"gt1000": 1}
    assert_matches_rebuild()

    company_update_profile(company=first, actor=owner, prefecture_id="13", name="株式会社改名")
    entry = ListingEntry.objects.get(company=first)
    assert (entry.prefecture_code, entry.region_code) == ("13", "kanto")
    assert "改名" in entry.search_text
    assert listing_index.facet_counts()["prefecture"] == {"13": 1, "47": 1}
    assert_matches_rebuild()

    services.declaration_withdraw(declaration=revision, actor=owner, reason="事業譲渡のため")
    assert not ListingEntry.objects.filter(company=first).exists()
    assert_matches_rebuild()

    services.declaration_remove(
        declaration=Declaration.objects.get(company=second, status=Status.PUBLISHED),
        administrator=administrator,
        category="false_statement",
        reason="虚偽の記載",
    )
    assert ListingEntry.objects.count() == 0
    assert listing_index.facet_counts()["all"][""] == 0
    assert_matches_rebuild()


def test_a_failed_transition_leaves_the_index_as_it_was(
    company: Company, make_declaration: Callable[..., Declaration], reviewer: Any
) -> None:
    declaration = submitted(company, make_declaration)
    before = snapshot()

    def publish_then_crash() -> None:
        with transaction.atomic():
            services.declaration_publish(declaration=declaration, reviewer=reviewer)
            assert ListingEntry.objects.filter(company=company).exists()
            raise RuntimeError("crash after the publication, before the commit")

    with pytest.raises(RuntimeError):
        publish_then_crash()
    assert snapshot() == before


def test_rebuild_command_repairs_a_damaged_index(
    company: Company, make_declaration: Callable[..., Declaration], reviewer: Any
) -> None:
    services.declaration_publish(
        declaration=submitted(company, make_declaration), reviewer=reviewer
    )
    good = snapshot()
    ListingEntry.objects.all().delete()
    ListingCount.objects.update(count=99)
    call_command("rebuild_listing", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == good


@pytest.mark.postgres
def test_the_entry_gram_vector_equals_the_company_one(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> None:
    """PostgreSQL generates the entry's gram vector in SQL (migration 0006); it must hold the
    same grams as the company's, which Python makes (short_grams), whatever the name."""
    names = [
        ("株式会社山田精工", "ヤマダセイコウ", "Yamada Seiko Co., Ltd."),
        ("ＡＢＣ　ﾎｰﾙﾃﾞｨﾝｸﾞｽ（株）", "", "A-B-C Holdings"),
        ("合同会社ひかり‐ＩＴ", "ヒカリアイティー", ""),
        ("Café Ünïcode 1234567890123", "カフェ", "café"),
    ]
    for name, kana, english in names:
        company = make_company(name=name, name_kana=kana, name_en=english)
        make_declaration(company, Status.PUBLISHED)
        listing_index.sync_companies([company.pk])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.name, e.search_grams_vector = c.search_grams_vector "
            "FROM declarations_listingentry e JOIN companies_company c ON c.id = e.company_id"
        )
        rows = cursor.fetchall()
    assert len(rows) == len(names)
    assert all(same for _, same in rows), rows
