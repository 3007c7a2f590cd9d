"""Public statistics over the register, computed in four aggregate queries and cached.

Everything except the monthly series is about the declarations published *now* (one per
company). The monthly series comes from the published intervals of every version ever
published, in Japan-time months:

- ``new``: companies that became public in the month — publications minus the versions they
  superseded (a revision replaces the previous version at the same instant, so the company
  is counted once);
- ``revised``: publications that superseded an earlier version of the same company;
- ``withdrawn`` / ``removed``: publications that ended in the month for that reason;
- ``cumulative``: companies public at the end of the month (running sum of new minus
  withdrawn minus removed), so the last month equals today's total.

The figures change a few hundred times a day at most, so the whole result is cached for ten
minutes (shared between processes when ``REDIS_URL`` is set): a page view costs one cache
read, at a thousand or a million declarations alike.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Case, CharField, Count, Func, Value, When
from django.utils import timezone, translation
from django.utils.translation import get_language

from partnership.core.bands import CAPITAL_BANDS, LARGE_COMPANY_CAPITAL_YEN
from partnership.core.dates import JST
from partnership.core.reference_data import INDUSTRIES, PREFECTURES, REGIONS
from partnership.declarations.models import ENDED, Declaration, Status, TemplateVersion

STATISTICS_CACHE_KEY = "registry:statistics:v1"
STATISTICS_CACHE_SECONDS = 600
STALE_CACHE_KEY = "registry:statistics:v1:stale"
STALE_CACHE_SECONDS = 24 * 3600
LOCK_CACHE_KEY = "registry:statistics:v1:lock"
LOCK_SECONDS = 120
UNKNOWN = "unknown"
# Bilingual data, like the reference data: the JSON carries both names whatever the language.
UNKNOWN_JA = "不明"
UNKNOWN_EN = "Not stated"


def _english() -> bool:
    return (get_language() or "ja").startswith("en")


def share(part: int, whole: int) -> float:
    """``part / whole`` rounded to four decimals (0 when ``whole`` is 0)."""
    return round(part / whole, 4) if whole else 0.0


@dataclass(frozen=True)
class CategoryCount:
    """Published declarations in one category (region, industry, capital band)."""

    code: str
    name_ja: str
    name_en: str
    count: int
    share: float

    @property
    def name(self) -> str:
        return self.name_en if _english() else self.name_ja


@dataclass(frozen=True)
class PrefectureCount(CategoryCount):
    region: str


@dataclass(frozen=True)
class TemplateCount:
    code: str
    is_current: bool
    count: int
    share: float


@dataclass(frozen=True)
class MonthCount:
    month: str  # YYYY-MM, Japan time
    new: int
    revised: int
    withdrawn: int
    removed: int
    cumulative: int

    @property
    def first_day(self) -> dt.date:
        year, month = self.month.split("-")
        return dt.date(int(year), int(month), 1)


@dataclass(frozen=True)
class Statistics:
    generated_at: dt.datetime
    published: int
    large_companies: int
    large_company_share: float
    current_template: str | None
    on_current_template: int
    current_template_share: float
    monthly: list[MonthCount]
    by_prefecture: list[PrefectureCount]
    by_region: list[CategoryCount]
    by_industry: list[CategoryCount]
    by_capital_band: list[CategoryCount]
    by_template: list[TemplateCount]

    def as_json(self) -> dict[str, Any]:
        """The figures as published at ``/statistics.json`` (fields documented on the
        statistics page)."""
        data = asdict(self)
        data["generated_at"] = self.generated_at.isoformat(timespec="seconds")
        return {
            "licence": "CC BY 4.0",
            "large_company_capital_yen": LARGE_COMPANY_CAPITAL_YEN,
            "cache_seconds": STATISTICS_CACHE_SECONDS,
            **data,
        }


class JstMonth(Func):
    """``YYYY-MM`` of a timestamp in Japan time, computed natively by the database (no
    per-row Python function on SQLite, unlike ``TruncMonth``). Japan has not observed daylight
    saving time since 1951, so Japan time is UTC+9 throughout."""

    output_field = CharField()
    template = "to_char(%(expressions)s AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM')"  # PostgreSQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # "%%%%" is "%%" in the SQL, which the SQLite backend turns into one "%".
        template = "strftime('%%%%Y-%%%%m', %(expressions)s, '+9 hours')"
        return self.as_sql(compiler, connection, template=template, **extra)


def _month_key(value: str) -> tuple[int, int]:
    year, month = value.split("-")
    return int(year), int(month)


def _months(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    months = []
    year, month = first
    while (year, month) <= last:
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _monthly(now: dt.datetime) -> list[MonthCount]:
    # Query 1: every publication (every version that was ever public), per JST month.
    starts: Counter[tuple[int, int]] = Counter()
    for row in (
        Declaration.objects.was_published()
        .annotate(month=JstMonth("published_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        starts[_month_key(row["month"])] += row["n"]
    # Query 2: every end of a publication, per JST month and reason.
    ends: dict[str, Counter[tuple[int, int]]] = {s: Counter() for s in ENDED}
    for row in (
        Declaration.objects.filter(status__in=ENDED)
        .annotate(month=JstMonth("ended_at"))
        .values("month", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        ends[row["status"]][_month_key(row["month"])] += row["n"]
    if not starts:
        return []
    local_now = now.astimezone(JST)
    last = max([(local_now.year, local_now.month), *starts, *(m for c in ends.values() for m in c)])
    result = []
    running = 0
    for key in _months(min(starts), last):
        superseded = ends[Status.SUPERSEDED][key]
        withdrawn = ends[Status.WITHDRAWN][key]
        removed = ends[Status.REMOVED][key]
        new = starts[key] - superseded
        running += new - withdrawn - removed
        result.append(
            MonthCount(
                month=f"{key[0]:04d}-{key[1]:02d}",
                new=new,
                revised=superseded,
                withdrawn=withdrawn,
                removed=removed,
                cumulative=running,
            )
        )
    return result


def _band_case() -> Case:
    return Case(
        *[When(band.q("company__capital_yen"), then=Value(band.code)) for band in CAPITAL_BANDS],
        default=Value(UNKNOWN),
        output_field=CharField(),
    )


def compute_statistics(now: dt.datetime | None = None) -> Statistics:
    """The figures, straight from the database (four queries; use :func:`registry_statistics`
    for the cached result)."""
    now = now or timezone.now()
    # Query 3: the template versions (a handful of rows).
    templates = list(
        TemplateVersion.objects.order_by("-effective_date", "-id").values(
            "id", "code", "is_current"
        )
    )
    # Query 4: the published declarations counted by every dimension at once; at most
    # 47 × 21 × 7 × (template versions) rows come back.
    prefectures: Counter[str] = Counter()
    industries: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    per_template: Counter[int] = Counter()
    for row in (
        Declaration.objects.published()
        .annotate(band=_band_case())
        .values("company__prefecture_id", "company__industry_id", "band", "template_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        n = row["n"]
        prefectures[row["company__prefecture_id"]] += n
        industries[row["company__industry_id"] or UNKNOWN] += n
        bands[row["band"]] += n
        per_template[row["template_id"]] += n
    total = sum(prefectures.values())

    region_of = {p.code: p.region for p in PREFECTURES}
    regions: Counter[str] = Counter()
    for code, n in prefectures.items():
        regions[region_of.get(code, UNKNOWN)] += n

    with translation.override("ja"):
        band_ja = {band.code: str(band.label) for band in CAPITAL_BANDS}
    with translation.override("en"):
        band_en = {band.code: str(band.label) for band in CAPITAL_BANDS}
    large = sum(
        bands[band.code]
        for band in CAPITAL_BANDS
        if band.low is not None and band.low >= LARGE_COMPANY_CAPITAL_YEN
    )
    current = next((t for t in templates if t["is_current"]), None)
    on_current = per_template[current["id"]] if current else 0

    def category(code: str, name_ja: str, name_en: str, n: int) -> CategoryCount:
        return CategoryCount(code, name_ja, name_en, n, share(n, total))

    return Statistics(
        generated_at=now.astimezone(JST).replace(microsecond=0),
        published=total,
        large_companies=large,
        large_company_share=share(large, total),
        current_template=current["code"] if current else None,
        on_current_template=on_current,
        current_template_share=share(on_current, total),
        monthly=_monthly(now),
        by_prefecture=[
            PrefectureCount(
                p.code,
                p.name_ja,
                p.name_en,
                prefectures[p.code],
                share(prefectures[p.code], total),
                p.region,
            )
            for p in PREFECTURES
        ],
        by_region=[category(r.code, r.name_ja, r.name_en, regions[r.code]) for r in REGIONS],
        by_industry=[
            *(category(i.code, i.name_ja, i.name_en, industries[i.code]) for i in INDUSTRIES),
            category(UNKNOWN, UNKNOWN_JA, UNKNOWN_EN, industries[UNKNOWN]),
        ],
        by_capital_band=[
            *(
                category(b.code, band_ja[b.code], band_en[b.code], bands[b.code])
                for b in CAPITAL_BANDS
            ),
            category(UNKNOWN, UNKNOWN_JA, UNKNOWN_EN, bands[UNKNOWN]),
        ],
        by_template=[
            TemplateCount(
                t["code"],
                t["is_current"],
                per_template[t["id"]],
                share(per_template[t["id"]], total),
            )
            for t in templates
            if per_template[t["id"]] or t["is_current"]
        ],
    )


def registry_statistics() -> Statistics:
    """The statistics, from the cache when computed in the last ten minutes.

    When they are older, one process recomputes them while the others keep answering with
    the previous figures (kept for a day), so an expiry never sends every request to the
    database at once."""
    cached = cache.get(STATISTICS_CACHE_KEY)
    if isinstance(cached, Statistics):
        return cached
    stale = cache.get(STALE_CACHE_KEY)
    if isinstance(stale, Statistics) and not cache.add(LOCK_CACHE_KEY, 1, LOCK_SECONDS):
        return stale
    try:
        statistics = compute_statistics()
        cache.set(STATISTICS_CACHE_KEY, statistics, STATISTICS_CACHE_SECONDS)
        cache.set(STALE_CACHE_KEY, statistics, STALE_CACHE_SECONDS)
    finally:
        cache.delete(LOCK_CACHE_KEY)
    return statistics
