"""The declaration as a PDF: readable Japanese text, layout across pages, metadata, determinism."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from partnership.companies.models import Company
from partnership.declarations.answers import FREE_TEXT_MAX, ITEM_TEXT_MAX, OWN_ITEMS_MAX
from partnership.declarations.document import build_document
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.pdf import GOTHIC, MINCHO, render_pdf
from partnership.declarations.services import template_version_import

pytestmark = pytest.mark.django_db

IT_TEXT = "取引先30社に生産管理システムを無償で開放し、操作研修を年4回開きます。"
DEMO_TEMPLATE = Path(__file__).resolve().parents[1] / "demo" / "template_2026-01.json"


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_TEMPLATE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def demo_template(db: None) -> TemplateVersion:
    # Under another code: the conftest's small template already is "2026-01".
    return template_version_import(data={**demo_data(), "code": "demo-2026-01"})


@pytest.fixture
def declaration(
    demo_template: TemplateVersion, company: Company, make_declaration: Callable[..., Declaration]
) -> Declaration:
    return make_declaration(
        company,
        Status.PUBLISHED,
        template=demo_template,
        answers={
            "supply_chain": {
                "items": [
                    {"key": "it_implementation", "text": IT_TEXT},
                    {"key": "open_innovation", "text": "地元の大学と共同研究を行います。"},
                ],
                "own_items": [
                    {"title": "地域の人材育成", "text": "工業高校のインターンを受け入れます。"}
                ],
            },
            "promotion_standards": {"confirmed": True},
            "own_initiatives": {"text": "毎年、取引先との意見交換会を開きます。"},
        },
        company_name="株式会社山田精工",
        signer_title="代表取締役社長",
        signer_name="山田　太郎",
        document_date=dt.date(2026, 11, 26),
    )


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in reader(data).pages]


def text_of(data: bytes) -> str:
    return "\n".join(page_texts(data))


def squeeze(text: str) -> str:
    """The text without line breaks and ASCII spaces, for phrases a line may wrap inside."""
    return re.sub(r"[ \n]+", "", text)


def test_japanese_pdf_text_can_be_extracted(declaration: Declaration) -> None:
    data = render_pdf(build_document(declaration, "ja"))
    text = text_of(data)

    assert data.startswith(b"%PDF-")
    assert "株式会社山田精工" in text
    # The ideographic space between title, surname and given name survives.
    assert "代表取締役社長　山田　太郎" in text
    assert "2026年11月26日" in text
    assert "パートナーシップ構築宣言" in text
    assert "法人番号" in text and declaration.company.corporate_number in text
    flat = squeeze(text)
    for section in demo_data()["sections"]:
        assert squeeze(section["heading"]["ja"]) in flat
    assert "振興基準の遵守と中小受託事業者との適正な取引" in flat
    assert "協議に基づく価格決定" in text and "災害時等の対応" in text
    assert "取引先30社に生産管理システムを無償で開放し" in flat
    assert "地域の人材育成" in text
    assert "以上" in text


def test_english_pdf_has_english_headings_and_japanese_answers(
    declaration: Declaration,
) -> None:
    text = text_of(render_pdf(build_document(declaration, "en")))
    flat = squeeze(text)

    assert "Declaration of Partnership Building" in text
    for section in demo_data()["sections"]:
        assert squeeze(section["heading"]["en"]) in flat
    assert "26 November 2026" in text
    assert "株式会社山田精工" in text and "山田　太郎" in text
    assert "Corporate number" in text
    assert "地元の大学と共同研究を行います。" in text
    assert "サプライチェーン全体の共存共栄" not in text


def test_sections_are_numbered_and_items_follow_catalogue_order(
    declaration: Declaration,
) -> None:
    flat = squeeze(text_of(render_pdf(build_document(declaration, "ja"))))

    assert "1．サプライチェーン全体の共存共栄" in flat
    assert "2．振興基準の遵守" in flat
    assert "3．その他の独自の取組" in flat
    assert flat.index("(1)オープンイノベーション") < flat.index("(2)IT実装支援")
    assert flat.index("(2)IT実装支援") < flat.index("(3)地域の人材育成")


def test_pdf_metadata_names_the_declaration(declaration: Declaration) -> None:
    pdf = reader(render_pdf(build_document(declaration, "ja")))

    metadata = pdf.metadata
    assert metadata is not None
    assert metadata.title == "パートナーシップ構築宣言 - 株式会社山田精工"
    assert metadata.author == "株式会社山田精工"
    assert metadata.subject is not None and "2026-01" in metadata.subject
    assert pdf.trailer["/Root"]["/Lang"] == "ja"
    english = reader(render_pdf(build_document(declaration, "en")))
    assert english.trailer["/Root"]["/Lang"] == "en"


def test_pdf_uses_only_the_built_in_japanese_fonts(declaration: Declaration) -> None:
    pdf = reader(render_pdf(build_document(declaration, "en")))

    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in pdf.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts == {f"/{MINCHO}", f"/{GOTHIC}"}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            # Not embedded: viewers supply the Adobe-Japan1 fonts themselves.
            assert font["/Subtype"] == "/Type0"
            assert font["/Encoding"] == "/UniJIS-UCS2-H"
            assert "/FontFile2" not in font["/DescendantFonts"][0]["/FontDescriptor"]


def test_long_declaration_spans_pages_with_page_numbers(
    demo_template: TemplateVersion, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    sections = demo_data()["sections"]
    long_text = ("取引先と協議のうえ、価格を見直します。" * 200)[:ITEM_TEXT_MAX]
    declaration = make_declaration(
        company,
        template=demo_template,
        answers={
            "supply_chain": {
                "items": [{"key": item["key"], "text": long_text} for item in sections[0]["items"]],
                "own_items": [
                    {"title": f"独自の取組{n}", "text": long_text} for n in range(OWN_ITEMS_MAX)
                ],
            },
            "promotion_standards": {"confirmed": True},
            "own_initiatives": {"text": ("English words wrap at spaces. " * 200)[:FREE_TEXT_MAX]},
        },
    )

    texts = page_texts(render_pdf(build_document(declaration, "ja")))

    total = len(texts)
    assert total >= 10
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {total}" in text
    assert "独自の取組9" in "\n".join(texts)
    # A 2,000-character text is wrapped, not cut: all of it is there (read without the footers).
    body = squeeze("".join(re.sub(r"\d+ / \d+\s*$", "", text) for text in texts))
    assert body.count(long_text) == len(sections[0]["items"]) + OWN_ITEMS_MAX


def test_same_declaration_gives_the_same_bytes(declaration: Declaration) -> None:
    document = build_document(declaration, "ja")

    assert render_pdf(document) == render_pdf(document)
    assert render_pdf(build_document(declaration, "en")) == render_pdf(
        build_document(declaration, "en")
    )


def test_markup_in_user_text_is_shown_as_text(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        company_name="<b>Bold</b> & Co. <font size=40>",
        answers={
            "supply_chain": {"items": [{"key": "alpha", "text": "<script>alert(1)</script>"}]},
            "promotion_standards": {"confirmed": True},
            "own_initiatives": {"text": "first line\nsecond line &amp; <br/>"},
        },
    )

    text = text_of(render_pdf(build_document(declaration, "ja")))

    assert "<b>Bold</b> & Co. <font size=40>" in text
    assert "<script>alert(1)</script>" in text
    assert "first line\nsecond line &amp; <br/>" in text


def test_incomplete_draft_renders(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        answers={},
        company_name="",
        signer_title="",
        signer_name="",
        document_date=None,
    )

    for language in ("ja", "en"):
        data = render_pdf(build_document(declaration, language))
        assert data.startswith(b"%PDF-")
        assert "1 / 1" in text_of(data)
