"""Small template helpers shared by every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def loc(obj: Any, field: str) -> str:
    """``{{ section|loc:"heading" }}``: ``heading_en`` when English is active, else
    ``heading_ja`` (bilingual template data)."""
    english = (get_language() or "ja").startswith("en")
    value = getattr(obj, f"{field}_en" if english else f"{field}_ja", "")
    if english and not value:
        value = getattr(obj, f"{field}_ja", "")
    return str(value or "")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ dict|get_item:key }}`` for lookups with a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
