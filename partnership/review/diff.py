"""What changed between the published version and a submitted one, for the reviewer.

Both versions are turned into :class:`~partnership.declarations.document.Document` and compared
entry by entry (catalogue items by key, own items by title, free texts, confirmations, signer),
with changed texts marked character by character — Japanese has no spaces to diff on words.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnership.declarations.document import Document


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    where: str
    label: str
    old: str
    new: str

    @property
    def marked(self) -> SafeString:
        return inline_diff(self.old, self.new)


def inline_diff(old: str, new: str) -> SafeString:
    """``new`` with deletions from ``old`` in <del> and insertions in <ins> (escaped)."""
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    if matcher.ratio() < 0.5:
        # Mostly rewritten: a character-level mix would be unreadable; show old, then new.
        return mark_safe(f"<del>{escape(old)}</del> <ins>{escape(new)}</ins>")  # noqa: S308
    parts: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(new[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _entries(document: Document) -> dict[tuple[str, str], tuple[str, str, str]]:
    """(section, entry key) → (section heading, entry label, text)."""
    entries: dict[tuple[str, str], tuple[str, str, str]] = {}
    for section in document.sections:
        where = f"{section.number}. {section.heading}"
        for item in section.chosen_items:
            entries[(section.key, f"item:{item.key}")] = (where, item.label, item.text)
        for own in section.own_items:
            entries[(section.key, f"own:{own.title}")] = (where, own.title, own.text)
        if section.is_confirm:
            entries[(section.key, "confirmed")] = (
                where,
                _("Confirmation"),
                _("Confirmed") if section.confirmed else _("Not confirmed"),
            )
        if section.is_free:
            entries[(section.key, "text")] = (where, _("Text"), section.text)
    entries[("", "company_name")] = (_("Document"), _("Company name"), document.company_name)
    entries[("", "signer")] = (_("Document"), _("Signer"), document.signer)
    return entries


def compare(old: Document, new: Document) -> list[Change]:
    """Every difference between ``old`` and ``new``, in the order of the new document."""
    before, after = _entries(old), _entries(new)
    changes: list[Change] = []
    for key, (where, label, text) in after.items():
        if key not in before:
            changes.append(Change("added", where, label, "", text))
        elif before[key][2] != text:
            changes.append(Change("changed", where, label, before[key][2], text))
    for key, (where, label, text) in before.items():
        if key not in after:
            changes.append(Change("removed", where, label, text, ""))
    return changes
