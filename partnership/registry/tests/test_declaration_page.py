from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from partnership.companies.models import Company
from partnership.conftest import COMPLETE_ANSWERS, template_data
from partnership.declarations.models import Declaration, RemovalCategory, Status
from partnership.declarations.services import template_version_import

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MakeDeclaration = Callable[..., Declaration]


def page(company: Company, prefix: str = "") -> str:
    return f"{prefix}/declarations/{company.corporate_number}/"


def version_page(company: Company, version: int, prefix: str = "") -> str:
    return f"{prefix}/declarations/{company.corporate_number}/versions/{version}/"


def answers(alpha: str, *, beta: str | None = None) -> dict[str, Any]:
    items = [{"key": "alpha", "text": alpha}]
    if beta is not None:
        items.append({"key": "beta", "text": beta})
    return {**COMPLETE_ANSWERS, "supply_chain": {"items": items}}


@pytest.fixture
def rich_company(make_company: Callable[..., Company]) -> Company:
    return make_company(
        name="株式会社山田精工",
        name_kana="ヤマダセイコウ",
        name_en="Yamada Seiko Co., Ltd.",
        industry_id="E",
        capital_yen=30_000_000,
        employees=45,
        website="https://www.example.jp/",
    )


@pytest.fixture
def superseded_then_published(
    company: Company, make_declaration: MakeDeclaration
) -> tuple[Declaration, Declaration]:
    switch = dt.datetime(2026, 3, 1, 1, 0, tzinfo=UTC)
    first = make_declaration(
        company,
        Status.SUPERSEDED,
        answers=answers("取引先と技術を共有します。"),
        published_at=dt.datetime(2026, 1, 4, 15, 30, tzinfo=UTC),
        ended_at=switch,
    )
    second = make_declaration(
        company,
        Status.PUBLISHED,
        answers=answers("取引先と技術とノウハウを共有します。", beta="新しい取組を始めます。"),
        published_at=switch,
    )
    return first, second


