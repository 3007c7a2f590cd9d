"""The declaration as a document: what a reader sees, in one language, as plain data.

:func:`build_document` turns a declaration (in any status, possibly a half-filled draft) and its
template version into a :class:`Document`. The HTML include ``declarations/_document.html`` and
the PDF renderer (:mod:`partnership.declarations.pdf`) both render this one structure, so the
page, the preview and the PDF always say the same thing.

The template's fixed texts come in the document's language; the company's own answers are shown
as typed (a Japanese answer stays Japanese in the English document).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from partnership.declarations.answers import validate_answers
from partnership.declarations.models import (
    Declaration,
    SectionKind,
    TemplateItem,
    TemplateSection,
)

LANGUAGES = ("ja", "en")

_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class ChosenItem:
    """A catalogue item the company chose, with its own description of what it will do."""

    key: str
    label: str
    # The template's standard wording for the item (not the company's text).
    description: str
    text: str


@dataclass(frozen=True)
class OwnItem:
    """An item the company added itself."""

    title: str
    text: str


@dataclass(frozen=True)
class StandardItem:
    """A fixed catalogue item of a section the company confirms (e.g. a Promotion Standard)."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class DocumentSection:
    """One numbered section of the document. Which fields are filled depends on ``kind``:
    ``chosen_items`` and ``own_items`` for CHOICE, ``standards`` and ``confirmed`` for CONFIRM,
    ``text`` for FREE."""

    key: str
    number: int
    kind: str
    heading: str
    body: str
    required: bool
    chosen_items: tuple[ChosenItem, ...] = ()
    own_items: tuple[OwnItem, ...] = ()
    standards: tuple[StandardItem, ...] = ()
    confirmed: bool = False
    text: str = ""

    @property
    def is_choice(self) -> bool:
        return self.kind == SectionKind.CHOICE

    @property
    def is_confirm(self) -> bool:
        return self.kind == SectionKind.CONFIRM

    @property
    def is_free(self) -> bool:
        return self.kind == SectionKind.FREE

    @property
    def has_items(self) -> bool:
        return bool(self.chosen_items or self.own_items)


@dataclass(frozen=True)
class Document:
    """Everything a reader sees on a declaration, in ``language`` ("ja" or "en")."""

    language: str
    title: str
    preamble: str
    company_name: str
    corporate_number: str
    sections: tuple[DocumentSection, ...]
    closing: str
    document_date: dt.date | None
    # ``document_date`` written for ``language``; empty while the draft has no date.
    date_text: str
    signer_title: str
    signer_name: str
    template_code: str
    version: int

    @property
    def signer(self) -> str:
        """Title and name on one line ("代表取締役　山田　太郎")."""
        separator = "\u3000" if self.language == "ja" else " "
        return separator.join(part for part in (self.signer_title, self.signer_name) if part)


def normalize_language(language: str) -> str:
    """``"ja"`` or ``"en"`` for a language code such as ``"en-us"``; ValueError otherwise."""
    short = (language or "").lower().split("-")[0].split("_")[0]
    if short not in LANGUAGES:
        raise ValueError(f"unsupported document language: {language!r}")
    return short


def format_document_date(date: dt.date | None, language: str) -> str:
    """The date as written on a declaration: ``2026年11月26日`` (Western era) or
    ``26 November 2026``; empty for no date."""
    if date is None:
        return ""
    if normalize_language(language) == "ja":
        return f"{date.year}年{date.month}月{date.day}日"
    return f"{date.day} {_ENGLISH_MONTHS[date.month - 1]} {date.year}"


def _pick(obj: Any, field: str, language: str) -> str:
    """The ``<field>_<language>`` text; English falls back to Japanese when it is missing."""
    japanese: str = getattr(obj, f"{field}_ja", "") or ""
    if language == "en":
        english: str = getattr(obj, f"{field}_en", "") or ""
        return english or japanese
    return japanese


