"""The shape of a declaration's answers and its validation against a template version.

answers = {
    "<choice section key>": {"items": [{"key": str, "text": str}, ...],
                             "own_items": [{"title": str, "text": str}, ...]},
    "<confirm section key>": {"confirmed": bool},
    "<free section key>": {"text": str},
}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partnership.core.text import clean_text
from partnership.declarations.models import SectionKind, TemplateVersion

ITEM_TEXT_MAX = 2000
OWN_TITLE_MAX = 100
OWN_ITEMS_MAX = 10
FREE_TEXT_MAX = 4000


def _text(value: Any, path: str, limit: int, errors: dict[str, str]) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        errors[path] = _("Enter text.")
        return ""
    text = clean_text(value)
    if len(text) > limit:
        errors[path] = _("Use at most %(limit)d characters (you have %(count)d).") % {
            "limit": limit,
            "count": len(text),
        }
    return text


def template_sections(template: TemplateVersion) -> list[Any]:
    """The template's sections with their items, loaded once per template instance (a template
    version's content does not change while it is in use)."""
    cached = template.__dict__.get("_sections_with_items")
    if cached is None:
        cached = list(template.sections.prefetch_related("items"))
        template.__dict__["_sections_with_items"] = cached
    return cached


def validate_answers(
    template: TemplateVersion, answers: Any, *, complete: bool
) -> dict[str, dict[str, Any]]:
    """Return cleaned answers, or raise ValidationError mapping field paths to messages.

    With ``complete=False`` (saving a draft) only shape and lengths are checked, so a half-filled
    form can always be saved; with ``complete=True`` (submitting) required answers must be there.
    """
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers are malformed.")})
    errors: dict[str, str] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    sections = template_sections(template)
    known = {section.key for section in sections}
    for unknown in sorted(set(answers) - known):
        errors[unknown] = _("This section is not part of template %(code)s.") % {
            "code": template.code
        }
    for section in sections:
        raw = answers.get(section.key) or {}
        if not isinstance(raw, dict):
            errors[section.key] = _("The answers are malformed.")
            continue
        if section.kind == SectionKind.CHOICE:
            cleaned[section.key] = _clean_choice(section, raw, complete, errors)
        elif section.kind == SectionKind.CONFIRM:
            confirmed = raw.get("confirmed") is True
            if complete and section.required and not confirmed:
                errors[f"{section.key}.confirmed"] = _(
                    "Confirm that the company complies with this section."
                )
            cleaned[section.key] = {"confirmed": confirmed}
        else:
            text = _text(raw.get("text"), f"{section.key}.text", FREE_TEXT_MAX, errors)
            if complete and section.required and not text:
                errors[f"{section.key}.text"] = _("Fill in this section.")
            cleaned[section.key] = {"text": text}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_choice(
    section: Any, raw: dict[str, Any], complete: bool, errors: dict[str, str]
) -> dict[str, Any]:
    catalogue = {item.key for item in section.items.all()}
    items: list[dict[str, str]] = []
    seen: set[str] = set()
    raw_items = raw.get("items") or []
    if not isinstance(raw_items, list):
        errors[f"{section.key}.items"] = _("The answers are malformed.")
        raw_items = []
    for entry in raw_items:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or key not in catalogue:
            errors[f"{section.key}.items"] = _("Choose items from the list.")
            continue
        if key in seen:
            continue
        seen.add(key)
        path = f"{section.key}.items.{key}.text"
        text = _text(entry.get("text"), path, ITEM_TEXT_MAX, errors)
        if complete and not text:
            errors[path] = _("Describe what the company will do for this item.")
        items.append({"key": key, "text": text})
    own: list[dict[str, str]] = []
    raw_own = raw.get("own_items") or []
    if not isinstance(raw_own, list):
        errors[f"{section.key}.own_items"] = _("The answers are malformed.")
        raw_own = []
    if raw_own and not section.allow_own_items:
        errors[f"{section.key}.own_items"] = _("This section does not take your own items.")
        raw_own = []
    if len(raw_own) > OWN_ITEMS_MAX:
        errors[f"{section.key}.own_items"] = _("Add at most %(limit)d items of your own.") % {
            "limit": OWN_ITEMS_MAX
        }
    for index, entry in enumerate(raw_own[:OWN_ITEMS_MAX]):
        entry = entry if isinstance(entry, dict) else {}
        path = f"{section.key}.own_items.{index}"
        title = _text(entry.get("title"), f"{path}.title", OWN_TITLE_MAX, errors)
        text = _text(entry.get("text"), f"{path}.text", ITEM_TEXT_MAX, errors)
        if not title and not text:
            continue
        if complete and not title:
            errors[f"{path}.title"] = _("Give your item a title.")
        if complete and not text:
            errors[f"{path}.text"] = _("Describe what the company will do for this item.")
        own.append({"title": title, "text": text})
    if complete and section.required and not items and not own:
        errors[f"{section.key}.items"] = _("Choose at least one item, or add one of your own.")
    return {"items": items, "own_items": own}