def test_current_published_page_shows_document_company_facts_and_links(
    client: Client, rich_company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(
        rich_company, Status.PUBLISHED, published_at=dt.datetime(2026, 1, 4, 15, 30, tzinfo=UTC)
    )
    response = client.get(page(rich_company))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert '<article class="document" lang="ja"' in html
    assert "We will share know-how with suppliers." in html  # the company's own text
    for fact in ("株式会社山田精工", "ヤマダセイコウ", "Yamada Seiko Co., Ltd.", "東京都"):
        assert fact in html
    assert rich_company.corporate_number in html
    assert "製造業" in html  # industry
    assert "1,000万円超" in html or "Over ¥10 million" in html  # capital band
    assert "https://www.example.jp/" in html
    assert "公表中" in html
    # Published on 4 January 2026 15:30 UTC: 5 January in Japan.
    assert "2026年1月5日 00:30" in html
    assert 'datetime="2026-01-05T00:30:00+09:00"' in html
    assert "badge outdated" not in html
    pdf = reverse("registry:declaration_pdf", args=[rich_company.corporate_number])
    assert f'href="{pdf}?lang=ja"' in html and f'href="{pdf}?lang=en"' in html
    assert reverse("registry:certificate", args=[rich_company.corporate_number]) in html
    assert "宣言は企業自らが行うものです。" in html  # the registry checks form only


def test_english_page_is_in_english(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.PUBLISHED)
    response = client.get(page(company, "/en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert '<article class="document" lang="en"' in html
    assert '<h1 class="page-title">Yamada Seiko Co., Ltd.</h1>' in html
    for text in (
        "Corporate number",
        "Published since",
        "Declaration PDF (English)",
        "Certificate of publication",
        "Version history",
        "to present",
        "The registry checks its form, not whether the company keeps it.",
    ):
        assert text in html
    assert "公表中" not in html


def test_outdated_template_is_badged(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.PUBLISHED)
    assert 'class="badge outdated"' not in client.get(page(company)).content.decode()
    template_version_import(data=template_data(code="2027-01"), make_current=True)
    html = client.get(page(company)).content.decode()
    assert 'class="badge outdated"' in html
    assert "旧様式" in html
    english = client.get(page(company, "/en")).content.decode()
    assert "This declaration was made on template 2026-01." in english
    assert "The current template is 2027-01." in english


def test_history_lists_every_published_version_newest_first(
    client: Client,
    company: Company,
    make_declaration: MakeDeclaration,
    superseded_then_published: tuple[Declaration, Declaration],
) -> None:
    make_declaration(company, Status.DRAFT)  # version 3: never public
    response = client.get(page(company))
    assert [d.version for d in response.context["record"].history] == [2, 1]
    html = response.content.decode()
    first = reverse("registry:declaration_version", args=[company.corporate_number, 1])
    second = reverse("registry:declaration_version", args=[company.corporate_number, 2])
    assert html.index(f'href="{second}"') < html.index(f'href="{first}"')
    assert reverse("registry:declaration_version", args=[company.corporate_number, 3]) not in html
    assert "更新済み（旧版）" in html  # superseded
    assert "2026年3月1日 10:00" in html  # the switch, in Japan time
    assert "取引先と技術とノウハウを共有します。" in html  # the current text


def test_version_page_shows_its_document_interval_and_what_changed(
    client: Client,
    company: Company,
    superseded_then_published: tuple[Declaration, Declaration],
) -> None:
    response = client.get(version_page(company, 2, "/en"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is the version published now." in html
    assert "What changed from version 1" in html
    kinds = sorted(change.kind for change in response.context["changes"])
    assert kinds == ["added", "changed"]
    assert "Added" in html and "Changed" in html
    assert "<ins>新しい取組を始めます。</ins>" in html
    assert "<ins>とノウハウ</ins>" in html  # the changed words, marked
    assert "1 March 2026, 10:00" in html and "to present" in html

    old = client.get(version_page(company, 1, "/en"))
    html = old.content.decode()
    assert old.status_code == 200
    assert "This is not the version published now." in html
    assert "Replaced by version 2 on 1 March 2026, 10:00." in html
    assert "5 January 2026, 00:30" in html  # its start, in Japan time
    assert "This is the first published version of this declaration." in html
    assert "取引先と技術を共有します。" in html  # its own text


def test_withdrawn_declaration_is_shown_as_such_with_date_and_reason(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(
        company,
        Status.WITHDRAWN,
        published_at=dt.datetime(2025, 6, 1, 0, 0, tzinfo=UTC),
        ended_at=dt.datetime(2026, 2, 10, 3, 0, tzinfo=UTC),
        end_reason="事業譲渡のため",
    )
    response = client.get(page(company))
    assert response.status_code == 200
    html = response.content.decode()
    assert "取下げ" in html and "取下げ日" in html
    assert "2026年2月10日 12:00" in html
    assert "事業譲渡のため" in html
    assert response.context["document"] is None
    # The text stays readable on its version page; the PDF is for the published one only.
    assert reverse("registry:declaration_version", args=[company.corporate_number, 1]) in html
    pdf = client.get(reverse("registry:declaration_pdf", args=[company.corporate_number]))
    assert pdf.status_code == 404


def test_removed_declaration_shows_date_category_and_reason(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(
        company,
        Status.REMOVED,
        published_at=dt.datetime(2025, 6, 1, 0, 0, tzinfo=UTC),
        ended_at=dt.datetime(2026, 2, 10, 3, 0, tzinfo=UTC),
        end_reason_category=RemovalCategory.NOT_HONOURED,
        end_reason="支払遅延が確認されました",
    )
    html = client.get(page(company)).content.decode()
    assert "公表取消し" in html and "公表取消日" in html
    assert "宣言の内容が履行されていない" in html  # the category
    assert "支払遅延が確認されました" in html
    assert "2026年2月10日 12:00" in html
    version = client.get(
        reverse("registry:declaration_version", args=[company.corporate_number, 1])
    )
    assert version.status_code == 200
    assert "宣言の内容が履行されていない" in version.content.decode()


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED, Status.REJECTED]
)
def test_versions_never_published_are_not_public(
    client: Client, company: Company, make_declaration: MakeDeclaration, status: str
) -> None:
    make_declaration(company, Status.PUBLISHED)
    hidden = make_declaration(company, status)
    url = reverse("registry:declaration_version", args=[company.corporate_number, hidden.version])
    assert client.get(url).status_code == 404
    assert client.get(page(company)).status_code == 200


def test_company_never_published_is_not_found(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.DRAFT)
    number = company.corporate_number
    for url in (
        page(company),
        reverse("registry:declaration_pdf", args=[number]),
        reverse("registry:declaration_version", args=[number, 1]),
        reverse("registry:certificate", args=[number]),
        reverse("registry:certificate_pdf", args=[number]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("number", ["1234567890123", "abc", "123", "5835678256246"])
def test_invalid_or_unknown_number_is_not_found(client: Client, number: str) -> None:
    assert client.get(f"/declarations/{number}/").status_code == 404


def test_number_typed_with_hyphens_or_full_width_redirects_to_the_canonical_url(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.PUBLISHED)
    number = company.corporate_number
    hyphenated = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}"
    response = client.get(f"/declarations/{hyphenated}/")
    assert response.status_code == 301
    assert response["Location"] == f"/declarations/{number}/"
    full_width = number.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    response = client.get(f"/en/declarations/{full_width}/versions/1/")
    assert response.status_code == 301
    assert response["Location"] == f"/en/declarations/{number}/versions/1/"
    response = client.get(f"/declarations/{hyphenated}/declaration.pdf?lang=en")
    assert response["Location"] == f"/declarations/{number}/declaration.pdf?lang=en"


def test_declaration_pdf_is_the_published_version_inline_and_cacheable(
    client: Client,
    company: Company,
    superseded_then_published: tuple[Declaration, Declaration],
) -> None:
    url = reverse("registry:declaration_pdf", args=[company.corporate_number])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert f"declaration-{company.corporate_number}-v2-ja.pdf" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "株式会社山田精工" in text
    assert "取引先と技術とノウハウを共有します。" in text
    english = client.get(url + "?lang=en")
    assert "-v2-en.pdf" in english["Content-Disposition"]
    assert english.content != response.content
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_pages_use_a_fixed_number_of_queries(
    client: Client,
    company: Company,
    make_declaration: MakeDeclaration,
    django_assert_max_num_queries: Any,
) -> None:
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    for n in range(5):
        make_declaration(
            company,
            Status.SUPERSEDED,
            published_at=start + dt.timedelta(days=30 * n),
            ended_at=start + dt.timedelta(days=30 * (n + 1)),
        )
    make_declaration(company, Status.PUBLISHED, published_at=start + dt.timedelta(days=150))
    number = company.corporate_number
    with django_assert_max_num_queries(5):
        assert client.get(page(company)).status_code == 200
    with django_assert_max_num_queries(7):
        url = reverse("registry:declaration_version", args=[number, 6])
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(4):
        url = reverse("registry:declaration_pdf", args=[number])
        assert client.get(url).status_code == 200
