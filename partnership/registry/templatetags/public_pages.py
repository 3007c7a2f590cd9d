"""Date and time as the public pages and the certificate write them: always in Japan time,
the same words in the HTML and in the PDF.

    {% load public_pages %}{{ declaration.published_at|jst_datetime }}
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from partnership.core.dates import JST
from partnership.declarations.document import format_document_date

register = template.Library()


def page_language() -> str:
    """ "en" when English is active, else "ja"."""
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def format_jst_date(value: dt.datetime | dt.date, language: str) -> str:
    """``2026年1月5日`` or ``5 January 2026``; a datetime is taken in Japan time."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(JST).date()
    return format_document_date(value, language)


def format_jst_datetime(value: dt.datetime, language: str) -> str:
    """``2026年1月5日 10:00`` or ``5 January 2026, 10:00``, in Japan time."""
    local = value.astimezone(JST)
    separator = " " if language == "ja" else ", "
    return f"{format_document_date(local.date(), language)}{separator}{local:%H:%M}"


@register.filter
def jst_date(value: dt.datetime | dt.date | None) -> str:
    return format_jst_date(value, page_language()) if value else ""


@register.filter
def jst_datetime(value: dt.datetime | None) -> str:
    return format_jst_datetime(value, page_language()) if value else ""


@register.filter
def iso_datetime(value: dt.datetime | None) -> str:
    """For ``<time datetime="…">``: ISO 8601 with the Japan offset, to the second."""
    return value.astimezone(JST).isoformat(timespec="seconds") if value else ""
