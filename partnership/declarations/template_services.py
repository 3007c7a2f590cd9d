"""Administrators' writes to template versions: copy a version, edit its texts and its item
catalogue.

A version can be edited only while it is not current and no declaration uses it: a published
document shows the template's wording, so changing a version in use would change what
companies declared. Every service locks the version row first (so it cannot become current or
gain a declaration half-way through an edit), checks the rule, writes, and records an audit
event on the version. Making a version current is ``services.template_version_make_current``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import DomainError, NotAllowed
from partnership.core.text import clean_text
from partnership.declarations.models import (
    Declaration,
    SectionKind,
    TemplateItem,
    TemplateSection,
    TemplateVersion,
)

CODE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}$")
# Item keys are what answers are stored under, in every version: lower-case ASCII words joined
# by "_" or "-" (the demo template's style, e.g. "open_innovation").
KEY_RE = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
KEY_MAX = 50
TITLE_MAX = 200
BODY_MAX = 10_000

VERSION_FIELDS = {
    # field: (limit, required)
    "title_ja": (TITLE_MAX, True),
    "title_en": (TITLE_MAX, True),
    "preamble_ja": (BODY_MAX, True),
    "preamble_en": (BODY_MAX, True),
    "closing_ja": (BODY_MAX, False),
    "closing_en": (BODY_MAX, False),
}
SECTION_TEXT_FIELDS = {
    "heading_ja": (TITLE_MAX, True),
    "heading_en": (TITLE_MAX, True),
    "body_ja": (BODY_MAX, False),
    "body_en": (BODY_MAX, False),
}
ITEM_FIELDS = {
    "label_ja": (TITLE_MAX, True),
    "label_en": (TITLE_MAX, True),
    "text_ja": (BODY_MAX, False),
    "text_en": (BODY_MAX, False),
}
# Sections whose catalogue of items can be edited (free-text sections have no items).
SECTIONS_WITH_ITEMS = (SectionKind.CHOICE, SectionKind.CONFIRM)


class TemplateNotEditable(DomainError):
    """The version is current or used by a declaration, so its wording is fixed."""

    code = "template_not_editable"


# --- rules -----------------------------------------------------------------------------------


def template_edit_blocker(template: TemplateVersion) -> str | None:
    """Why ``template`` cannot be edited, or None when it can."""
    if template.is_current:
        return str(
            _(
                "Template %(code)s is the current version: companies are declaring on it, so its "
                "wording cannot be changed. Copy it to a new version and edit the copy."
            )
            % {"code": template.code}
        )
    if Declaration.objects.filter(template=template).exists():
        return str(
            _(
                "Declarations have been written on template %(code)s, so its wording cannot be "
                "changed (their documents would change). Copy it to a new version and edit the "
                "copy."
            )
            % {"code": template.code}
        )
    return None


def template_is_editable(template: TemplateVersion) -> bool:
    return template_edit_blocker(template) is None


def _require_administrator(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Only administrators can do this."))


def _lock_editable(template: TemplateVersion, actor: Any) -> TemplateVersion:
    """Check the actor, lock the version row and check that it may be edited."""
    _require_administrator(actor)
    locked = TemplateVersion.objects.select_for_update().get(pk=template.pk)
    blocker = template_edit_blocker(locked)
    if blocker is not None:
        raise TemplateNotEditable(blocker)
    return locked


def _clean_texts(
    values: dict[str, Any], spec: dict[str, tuple[int, bool]]
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Clean the text fields of ``values`` named in ``spec``; return them and the errors."""
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        limit, required = spec[field]
        text = clean_text(str(value or ""))
        if required and not text:
            errors[field] = [str(_("Fill in this field."))]
        elif len(text) > limit:
            errors[field] = [
                str(
                    _("Use at most %(limit)d characters (you have %(count)d).")
                    % {"limit": limit, "count": len(text)}
                )
            ]
        cleaned[field] = text
    return cleaned, errors


