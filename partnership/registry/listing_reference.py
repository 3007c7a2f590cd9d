"""The reference data every listing request needs, read once per request (or less).

Regions, prefectures and industries are fixed reference data (JIS X 0401, JSIC) that change
only when an administrator edits a name: each process keeps them for a minute, and forgets them
at once when one is saved or deleted in that process. Template versions change when a new one
is activated (from any process), so they are read on every request — in one query that serves
parameter parsing, the "outdated" filter, the facets, the filter panel and the result rows.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from django.db.models.signals import post_delete, post_save

from partnership.core.models import Industry, Prefecture, Region
from partnership.declarations.models import TemplateVersion

GEOGRAPHY_SECONDS = 60.0


@dataclass(frozen=True)
class Named:
    code: str
    name_ja: str
    name_en: str

    def name(self, english: bool) -> str:
        return self.name_en if english else self.name_ja


@dataclass(frozen=True)
class RegionRow(Named):
    prefectures: tuple[Named, ...]


@dataclass(frozen=True)
class Geography:
    regions: tuple[RegionRow, ...]
    industries: tuple[Named, ...]
    prefecture_codes: frozenset[str]
    region_codes: frozenset[str]
    industry_codes: frozenset[str]


@dataclass(frozen=True)
class TemplateRow:
    id: int
    code: str
    is_current: bool


_lock = threading.Lock()
_geography: tuple[float, Geography] | None = None


def geography() -> Geography:
    """Regions with their prefectures, and industries, in display order (cached briefly)."""
    global _geography
    cached = _geography
    if cached is not None and time.monotonic() - cached[0] < GEOGRAPHY_SECONDS:
        return cached[1]
    prefectures: dict[str, list[Named]] = {}
    for p in Prefecture.objects.order_by("code"):
        prefectures.setdefault(p.region_id, []).append(Named(p.code, p.name_ja, p.name_en))
    regions = tuple(
        RegionRow(r.code, r.name_ja, r.name_en, tuple(prefectures.get(r.code, ())))
        for r in Region.objects.order_by("position")
    )
    industries = tuple(
        Named(i.code, i.name_ja, i.name_en) for i in Industry.objects.order_by("code")
    )
    value = Geography(
        regions=regions,
        industries=industries,
        prefecture_codes=frozenset(p.code for r in regions for p in r.prefectures),
        region_codes=frozenset(r.code for r in regions),
        industry_codes=frozenset(i.code for i in industries),
    )
    with _lock:
        _geography = (time.monotonic(), value)
    return value


def forget_geography(**_: Any) -> None:
    global _geography
    with _lock:
        _geography = None


for _model in (Region, Prefecture, Industry):
    post_save.connect(forget_geography, sender=_model, dispatch_uid=f"listing-geo-{_model}")
    post_delete.connect(forget_geography, sender=_model, dispatch_uid=f"listing-geo-d-{_model}")


def templates() -> list[TemplateRow]:
    """Every template version, newest code first (one query)."""
    return [
        TemplateRow(pk, code, is_current)
        for pk, code, is_current in TemplateVersion.objects.order_by("-code").values_list(
            "pk", "code", "is_current"
        )
    ]
