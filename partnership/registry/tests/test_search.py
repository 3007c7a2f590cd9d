"""Search and filters of the public listing, on whichever engine the suite runs on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from partnership.companies.models import Company
from partnership.companies.services import company_update_profile
from partnership.conftest import template_data
from partnership.core.dates import JST
from partnership.declarations import listing_index
from partnership.declarations.models import Declaration, Status
from partnership.declarations.services import template_version_import
from partnership.registry.search import query_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> dict[str, Company]:
    """Five published companies and one that is not published."""
    rows = {
        "yamada": (
            "株式会社山田精工",
            "ヤマダセイコウ",
            "Yamada Seiko Co., Ltd.",
            "13",
            "E",
            30_000_000,
        ),
        "kawamura": (
            "川村製作所株式会社",
            "カワムラセイサクショ",
            "Kawamura Works",
            "27",
            "E",
            5_000_000_000,
        ),
        "yamamoto": (
            "山本建設株式会社",
            "ヤマモトケンセツ",
            "Yamamoto Construction",
            "13",
            "D",
            80_000_000,
        ),
        "tanaka": (
            "有限会社田中ＡＢＣ商店",
            "タナカエービーシーショウテン",
            "Tanaka ABC Shop",
            "01",
            "I",
            3_000_000,
        ),
        "hikari": (
            "ひかりＩＴサービス合同会社",
            "ヒカリアイティーサービス",
            "Hikari IT Services LLC",
            "40",
            "G",
            None,
        ),
        "draft": ("株式会社山田未公表", "ヤマダミコウヒョウ", "", "13", "E", 10_000_000),
    }
    companies: dict[str, Company] = {}
    for index, (key, (name, kana, en, pref, industry, capital)) in enumerate(rows.items()):
        company = make_company(
            name=name,
            name_kana=kana,
            name_en=en,
            prefecture_code=pref,
            industry_id=industry,
            capital_yen=capital,
            employees=10 * (index + 1),
        )
        companies[key] = company
        if key != "draft":
            make_declaration(
                company,
                Status.PUBLISHED,
                published_at=dt.datetime(2026, 4, 1 + index, 10, tzinfo=JST),
            )
        else:
            make_declaration(company, Status.SUBMITTED)
    return companies


def names(client: Client, **params: Any) -> list[str]:
    response = client.get(reverse("registry:listing"), params)
    assert response.status_code == 200
    return sorted(d.company.name for d in response.context["page"].rows)


@pytest.mark.usefixtures("template")
def test_hiragana_finds_katakana_and_kanji_short_queries_work(
    client: Client, registry: dict[str, Company]
) -> None:
    assert names(client, q="やまだせいこう") == ["株式会社山田精工"]  # reading in hiragana
    assert names(client, q="ヤマダ") == ["株式会社山田精工"]  # the unpublished one is absent
    assert names(client, q="山") == ["山本建設株式会社", "株式会社山田精工"]  # one character
    assert names(client, q="山田") == ["株式会社山田精工"]  # two characters
    assert names(client, q="製作所") == ["川村製作所株式会社"]  # three and more
    assert names(client, q="ｶﾜﾑﾗ") == ["川村製作所株式会社"]  # half-width katakana
    assert names(client, q="ａｂｃ") == ["有限会社田中ＡＢＣ商店"]  # full-width Latin
    assert names(client, q="kawamura works") == ["川村製作所株式会社"]  # English, two terms
    assert names(client, q="IT") == ["ひかりＩＴサービス合同会社"]  # two Latin letters, any case
    assert names(client, q="山田 精工") == ["株式会社山田精工"]  # terms are ANDed


@pytest.mark.usefixtures("template")
def test_corporate_number_whole_prefix_hyphens_and_full_width(
    client: Client, registry: dict[str, Company]
) -> None:
    number = registry["yamamoto"].corporate_number
    assert names(client, q=number) == ["山本建設株式会社"]
    assert "山本建設株式会社" in names(client, q=number[:8])
    typed = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}"
    assert names(client, q=typed) == ["山本建設株式会社"]
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert names(client, q=full_width) == ["山本建設株式会社"]


@pytest.mark.usefixtures("template")
def test_filters_combine_with_the_query(client: Client, registry: dict[str, Company]) -> None:
    assert names(client, q="山", prefecture="13", industry="D") == ["山本建設株式会社"]
    assert names(client, prefecture=["13", "27"]) == [
        "山本建設株式会社",
        "川村製作所株式会社",
        "株式会社山田精工",
    ]
    assert names(client, region="kinki") == ["川村製作所株式会社"]
    assert names(client, capital="ge1b") == ["川村製作所株式会社"]
    assert names(client, q="株式会社", capital="le50m") == ["株式会社山田精工"]
    assert names(client, published_from="2026-04-02", published_to="2026-04-03") == [
        "山本建設株式会社",
        "川村製作所株式会社",
    ]


@pytest.mark.usefixtures("template")
def test_sorting_and_pages(client: Client, registry: dict[str, Company]) -> None:
    response = client.get(reverse("registry:listing"), {"sort": "name", "per_page": "20"})
    readings = [d.company.name_kana for d in response.context["page"].rows]
    assert readings == sorted(readings)
    response = client.get(reverse("registry:listing"), {"sort": "oldest"})
    assert response.context["page"].rows[0].company == registry["yamada"]
    assert response.context["page"].count == 5


def test_template_filter_and_outdated(
    client: Client,
    template: Any,
    registry: dict[str, Company],
    make_declaration: Callable[..., Declaration],
) -> None:
    newer = template_version_import(data=template_data(code="2027-01"), make_current=True)
    Declaration.objects.filter(company=registry["hikari"]).update(template=newer)
    listing_index.sync_companies([registry["hikari"].pk])
    assert names(client, template="2027-01") == ["ひかりＩＴサービス合同会社"]
    assert len(names(client, outdated="1")) == 4


@pytest.mark.usefixtures("template")
def test_invalid_parameters_are_explained_and_the_rest_applies(
    client: Client, registry: dict[str, Company]
) -> None:
    response = client.get(
        reverse("registry:listing"),
        {
            "q": "山",
            "prefecture": ["13", "99"],
            "published_from": "2026-13-40",
            "sort": "random",
            "page": "-3",
            "per_page": "1000000",
            "capital": "huge",
        },
    )
    assert response.status_code == 200
    assert len(response.context["params"].problems) == 6
    assert sorted(d.company.name for d in response.context["page"].rows) == [
        "山本建設株式会社",
        "株式会社山田精工",
    ]


@pytest.mark.usefixtures("template")
def test_facets_count_the_other_filters(client: Client, registry: dict[str, Company]) -> None:
    response = client.get(reverse("registry:listing"), {"prefecture": "13"})
    facets = response.context["facets"]
    # The prefecture facet ignores the prefecture filter itself …
    assert facets["prefecture"] == {"13": 2, "27": 1, "01": 1, "40": 1}
    # … the others count within it.
    assert facets["industry"] == {"E": 1, "D": 1}


@pytest.mark.usefixtures("template")
def test_facets_equal_a_brute_force_count_for_every_combination(
    client: Client, registry: dict[str, Company]
) -> None:
    """Facets read from the results themselves (filters not in use) and facets queried on
    their own (filters in use) both equal counting every entry by hand."""
    from itertools import product

    from django.core.cache import cache

    from partnership.core.text import normalize_for_search
    from partnership.declarations.models import ListingEntry

    entries = list(ListingEntry.objects.all())
    columns = {
        "prefecture": "prefecture_code",
        "industry": "industry_code",
        "capital": "capital_band",
    }
    for q, prefectures, industries, capital in product(
        ["", "山", "株式会社"], [[], ["13"], ["13", "27"]], [[], ["D"]], ["", "le50m"]
    ):
        chosen = {"prefecture": prefectures, "industry": industries, "capital": [capital]}
        chosen = {name: values for name, values in chosen.items() if any(values)}
        cache.clear()  # facet counts of the same parameters from another test's data
        response = client.get(
            reverse("registry:listing"),
            {"q": q, "prefecture": prefectures, "industry": industries, "capital": capital},
        )
        facets = response.context["facets"]
        for facet, column in columns.items():
            expected: dict[str, int] = {}
            for entry in entries:
                if q and normalize_for_search(q) not in entry.search_text:
                    continue
                if any(
                    getattr(entry, columns[other]) not in values
                    for other, values in chosen.items()
                    if other != facet
                ):
                    continue
                value = getattr(entry, column)
                if value:
                    expected[value] = expected.get(value, 0) + 1
            assert facets[facet] == expected, (q, chosen, facet)


@pytest.mark.usefixtures("template")
def test_renaming_a_company_updates_the_index(client: Client, registry: dict[str, Company]) -> None:
    company_update_profile(
        company=registry["tanaka"],
        actor=None,
        name="有限会社緑町ストア",
        name_kana="ミドリチョウストア",
    )
    assert names(client, q="緑町") == ["有限会社緑町ストア"]
    assert names(client, q="田中") == []


@pytest.mark.usefixtures("template")
def test_a_fixed_number_of_queries_per_page(
    client: Client,
    registry: dict[str, Company],
    django_assert_max_num_queries: Any,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
) -> None:
    for index in range(30):
        make_declaration(make_company(name=f"株式会社追加{index}"), Status.PUBLISHED)
    from django.core.cache import cache

    cache.clear()
    from partnership.registry.listing_reference import forget_geography

    forget_geography()
    # Template versions, the term's share (SQLite: two), the page's ids, its rows, the capped
    # count with the facet columns, the prefecture facet (the only filter in use: the other
    # facets count the results already read); the reference data (three) once a minute.
    with django_assert_max_num_queries(10):
        client.get(
            reverse("registry:listing"), {"q": "株式会社", "prefecture": "13", "per_page": "50"}
        )
    with django_assert_max_num_queries(4):  # facets, shares and reference data now cached
        client.get(
            reverse("registry:listing"), {"q": "株式会社", "prefecture": "13", "per_page": "50"}
        )


def test_query_terms_are_normalised_and_bounded() -> None:
    assert query_terms("  ヤマダ　精工 ") == ["やまだ", "精工"]
    assert len(query_terms(" ".join(f"w{i}" for i in range(20)))) == 8
    assert query_terms('"; DROP TABLE x; --') == ['";', "drop", "table", "x;", "--"]


@pytest.mark.usefixtures("template")
def test_huge_result_sets_get_a_capped_count_and_no_facet_counts(
    client: Client, registry: dict[str, Company], monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnership.registry import listing

    monkeypatch.setattr(listing, "COUNT_CAP", 2)
    monkeypatch.setattr(listing, "FACET_LIMIT", 2)
    response = client.get(reverse("registry:listing"), {"q": "株式会社"})
    page = response.context["page"]
    assert page.capped and page.count == 2
    assert not response.context["show_counts"]
    assert len(page.rows) == 3  # the page itself is complete
    unfiltered = client.get(reverse("registry:listing"))
    assert unfiltered.context["show_counts"]  # the plain listing keeps its (cached) counts


@pytest.mark.usefixtures("template")
def test_common_and_rare_short_grams_give_the_same_answers(
    client: Client, registry: dict[str, Company], monkeypatch: pytest.MonkeyPatch
) -> None:
    from partnership.registry import search

    queries = ("山", "山田", "it", "社", "株式会社", "やまだ", "山田 精工")
    expected = {q: names(client, q=q) for q in queries}
    assert all(expected.values())
    for share in (0.0, 2.0):  # every term counts as common (walk), or none does (index)
        monkeypatch.setattr(search, "PAGE_WALK_SHARE", share)
        monkeypatch.setattr(search, "COUNT_WALK_SHARE", share)
        assert {q: names(client, q=q) for q in expected} == expected


@pytest.mark.usefixtures("template")
def test_filter_panel_keeps_the_choices_and_escapes_the_query(
    client: Client, registry: dict[str, Company]
) -> None:
    hostile = '"><script>alert(1)</script>'
    response = client.get(
        reverse("registry:listing"),
        {"q": hostile, "prefecture": ["13", "27"], "industry": "D", "capital": "ge1b"},
    )
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert 'name="q" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'value="13" id="pref-13" checked' in html
    assert 'value="27" id="pref-27" checked' in html
    assert 'value="01" id="pref-01">' in html
    assert 'value="D" id="ind-D" checked' in html
    assert '<option value="ge1b" selected>' in html
    english = client.get("/en" + reverse("registry:listing"), {"prefecture": "13"})
    assert '<label for="pref-13">Tokyo' in english.content.decode()
