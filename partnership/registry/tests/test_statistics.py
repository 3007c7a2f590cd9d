"""Public statistics: figures on a known register, Japan-time months, the page and its JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnership.conftest import template_data
from partnership.core.dates import JST
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import template_version_import
from partnership.registry.statistics_selectors import (
    STATISTICS_CACHE_SECONDS,
    compute_statistics,
    registry_statistics,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 15, 12, 0, tzinfo=JST)


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@dataclass
class Register:
    old_template: TemplateVersion


@pytest.fixture
def register(
    make_company: Callable[..., Any],
    make_declaration: Callable[..., Declaration],
    template: TemplateVersion,
) -> Register:
    """Six companies:

    A Tokyo, manufacturing, ¥5bn: v1 published 2026-01-10, superseded by v2 on 2026-02-20.
    B Osaka, construction, ¥30m: published 2026-03-31 23:30 JST (March), old template.
    C Hokkaido, no industry or capital: published 2026-01-20, withdrawn 2026-04-10.
    D Aichi, manufacturing, ¥100m: published 2026-04-01 00:30 JST (April; still March in UTC).
    E Okinawa, wholesale, exactly ¥1bn: published 2026-02-01, removed 2026-03-05.
    F Kyoto: submitted, never published.
    """
    old = template_version_import(
        data={**template_data(code="2024-03"), "effective_date": "2024-03-01"}
    )
    a = make_company(prefecture_code="13", industry_id="E", capital_yen=5_000_000_000)
    b = make_company(prefecture_code="27", industry_id="D", capital_yen=30_000_000)
    c = make_company(prefecture_code="01")
    d = make_company(prefecture_code="23", industry_id="E", capital_yen=100_000_000)
    e = make_company(prefecture_code="47", industry_id="I", capital_yen=1_000_000_000)
    f = make_company(prefecture_code="26", industry_id="E", capital_yen=10)
    revised = jst(2026, 2, 20, 9, 0)
    make_declaration(a, Status.SUPERSEDED, published_at=jst(2026, 1, 10, 10, 0), ended_at=revised)
    make_declaration(a, Status.PUBLISHED, published_at=revised)
    make_declaration(b, Status.PUBLISHED, published_at=jst(2026, 3, 31, 23, 30), template=old)
    make_declaration(
        c,
        Status.WITHDRAWN,
        published_at=jst(2026, 1, 20, 15, 0),
        ended_at=jst(2026, 4, 10, 11, 0),
    )
    make_declaration(d, Status.PUBLISHED, published_at=jst(2026, 4, 1, 0, 30))
    make_declaration(
        e,
        Status.REMOVED,
        published_at=jst(2026, 2, 1, 9, 0),
        ended_at=jst(2026, 3, 5, 9, 0),
        end_reason_category="not_honoured",
    )
    make_declaration(f, Status.SUBMITTED)
    return Register(old_template=old)


def by_code(items: list[Any]) -> dict[str, int]:
    return {item.code: item.count for item in items}


def test_counts_only_declarations_published_now(register: Register) -> None:
    stats = compute_statistics(now=NOW)
    assert stats.published == 3
    assert by_code(stats.by_prefecture)["13"] == 1
    assert by_code(stats.by_prefecture)["27"] == 1
    assert by_code(stats.by_prefecture)["23"] == 1
    # Withdrawn (Hokkaido), removed (Okinawa) and submitted (Kyoto) do not count.
    assert by_code(stats.by_prefecture)["01"] == 0
    assert by_code(stats.by_prefecture)["47"] == 0
    assert by_code(stats.by_prefecture)["26"] == 0
    assert len(stats.by_prefecture) == 47
    assert sum(p.count for p in stats.by_prefecture) == 3


def test_regions_industries_and_capital_bands(register: Register) -> None:
    stats = compute_statistics(now=NOW)
    regions = by_code(stats.by_region)
    assert list(regions) == [
        "hokkaido",
        "tohoku",
        "kanto",
        "chubu",
        "kinki",
        "chugoku",
        "shikoku",
        "kyushu",
    ]
    assert regions == {**dict.fromkeys(regions, 0), "kanto": 1, "kinki": 1, "chubu": 1}
    industries = by_code(stats.by_industry)
    assert industries["E"] == 2
    assert industries["D"] == 1
    assert industries["unknown"] == 0
    assert len(industries) == 21
    bands = by_code(stats.by_capital_band)
    assert bands["ge1b"] == 1
    assert bands["le50m"] == 1
    assert bands["le100m"] == 1
    assert bands["unknown"] == 0
    assert sum(bands.values()) == 3


def test_shares_of_large_companies_and_current_template(register: Register) -> None:
    stats = compute_statistics(now=NOW)
    # The company with exactly ¥1bn was removed: only the ¥5bn one counts.
    assert stats.large_companies == 1
    assert stats.large_company_share == pytest.approx(0.3333)
    assert stats.current_template == "2026-01"
    assert stats.on_current_template == 2
    assert stats.current_template_share == pytest.approx(0.6667)
    assert [(t.code, t.is_current, t.count) for t in stats.by_template] == [
        ("2026-01", True, 2),
        ("2024-03", False, 1),
    ]


def test_monthly_series_counts_revisions_once_and_ends_withdrawals_and_removals(
    register: Register,
) -> None:
    stats = compute_statistics(now=NOW)
    rows = [
        (m.month, m.new, m.revised, m.withdrawn, m.removed, m.cumulative) for m in stats.monthly
    ]
    assert rows == [
        ("2026-01", 2, 0, 0, 0, 2),  # A v1, C
        ("2026-02", 1, 1, 0, 0, 3),  # E new; A v2 replaces v1 (the company counts once)
        ("2026-03", 1, 0, 0, 1, 3),  # B at 23:30 JST on the 31st; E removed
        ("2026-04", 1, 0, 1, 0, 3),  # D at 00:30 JST on the 1st; C withdrawn
        ("2026-05", 0, 0, 0, 0, 3),  # the current month, so the series reaches today
    ]
    assert stats.monthly[-1].cumulative == stats.published


def test_month_boundaries_are_japan_time(
    make_company: Callable[..., Any], make_declaration: Callable[..., Declaration]
) -> None:
    # 23:30 on 31 March in Japan is 14:30 UTC the same day; 00:30 on 1 April in Japan is
    # still 31 March in UTC.
    make_declaration(make_company(), Status.PUBLISHED, published_at=jst(2026, 3, 31, 23, 30))
    make_declaration(make_company(), Status.PUBLISHED, published_at=jst(2026, 4, 1, 0, 30))
    make_declaration(
        make_company(),
        Status.PUBLISHED,
        published_at=dt.datetime(2026, 3, 31, 15, 0, tzinfo=dt.UTC),
    )
    stats = compute_statistics(now=jst(2026, 4, 2))
    assert [(m.month, m.new) for m in stats.monthly] == [("2026-03", 1), ("2026-04", 2)]


def test_no_declarations_gives_zeros_and_an_empty_series(db: None) -> None:
    stats = compute_statistics(now=NOW)
    assert stats.published == 0
    assert stats.monthly == []
    assert stats.large_company_share == 0.0
    assert stats.current_template is None


def test_fixed_number_of_queries_then_cached(
    register: Register, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(4):
        first = registry_statistics()
    with django_assert_num_queries(0):
        second = registry_statistics()
    assert first == second


def test_statistics_page_shows_charts_and_tables(register: Register, client: Client) -> None:
    response = client.get("/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1" in html and "css/stats.css" in html
    for chart in (
        "chart-cumulative",
        "chart-new",
        "chart-prefectures",
        "chart-regions",
        "chart-industries",
        "chart-capital",
        "chart-templates",
    ):
        assert f'id="{chart}-title"' in html
    assert html.count('class="tile"') == 47
    # Each chart has a table with the same figures.
    assert html.count("<table") >= 7
    assert "東京都" in html and "33.3%" in html and "66.7%" in html


def test_english_statistics_page_uses_english_names(register: Register, client: Client) -> None:
    response = client.get("/en/statistics/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Tokyo" in html and "Kanto" in html and "Manufacturing" in html


def test_statistics_page_without_any_declaration(db: None, client: Client) -> None:
    response = client.get("/statistics/")
    assert response.status_code == 200
    assert "chart-prefectures" in response.content.decode()


def test_json_matches_the_page(register: Register, client: Client) -> None:
    response = client.get("/statistics.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == f"public, max-age={STATISTICS_CACHE_SECONDS}"
    data = json.loads(response.content)
    assert data["licence"] == "CC BY 4.0"
    assert data["published"] == 3
    assert data["large_companies"] == 1
    assert data["current_template"] == "2026-01"
    assert data["large_company_capital_yen"] == 1_000_000_000
    prefectures = {p["code"]: p for p in data["by_prefecture"]}
    assert prefectures["13"] == {
        "code": "13",
        "name_ja": "東京都",
        "name_en": "Tokyo",
        "region": "kanto",
        "count": 1,
        "share": 0.3333,
    }
    assert {b["code"]: b["count"] for b in data["by_capital_band"]}["ge1b"] == 1
    bands = {b["code"]: b for b in data["by_capital_band"]}
    assert bands["ge1b"]["name_ja"] == "10億円以上（大企業）"
    assert bands["ge1b"]["name_en"] == "¥1 billion or more (large company)"
    assert data["monthly"][-1]["cumulative"] == 3
    assert {"month", "new", "revised", "withdrawn", "removed", "cumulative"} == set(
        data["monthly"][0]
    )
    dt.datetime.fromisoformat(data["generated_at"])
    # The page shows the same figures, from the same cached result.
    html = client.get("/statistics/").content.decode()
    stats = registry_statistics()
    assert data["generated_at"] == stats.as_json()["generated_at"]
    for month in data["monthly"]:
        assert f'<th scope="row" class="num">{month["month"]}</th>' in html
    for region in data["by_region"]:
        assert f'<th scope="row">{region["name_ja"]}</th><td class="n">{region["count"]}' in html
    assert f"{data['published']:,}" in html


def test_json_is_the_same_in_english(register: Register, client: Client) -> None:
    japanese = json.loads(client.get("/statistics.json").content)
    english = json.loads(client.get("/en/statistics.json").content)
    assert japanese == english


def test_expired_figures_are_served_stale_while_another_process_recomputes(
    register: Register, django_assert_num_queries: Any
) -> None:
    from partnership.registry import statistics_selectors as selectors

    first = registry_statistics()
    cache.delete(selectors.STATISTICS_CACHE_KEY)  # ten minutes later
    cache.add(selectors.LOCK_CACHE_KEY, 1, 60)  # another process is recomputing
    with django_assert_num_queries(0):
        assert registry_statistics() == first
    cache.delete(selectors.LOCK_CACHE_KEY)
    with django_assert_num_queries(4):
        registry_statistics()
    assert cache.get(selectors.LOCK_CACHE_KEY) is None