def _check_fields(fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def clean_code(code: str) -> str:
    """A version code such as ``2027-01``; raises ValidationError naming the field."""
    value = clean_text(code or "")
    if not CODE_RE.match(value):
        raise ValidationError(
            {"code": _("Enter the version code as year and month, such as 2027-01.")}
        )
    month = int(value[5:])
    if not 1 <= month <= 12:
        raise ValidationError({"code": _("The month in the version code must be 01 to 12.")})
    return value


def clean_item_key(key: str) -> str:
    """A new item's stable key; raises ValidationError naming the ``key`` field."""
    value = clean_text(key or "")
    if not value:
        raise ValidationError({"key": _("Enter a key for the item.")})
    if len(value) > KEY_MAX:
        raise ValidationError(
            {"key": _("Use at most %(limit)d characters for the key.") % {"limit": KEY_MAX}}
        )
    if not KEY_RE.match(value):
        raise ValidationError(
            {
                "key": _(
                    "Use lower-case letters a–z, digits and single “_” or “-” between words, "
                    "such as green_transformation."
                )
            }
        )
    return value


# --- versions --------------------------------------------------------------------------------


@transaction.atomic
def template_version_copy(
    *,
    source: TemplateVersion,
    code: str,
    effective_date: dt.date,
    actor: Any,
    context: RequestContext | None = None,
) -> TemplateVersion:
    """Create version ``code`` as a copy of ``source``: every text, section and item, with
    the same keys, so that declarations renewed on the copy carry their answers over. The copy
    is not current and can be edited until it is made current."""
    _require_administrator(actor)
    code = clean_code(code)
    if not isinstance(effective_date, dt.date):
        raise ValidationError({"effective_date": _("Enter a valid date.")})
    if TemplateVersion.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("Template version %(code)s already exists.") % {"code": code}}
        )
    copy = TemplateVersion.objects.create(
        code=code,
        effective_date=effective_date,
        is_current=False,
        title_ja=source.title_ja,
        title_en=source.title_en,
        preamble_ja=source.preamble_ja,
        preamble_en=source.preamble_en,
        closing_ja=source.closing_ja,
        closing_en=source.closing_en,
    )
    items = 0
    for section in source.sections.prefetch_related("items").order_by("position"):
        new_section = TemplateSection.objects.create(
            template=copy,
            key=section.key,
            position=section.position,
            kind=section.kind,
            required=section.required,
            allow_own_items=section.allow_own_items,
            heading_ja=section.heading_ja,
            heading_en=section.heading_en,
            body_ja=section.body_ja,
            body_en=section.body_en,
        )
        new_items = [
            TemplateItem(
                section=new_section,
                key=item.key,
                position=item.position,
                label_ja=item.label_ja,
                label_en=item.label_en,
                text_ja=item.text_ja,
                text_en=item.text_en,
            )
            for item in section.items.all()
        ]
        TemplateItem.objects.bulk_create(new_items)
        items += len(new_items)
    audit_record(
        actor=actor,
        action="template.copy",
        obj=copy,
        after={
            "code": code,
            "source": source.code,
            "effective_date": effective_date.isoformat(),
            "items": items,
        },
        context=context,
    )
    return copy


@transaction.atomic
def template_version_update(
    *, template: TemplateVersion, actor: Any, context: RequestContext | None = None, **fields: Any
) -> TemplateVersion:
    """Change the version's title, preamble, closing (``<field>_ja`` / ``<field>_en``) and
    ``effective_date``. Only the fields given are changed."""
    _check_fields(fields, {*VERSION_FIELDS, "effective_date"})
    locked = _lock_editable(template, actor)
    texts, errors = _clean_texts(
        {k: v for k, v in fields.items() if k in VERSION_FIELDS}, VERSION_FIELDS
    )
    changes: dict[str, Any] = dict(texts)
    if "effective_date" in fields:
        if not isinstance(fields["effective_date"], dt.date):
            errors["effective_date"] = [str(_("Enter a valid date."))]
        else:
            changes["effective_date"] = fields["effective_date"]
    if errors:
        raise ValidationError(errors)
    before = {f: _plain(getattr(locked, f)) for f in changes if getattr(locked, f) != changes[f]}
    for field in before:
        setattr(locked, field, changes[field])
    if before:
        locked.save(update_fields=list(before))
        audit_record(
            actor=actor,
            action="template.update",
            obj=locked,
            before=before,
            after={f: _plain(changes[f]) for f in before},
            context=context,
        )
    return locked


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


# --- sections --------------------------------------------------------------------------------


@transaction.atomic
def template_section_update(
    *, section: TemplateSection, actor: Any, context: RequestContext | None = None, **fields: Any
) -> TemplateSection:
    """Change a section's heading and fixed text (``_ja`` / ``_en``), ``required`` and
    ``allow_own_items`` (choice sections only). Its key and kind never change."""
    _check_fields(fields, {*SECTION_TEXT_FIELDS, "required", "allow_own_items"})
    locked_template = _lock_editable(section.template, actor)
    locked = TemplateSection.objects.get(pk=section.pk, template=locked_template)
    texts, errors = _clean_texts(
        {k: v for k, v in fields.items() if k in SECTION_TEXT_FIELDS}, SECTION_TEXT_FIELDS
    )
    changes: dict[str, Any] = dict(texts)
    if "required" in fields:
        changes["required"] = bool(fields["required"])
    if "allow_own_items" in fields:
        allow = bool(fields["allow_own_items"])
        if allow and locked.kind != SectionKind.CHOICE:
            errors["allow_own_items"] = [
                str(_("Only sections where companies choose items can take their own items."))
            ]
        changes["allow_own_items"] = allow
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(locked, f) for f in changes if getattr(locked, f) != changes[f]}
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save()
    if before:
        audit_record(
            actor=actor,
            action="template.section_update",
            obj=locked_template,
            before={"section": locked.key, **before},
            after={"section": locked.key, **{f: changes[f] for f in before}},
            context=context,
        )
    return locked