def _text(value: Any) -> str:
    """Answer text as typed (non-strings, from malformed answers, count as empty)."""
    if not isinstance(value, str):
        return ""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _choice_items(
    catalogue: list[TemplateItem], raw: Mapping[str, Any], language: str
) -> tuple[tuple[ChosenItem, ...], tuple[OwnItem, ...]]:
    texts: dict[str, str] = {}
    for entry in _list(raw.get("items")):
        key = _mapping(entry).get("key")
        # Keys the template does not know (e.g. carried over from an older template) are
        # skipped; the first answer for a key wins, as in validate_answers.
        if isinstance(key, str) and key not in texts:
            texts[key] = _text(_mapping(entry).get("text"))
    chosen = tuple(
        ChosenItem(
            key=item.key,
            label=_pick(item, "label", language),
            description=_pick(item, "text", language),
            text=texts[item.key],
        )
        for item in catalogue
        if item.key in texts
    )
    own: list[OwnItem] = []
    for entry in _list(raw.get("own_items")):
        title, text = _text(_mapping(entry).get("title")), _text(_mapping(entry).get("text"))
        if title or text:
            own.append(OwnItem(title=title, text=text))
    return chosen, tuple(own)


def _section(
    section: TemplateSection, number: int, raw: Mapping[str, Any], language: str
) -> DocumentSection | None:
    """The document section, or None when the section is optional and left empty."""
    common: dict[str, Any] = {
        "key": section.key,
        "number": number,
        "kind": section.kind,
        "heading": _pick(section, "heading", language),
        "body": _pick(section, "body", language),
        "required": section.required,
    }
    # Items come prefetched and ordered by position (TemplateItem.Meta.ordering).
    catalogue = list(section.items.all())
    if section.kind == SectionKind.CHOICE:
        chosen, own = _choice_items(catalogue, raw, language)
        if not section.required and not chosen and not own:
            return None
        return DocumentSection(**common, chosen_items=chosen, own_items=own)
    if section.kind == SectionKind.CONFIRM:
        standards = tuple(
            StandardItem(
                key=item.key,
                label=_pick(item, "label", language),
                text=_pick(item, "text", language),
            )
            for item in catalogue
        )
        return DocumentSection(
            **common, standards=standards, confirmed=raw.get("confirmed") is True
        )
    text = _text(raw.get("text"))
    if not section.required and not text:
        return None
    return DocumentSection(**common, text=text)


def build_document(declaration: Declaration, language: str) -> Document:
    """What a reader sees on ``declaration`` in ``language`` ("ja" or "en").

    Works for any status and for incomplete drafts (missing answers give empty sections and
    texts). Sections follow the template's order and are numbered from 1; an optional section
    left empty is omitted (and does not take a number). Answers for items the template does not
    have are skipped. The template's preamble and closing are used as written: the demo and
    official templates carry no placeholders.
    """
    language = normalize_language(language)
    template = declaration.template
    answers = _mapping(declaration.answers)
    sections: list[DocumentSection] = []
    for section in template.sections.prefetch_related("items").order_by("position"):
        built = _section(section, len(sections) + 1, _mapping(answers.get(section.key)), language)
        if built is not None:
            sections.append(built)
    return Document(
        language=language,
        title=_pick(template, "title", language),
        preamble=_pick(template, "preamble", language),
        company_name=declaration.company_name,
        corporate_number=declaration.company.corporate_number,
        sections=tuple(sections),
        closing=_pick(template, "closing", language),
        document_date=declaration.document_date,
        date_text=format_document_date(declaration.document_date, language),
        signer_title=declaration.signer_title,
        signer_name=declaration.signer_name,
        template_code=template.code,
        version=declaration.version,
    )


def section_errors(declaration: Declaration) -> dict[str, tuple[str, ...]]:
    """For a "check your answers" page: per template section key, in template order, the
    messages that keep the section from being complete (an empty tuple when it is complete).

    The messages are those :func:`validate_answers` gives on submission, in the active language.
    Problems outside the sections (company name, signer, date) are checked on submission by the
    services and are not reported here; nor are answers for a section the template does not
    have (the draft services never store those)."""
    keys = list(declaration.template.sections.order_by("position").values_list("key", flat=True))
    errors: dict[str, list[str]] = {key: [] for key in keys}
    try:
        validate_answers(declaration.template, declaration.answers, complete=True)
    except ValidationError as exc:
        for path, messages in exc.message_dict.items():
            section_key = path.split(".", 1)[0]
            if section_key in errors:
                errors[section_key].extend(messages)
    return {key: tuple(messages) for key, messages in errors.items()}


def section_is_complete(declaration: Declaration) -> dict[str, bool]:
    """Per template section key, whether the section is complete (see :func:`section_errors`)."""
    return {key: not messages for key, messages in section_errors(declaration).items()}
