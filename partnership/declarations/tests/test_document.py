"""The declaration as a document: build_document, the completeness helper and the HTML include."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from partnership.companies.models import Company
from partnership.declarations.document import (
    Document,
    build_document,
    format_document_date,
    normalize_language,
    section_errors,
    section_is_complete,
)
from partnership.declarations.models import Declaration, SectionKind, Status, TemplateVersion
from partnership.declarations.services import template_version_import

pytestmark = pytest.mark.django_db

DEMO_TEMPLATE = Path(__file__).resolve().parents[1] / "demo" / "template_2026-01.json"


@pytest.fixture
def demo_template(db: None) -> TemplateVersion:
    # Under another code: the conftest's small template already is "2026-01".
    data = json.loads(DEMO_TEMPLATE.read_text(encoding="utf-8"))
    return template_version_import(data={**data, "code": "demo-2026-01"})


def rich_answers() -> dict[str, Any]:
    return {
        "supply_chain": {
            # Deliberately not in catalogue order.
            "items": [
                {"key": "gamma", "text": "ガンマの取組を進めます。"},
                {"key": "alpha", "text": "We will share know-how with suppliers."},
            ],
            "own_items": [
                {"title": "地域の人材育成", "text": "工業高校のインターンを受け入れます。"},
                {"title": "", "text": ""},
                {"title": "Second own item", "text": "Line one.\nLine two."},
            ],
        },
        "promotion_standards": {"confirmed": True},
        "own_initiatives": {"text": "毎年、取引先との意見交換会を開きます。"},
    }


@pytest.fixture
def declaration(company: Company, make_declaration: Callable[..., Declaration]) -> Declaration:
    return make_declaration(
        company,
        Status.PUBLISHED,
        answers=rich_answers(),
        document_date=dt.date(2026, 11, 26),
        signer_title="代表取締役社長",
        signer_name="山田　太郎",
    )


def headings(document: Document) -> list[str]:
    return [section.heading for section in document.sections]


def test_japanese_document_uses_the_templates_japanese_texts(
    declaration: Declaration, company: Company
) -> None:
    document = build_document(declaration, "ja")

    assert document.language == "ja"
    assert document.title == "Declaration（日本語）"
    assert document.preamble == "We declare the following.（日本語）"
    assert document.closing == "End.（日本語）"
    assert headings(document) == [
        "Co-prosperity（日本語）",
        "Promotion standards（日本語）",
        "Own initiatives（日本語）",
    ]
    assert [section.number for section in document.sections] == [1, 2, 3]
    assert document.sections[0].body == "Fixed text one.（日本語）"
    assert document.company_name == "株式会社山田精工"
    assert document.corporate_number == company.corporate_number
    assert document.date_text == "2026年11月26日"
    assert document.document_date == dt.date(2026, 11, 26)
    assert (document.signer_title, document.signer_name) == ("代表取締役社長", "山田　太郎")
    assert document.signer == "代表取締役社長　山田　太郎"
    assert (document.template_code, document.version) == ("2026-01", declaration.version)


def test_english_document_uses_english_texts_and_keeps_answers_as_typed(
    declaration: Declaration,
) -> None:
    document = build_document(declaration, "en")

    assert document.language == "en"
    assert document.title == "Declaration"
    assert headings(document) == ["Co-prosperity", "Promotion standards", "Own initiatives"]
    assert document.date_text == "26 November 2026"
    assert document.company_name == "株式会社山田精工"
    choice = document.sections[0]
    assert [item.label for item in choice.chosen_items] == ["alpha", "gamma"]
    assert choice.chosen_items[1].text == "ガンマの取組を進めます。"
    assert document.sections[2].text == "毎年、取引先との意見交換会を開きます。"


def test_language_codes_are_normalised_and_others_refused(declaration: Declaration) -> None:
    assert build_document(declaration, "en-us").language == "en"
    assert normalize_language("ja-JP") == "ja"
    with pytest.raises(ValueError, match="unsupported"):
        build_document(declaration, "fr")


def test_chosen_items_follow_catalogue_order_and_own_items_follow_them(
    declaration: Declaration,
) -> None:
    choice = build_document(declaration, "ja").sections[0]

    assert choice.kind == SectionKind.CHOICE and choice.is_choice
    assert [item.key for item in choice.chosen_items] == ["alpha", "gamma"]
    assert [item.label for item in choice.chosen_items] == ["alpha（日本語）", "gamma（日本語）"]
    assert choice.chosen_items[0].text == "We will share know-how with suppliers."
    assert choice.chosen_items[0].description == "alpha（日本語）"
    # The blank own item is left out; the others keep the company's order and wording.
    assert [(item.title, item.text) for item in choice.own_items] == [
        ("地域の人材育成", "工業高校のインターンを受け入れます。"),
        ("Second own item", "Line one.\nLine two."),
    ]


def test_confirm_section_lists_every_standard_in_catalogue_order(
    demo_template: TemplateVersion, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    catalogue = json.loads(DEMO_TEMPLATE.read_text(encoding="utf-8"))["sections"][1]["items"]
    declaration = make_declaration(
        company,
        template=demo_template,
        answers={
            "supply_chain": {"items": [{"key": "open_innovation", "text": "大学と共同研究。"}]},
            "promotion_standards": {"confirmed": True},
        },
    )

    for language in ("ja", "en"):
        confirm = build_document(declaration, language).sections[1]
        assert confirm.is_confirm and confirm.confirmed
        assert [item.key for item in confirm.standards] == [item["key"] for item in catalogue]
        assert [item.label for item in confirm.standards] == [
            item["label"][language] for item in catalogue
        ]
        assert [item.text for item in confirm.standards] == [
            item["text"][language] for item in catalogue
        ]
        assert confirm.heading.startswith("振興基準" if language == "ja" else "Compliance")


def test_unknown_item_keys_and_sections_are_skipped(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        answers={
            "supply_chain": {
                "items": [
                    {"key": "dropped_in_2026", "text": "From an older template."},
                    {"key": "beta", "text": "Beta."},
                    {"key": "beta", "text": "A duplicate answer."},
                    "not even an object",
                    {"text": "no key"},
                ],
                "own_items": "malformed",
            },
            "promotion_standards": ["malformed"],
            "retired_section": {"text": "Gone."},
        },
    )

    document = build_document(declaration, "en")

    choice = document.sections[0]
    assert [(item.key, item.text) for item in choice.chosen_items] == [("beta", "Beta.")]
    assert choice.own_items == ()
    assert document.sections[1].confirmed is False
    assert [section.key for section in document.sections] == [
        "supply_chain",
        "promotion_standards",
    ]


def test_empty_optional_free_section_is_omitted(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    # COMPLETE_ANSWERS leaves the optional "own initiatives" section empty.
    declaration = make_declaration(company)

    document = build_document(declaration, "ja")

    assert [section.key for section in document.sections] == [
        "supply_chain",
        "promotion_standards",
    ]
    assert [section.number for section in document.sections] == [1, 2]


def test_filled_free_section_carries_the_companys_text(declaration: Declaration) -> None:
    free = build_document(declaration, "ja").sections[2]

    assert free.is_free and free.number == 3
    assert free.text == "毎年、取引先との意見交換会を開きます。"


def test_incomplete_draft_gives_a_document_with_gaps(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        answers={},
        company_name="",
        signer_title="",
        signer_name="",
        signer_attested=False,
        document_date=None,
    )

    document = build_document(declaration, "ja")

    assert document.date_text == "" and document.document_date is None
    assert document.company_name == "" and document.signer == ""
    choice, confirm = document.sections
    assert not choice.has_items
    assert confirm.confirmed is False and len(confirm.standards) == 1


def test_draft_with_a_chosen_item_not_yet_described(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company, answers={"supply_chain": {"items": [{"key": "alpha", "text": ""}]}}
    )

    choice = build_document(declaration, "en").sections[0]

    assert [(item.key, item.text) for item in choice.chosen_items] == [("alpha", "")]


@pytest.mark.parametrize(
    ("date", "language", "expected"),
    [
        (dt.date(2026, 11, 26), "ja", "2026年11月26日"),
        (dt.date(2026, 1, 5), "ja", "2026年1月5日"),
        (dt.date(2026, 11, 26), "en", "26 November 2026"),
        (dt.date(2027, 3, 1), "en", "1 March 2027"),
        (None, "ja", ""),
    ],
)
def test_document_date_is_written_for_the_language(
    date: dt.date | None, language: str, expected: str
) -> None:
    assert format_document_date(date, language) == expected


def test_section_errors_are_empty_for_a_complete_declaration(declaration: Declaration) -> None:
    assert section_errors(declaration) == {
        "supply_chain": (),
        "promotion_standards": (),
        "own_initiatives": (),
    }
    assert all(section_is_complete(declaration).values())


def test_section_errors_name_the_incomplete_sections(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        answers={
            "supply_chain": {"items": [{"key": "alpha", "text": ""}]},
            "promotion_standards": {"confirmed": False},
        },
    )

    with translation.override("en"):
        errors = section_errors(declaration)

    assert list(errors) == ["supply_chain", "promotion_standards", "own_initiatives"]
    assert errors["supply_chain"] == ("Describe what the company will do for this item.",)
    assert errors["promotion_standards"] == (
        "Confirm that the company complies with this section.",
    )
    assert errors["own_initiatives"] == ()
    assert section_is_complete(declaration) == {
        "supply_chain": False,
        "promotion_standards": False,
        "own_initiatives": True,
    }


# --- the HTML include -------------------------------------------------------------------------


def render(document: Document) -> str:
    return render_to_string("declarations/_document.html", {"document": document})


def test_html_renders_the_document_as_semantic_markup(declaration: Declaration) -> None:
    html = render(build_document(declaration, "ja"))

    assert '<article class="document" lang="ja"' in html
    assert '<h2 class="document-title" id="document-title">Declaration（日本語）</h2>' in html
    assert html.count("<h3 ") == 3
    assert "Co-prosperity（日本語）" in html and "Own initiatives（日本語）" in html
    assert '<time datetime="2026-11-26">2026年11月26日</time>' in html
    assert "株式会社山田精工" in html and "代表取締役社長　山田　太郎" in html
    assert (
        html.index("alpha（日本語）") < html.index("gamma（日本語）") < html.index("地域の人材育成")
    )
    assert "Line one.<br>Line two." in html
    assert "Pricing（日本語）" in html
    assert "<h1" not in html


def test_html_labels_follow_the_document_language_not_the_page(
    declaration: Declaration,
) -> None:
    with translation.override("en"):
        japanese = render(build_document(declaration, "ja"))
    with translation.override("ja"):
        english = render(build_document(declaration, "en"))

    assert "法人番号" in japanese and "Corporate number" not in japanese
    assert "Corporate number" in english and "Co-prosperity</h3>" in english
    assert '<article class="document" lang="en"' in english


def test_html_escapes_what_the_company_typed(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company,
        company_name="<b>Bold</b> & Co.",
        answers={
            "supply_chain": {
                "items": [{"key": "alpha", "text": "<script>alert(1)</script>\nNext line"}],
                "own_items": [{"title": "<i>Mine</i>", "text": "Text"}],
            },
            "promotion_standards": {"confirmed": True},
            "own_initiatives": {"text": '"quoted" <img src=x onerror=alert(1)>'},
        },
    )

    html = render(build_document(declaration, "en"))

    assert "<script>" not in html and "<img" not in html and "<b>Bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Next line" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co." in html
    assert "&lt;i&gt;Mine&lt;/i&gt;" in html


def test_html_shows_what_a_draft_still_lacks(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(
        company, answers={}, document_date=None, company_name="", signer_name="", signer_title=""
    )

    html = render(build_document(declaration, "en"))

    assert "Date not entered yet." in html
    assert "No items chosen yet." in html
    assert "Compliance with the above not yet confirmed." in html
    assert "Template 2026-01, version 1" in html