# --- items -----------------------------------------------------------------------------------


def _lock_section(section: TemplateSection, actor: Any) -> tuple[TemplateVersion, TemplateSection]:
    template = _lock_editable(section.template, actor)
    return template, TemplateSection.objects.get(pk=section.pk, template=template)


def _renumber(section: TemplateSection) -> None:
    """Positions 1..n in the current order (after a removal or a move)."""
    for position, item in enumerate(section.items.order_by("position", "id"), start=1):
        if item.position != position:
            TemplateItem.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def template_item_add(
    *,
    section: TemplateSection,
    key: str,
    actor: Any,
    context: RequestContext | None = None,
    **fields: Any,
) -> TemplateItem:
    """Add an item at the end of ``section``'s catalogue. ``key`` is the item's stable key:
    unique within the section, and reused by later versions for the same item. ``fields`` are
    ``label_ja``, ``label_en`` (required), ``text_ja`` and ``text_en``."""
    _check_fields(fields, set(ITEM_FIELDS))
    template, locked = _lock_section(section, actor)
    if locked.kind not in SECTIONS_WITH_ITEMS:
        raise DomainError(
            _("This section is answered in free text and has no items."), code="no_items"
        )
    errors: dict[str, list[str]] = {}
    try:
        key = clean_item_key(key)
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if locked.items.filter(key=key).exists():
            errors["key"] = [
                str(_("This section already has an item with the key “%(key)s”.") % {"key": key})
            ]
    texts, text_errors = _clean_texts({f: fields.get(f, "") for f in ITEM_FIELDS}, ITEM_FIELDS)
    errors.update(text_errors)
    if errors:
        raise ValidationError(errors)
    last = locked.items.aggregate(p=Max("position"))["p"] or 0
    item = TemplateItem.objects.create(section=locked, key=key, position=last + 1, **texts)
    audit_record(
        actor=actor,
        action="template.item_add",
        obj=template,
        after={"section": locked.key, "item": key, **texts},
        context=context,
    )
    return item


def _lock_item(item: TemplateItem, actor: Any) -> tuple[TemplateVersion, TemplateItem]:
    template = _lock_editable(item.section.template, actor)
    locked = TemplateItem.objects.select_related("section").get(
        pk=item.pk, section__template=template
    )
    return template, locked


@transaction.atomic
def template_item_update(
    *, item: TemplateItem, actor: Any, context: RequestContext | None = None, **fields: Any
) -> TemplateItem:
    """Change an item's label and text (``_ja`` / ``_en``). Its key never changes: a reworded
    item is still the same item for the answers carried over."""
    _check_fields(fields, set(ITEM_FIELDS))
    template, locked = _lock_item(item, actor)
    texts, errors = _clean_texts(fields, ITEM_FIELDS)
    if errors:
        raise ValidationError(errors)
    before = {f: getattr(locked, f) for f in texts if getattr(locked, f) != texts[f]}
    for field, value in texts.items():
        setattr(locked, field, value)
    locked.save()
    if before:
        audit_record(
            actor=actor,
            action="template.item_update",
            obj=template,
            before={"section": locked.section.key, "item": locked.key, **before},
            after={
                "section": locked.section.key,
                "item": locked.key,
                **{f: texts[f] for f in before},
            },
            context=context,
        )
    return locked


@transaction.atomic
def template_item_remove(
    *, item: TemplateItem, actor: Any, context: RequestContext | None = None
) -> None:
    """Take an item out of the catalogue. Declarations renewed on this version from one that
    had the item show it to the company as dropped."""
    template, locked = _lock_item(item, actor)
    section = locked.section
    before = {
        "section": section.key,
        "item": locked.key,
        "label_ja": locked.label_ja,
        "label_en": locked.label_en,
        "text_ja": locked.text_ja,
        "text_en": locked.text_en,
    }
    locked.delete()
    _renumber(section)
    audit_record(
        actor=actor, action="template.item_remove", obj=template, before=before, context=context
    )


@transaction.atomic
def template_item_move(
    *, item: TemplateItem, direction: str, actor: Any, context: RequestContext | None = None
) -> TemplateItem:
    """Move an item one place ``"up"`` or ``"down"`` in its section. Moving the first item up
    or the last one down changes nothing."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose to move the item up or down.")})
    template, locked = _lock_item(item, actor)
    section = locked.section
    _renumber(section)
    order = list(section.items.order_by("position", "id"))
    index = next(i for i, other in enumerate(order) if other.pk == locked.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        return order[index]
    order[index], order[target] = order[target], order[index]
    for position, other in enumerate(order, start=1):
        TemplateItem.objects.filter(pk=other.pk).update(position=position)
    audit_record(
        actor=actor,
        action="template.item_move",
        obj=template,
        before={"section": section.key, "item": locked.key, "position": index + 1},
        after={"section": section.key, "item": locked.key, "position": target + 1},
        context=context,
    )
    locked.position = target + 1
    return locked
