"""The public listing's index: :class:`ListingEntry` (one narrow row per published declaration)
and :class:`ListingCount` (published declarations per facet value).

Both are derived data. The services call :func:`sync_companies` inside every transaction that
changes what a company has published (publish, supersede, withdraw, remove) or the facts of a
company that has published (profile edits), so the index commits or rolls back with the change
itself. :func:`rebuild` recreates both from the declarations (after a bulk load, or to repair).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, Band
from partnership.core.bulk import insert_rows
from partnership.core.models import Prefecture
from partnership.declarations.models import Declaration, ListingCount, ListingEntry

ALL = "all"
# The facets counted in ListingCount and the ListingEntry column each reads.
FACETS = {
    "prefecture": "prefecture_code",
    "industry": "industry_code",
    "capital": "capital_band",
    "employees": "employee_band",
    "template": "template_code",
}
ENTRY_COLUMNS = (
    "declaration_id",
    "company_id",
    "published_at",
    "corporate_number",
    "sort_key",
    "search_text",
    "prefecture_code",
    "region_code",
    "industry_code",
    "capital_band",
    "employee_band",
    "template_id",
)
_SOURCE_FIELDS = (
    "id",
    "company_id",
    "published_at",
    "company__corporate_number",
    "company__sort_key",
    "company__search_text",
    "company__prefecture_id",
    "company__industry_id",
    "company__capital_yen",
    "company__employees",
    "template_id",
    "template__code",
)
BATCH = 5_000


def band_code(bands: tuple[Band, ...], value: int | None) -> str:
    for band in bands:
        if band.contains(value):
            return band.code
    return ""


def _regions() -> dict[str, str]:
    return dict(Prefecture.objects.values_list("code", "region_id"))


def _entries(declarations: Any, regions: dict[str, str]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(entry row in ENTRY_COLUMNS order, template code) per published declaration."""
    for (
        declaration_id,
        company_id,
        published_at,
        number,
        sort_key,
        search_text,
        prefecture,
        industry,
        capital,
        employees,
        template_id,
        template_code,
    ) in declarations.values_list(*_SOURCE_FIELDS):
        yield (
            (
                declaration_id,
                company_id,
                published_at,
                number,
                sort_key,
                search_text,
                prefecture,
                regions.get(prefecture, ""),
                industry or "",
                band_code(CAPITAL_BANDS, capital),
                band_code(EMPLOYEE_BANDS, employees),
                template_id,
            ),
            template_code,
        )


def _facet_values(row: tuple[Any, ...], template_code: str) -> Iterator[tuple[str, str]]:
    yield ALL, ""
    yield "prefecture", row[6]
    yield "industry", row[8]
    yield "capital", row[9]
    yield "employees", row[10]
    yield "template", template_code


def _apply(delta: Counter[tuple[str, str]]) -> None:
    """Add ``delta`` to the counts, row by row in a fixed order (concurrent transactions then
    lock the counter rows in the same order and cannot deadlock)."""
    changes = sorted(key for key, n in delta.items() if n)
    if not changes:
        return
    ListingCount.objects.bulk_create(
        [ListingCount(facet=facet, value=value, count=0) for facet, value in changes],
        ignore_conflicts=True,
    )
    for facet, value in changes:
        ListingCount.objects.filter(facet=facet, value=value).update(
            count=F("count") + delta[(facet, value)]
        )


def sync_companies(company_ids: Iterable[int]) -> None:
    """Make these companies' listing rows and the counts match their published declarations.
    Call it inside the transaction that changed them, after the change."""
    ids = sorted(set(company_ids))
    if not ids:
        return
    with transaction.atomic():
        delta: Counter[tuple[str, str]] = Counter()
        for old in ListingEntry.objects.filter(company_id__in=ids).select_related("template"):
            row = tuple(getattr(old, column) for column in ENTRY_COLUMNS)
            for key in _facet_values(row, old.template.code):
                delta[key] -= 1
        ListingEntry.objects.filter(company_id__in=ids).delete()
        new_rows = []
        published = Declaration.objects.published().filter(company_id__in=ids).order_by()
        for row, template_code in _entries(published, _regions()):
            new_rows.append(row)
            for key in _facet_values(row, template_code):
                delta[key] += 1
        if new_rows:
            ListingEntry.objects.bulk_create(
                [ListingEntry(**dict(zip(ENTRY_COLUMNS, row, strict=True))) for row in new_rows]
            )
        _apply(delta)


def rebuild() -> int:
    """Recreate the whole index from the published declarations; returns the entry count.
    Meant for a command run alone (after a bulk load, or to repair), in one transaction."""
    with transaction.atomic():
        ListingEntry.objects.all().delete()
        ListingCount.objects.all().delete()
        counts: Counter[tuple[str, str]] = Counter()
        regions = _regions()
        total = 0
        last_id = 0
        while True:
            # Batches by id (keyset), each read fully before it is written: on PostgreSQL the
            # write is a COPY, which cannot share the connection with an open cursor.
            published = Declaration.objects.published().filter(id__gt=last_id).order_by("id")
            batch = list(_entries(published[:BATCH], regions))
            if not batch:
                break
            for row, template_code in batch:
                for key in _facet_values(row, template_code):
                    counts[key] += 1
            total += insert_rows(ListingEntry, ENTRY_COLUMNS, (row for row, _ in batch))
            last_id = batch[-1][0][0]
        ListingCount.objects.bulk_create(
            [
                ListingCount(facet=facet, value=value, count=n)
                for (facet, value), n in sorted(counts.items())
            ]
        )
    return total


def facet_counts() -> dict[str, dict[str, int]]:
    """Published declarations per value of each facet, and the total under ``"all"``."""
    result: dict[str, dict[str, int]] = {ALL: {"": 0}} | {facet: {} for facet in FACETS}
    for facet, value, n in ListingCount.objects.values_list("facet", "value", "count"):
        if (n and value != "") or facet == ALL:
            result.setdefault(facet, {})[value] = n
    return result
