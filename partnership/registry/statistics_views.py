"""Public statistics: the page (SVG charts, each with its table) and the same figures as JSON.

Both read one cached :class:`~partnership.registry.statistics_selectors.Statistics`, so they
always agree and cost no database query while the cache is warm."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from partnership.core import charts
from partnership.core.bands import LARGE_COMPANY_CAPITAL_YEN
from partnership.registry.statistics_selectors import (
    STATISTICS_CACHE_SECONDS,
    CategoryCount,
    Statistics,
    registry_statistics,
)


def percent(value: float) -> str:
    """A share (0–1) as people read it: ``15.3%``."""
    return f"{value * 100:.1f}%"


@dataclass(frozen=True)
class Row:
    name: str
    count: int
    percent: str
    extra: str = ""


def _rows(items: list[CategoryCount]) -> list[Row]:
    return [Row(item.name, item.count, percent(item.share)) for item in items]


def _bars(items: list[CategoryCount], *, title: str, chart_id: str, **options: Any) -> SafeString:
    return charts.horizontal_bar_chart(
        [
            charts.Datum(
                item.name, item.count, f"{item.name}: {item.count:,} ({percent(item.share)})"
            )
            for item in items
        ],
        title=title,
        chart_id=chart_id,
        **options,
    )


def _month(day: Any) -> str:
    return date_format(day, "YEAR_MONTH_FORMAT")


def _charts(stats: Statistics, english: bool) -> dict[str, SafeString]:
    monthly = stats.monthly
    short = {p.code: p.name_en for p in stats.by_prefecture} if english else None
    return {
        "cumulative": charts.line_chart(
            [
                charts.Datum(
                    m.month,
                    m.cumulative,
                    _("End of %(month)s: %(count)s")
                    % {"month": _month(m.first_day), "count": f"{m.cumulative:,}"},
                )
                for m in monthly
            ],
            title=_("Declarations published, cumulative (end of each month)"),
            y_label=_("Number"),
            chart_id="chart-cumulative",
        ),
        "new": charts.vertical_bar_chart(
            [charts.Datum(m.month, m.new, f"{_month(m.first_day)}: {m.new:,}") for m in monthly],
            title=_("New declarations per month"),
            y_label=_("Number"),
            chart_id="chart-new",
        ),
        "prefectures": charts.tile_map(
            {p.code: p.count for p in stats.by_prefecture},
            title=_("Declarations published, by prefecture"),
            labels=short,
            titles={
                p.code: f"{p.name}: {p.count:,} ({percent(p.share)})" for p in stats.by_prefecture
            },
            legend_title=_("Number"),
            chart_id="chart-prefectures",
        ),
        "regions": _bars(
            stats.by_region,
            title=_("Declarations published, by region"),
            chart_id="chart-regions",
            label_width=110,
        ),
        "industries": _bars(
            stats.by_industry,
            title=_("Declarations published, by industry"),
            chart_id="chart-industries",
            # The usual width keeps the text legible on a phone; long English names are
            # shortened with "…" (the table has them in full).
            label_width=250 if english else 210,
            row_height=22,
        ),
        "capital": _bars(
            stats.by_capital_band,
            title=_("Declarations published, by capital"),
            chart_id="chart-capital",
            label_width=260 if english else 180,
        ),
        "templates": charts.horizontal_bar_chart(
            [
                charts.Datum(t.code, t.count, f"{t.code}: {t.count:,} ({percent(t.share)})")
                for t in stats.by_template
            ],
            title=_("Declarations published, by template version"),
            chart_id="chart-templates",
            label_width=100,
        ),
    }


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    stats = registry_statistics()
    english = (request.LANGUAGE_CODE or "ja").startswith("en")
    return render(
        request,
        "registry/statistics.html",
        {
            "stats": stats,
            "charts": _charts(stats, english),
            "months": list(reversed(stats.monthly)),
            "prefecture_rows": [
                Row(p.name, p.count, percent(p.share), region.name)
                for p in stats.by_prefecture
                for region in stats.by_region
                if region.code == p.region
            ],
            "region_rows": _rows(stats.by_region),
            "industry_rows": _rows(stats.by_industry),
            "capital_rows": _rows(stats.by_capital_band),
            "template_rows": [
                Row(t.code, t.count, percent(t.share), _("current") if t.is_current else "")
                for t in stats.by_template
            ],
            "large_share": percent(stats.large_company_share),
            "current_share": percent(stats.current_template_share),
            "large_capital": f"{LARGE_COMPANY_CAPITAL_YEN:,}",
            "cache_minutes": STATISTICS_CACHE_SECONDS // 60,
        },
    )


@require_safe
def statistics_json(request: HttpRequest) -> JsonResponse:
    """The page's figures as JSON; fields documented on the page (``#json``)."""
    response = JsonResponse(
        registry_statistics().as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Cache-Control"] = f"public, max-age={STATISTICS_CACHE_SECONDS}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
