"""Reads of declarations: published lists and "was company X declared at T / on D?".

Answers to the temporal questions come only from published intervals: a version is in force
from ``published_at`` (inclusive) to ``ended_at`` (exclusive; open while still published).
Superseding sets the old version's end and the new version's start to the same instant, so
there is never a gap and never an overlap.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from partnership.core.dates import jst_day_bounds
from partnership.declarations.models import Declaration, DeclarationQuerySet


def published_declarations() -> DeclarationQuerySet:
    """Declarations public now, with their company and its reference data, newest first."""
    return (
        Declaration.objects.published()
        .select_related("company", "company__prefecture", "company__industry", "template")
        .order_by("-published_at", "-id")
    )


def _intervals(corporate_number: str) -> DeclarationQuerySet:
    return Declaration.objects.was_published().filter(company__corporate_number=corporate_number)


def declaration_in_force_at(corporate_number: str, at: dt.datetime) -> Declaration | None:
    """The version of the company's declaration that was public at instant ``at``, if any."""
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return (
        _intervals(corporate_number)
        .filter(published_at__lte=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at))
        .select_related("company", "template")
        .order_by("-published_at")
        .first()
    )


def declaration_in_force_on(corporate_number: str, day: dt.date) -> Declaration | None:
    """The version public at any moment of ``day`` in Japan time, if any.

    A company counts as declared on D if one of its versions was public at some time during
    D (JST): published at 23:59 on D counts for D; withdrawn at 00:01 on D counts for D too.
    When several versions were public during D, the latest one is returned."""
    start, end = jst_day_bounds(day)
    return (
        _intervals(corporate_number)
        .filter(published_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .select_related("company", "template")
        .order_by("-published_at")
        .first()
    )


def publication_intervals(corporate_number: str) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """Every published interval of the company, oldest first, with touching intervals
    (a version superseded by the next at the same instant) merged into one."""
    merged: list[tuple[dt.datetime, dt.datetime | None]] = []
    rows = (
        _intervals(corporate_number)
        .order_by("published_at")
        .values_list("published_at", "ended_at")
    )
    for start, end in rows:
        assert start is not None  # guaranteed by the declaration_published_has_start constraint
        if merged and merged[-1][1] is not None and merged[-1][1] >= start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def company_declarations(company_id: int) -> DeclarationQuerySet:
    """Every version of one company's declaration, newest first (for the company and staff)."""
    return (
        Declaration.objects.filter(company_id=company_id)
        .select_related("template")
        .order_by("-version")
    )
