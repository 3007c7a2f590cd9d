"""The operations dashboard: how much arrives, how long it waits, what is decided. Reviewers
and administrators (second factor verified). Each chart is an SVG with the same figures in a
table next to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from partnership.accounts.decorators import reviewer_required
from partnership.core import charts
from partnership.review import dashboard_selectors as selectors
from partnership.review.dashboard_forms import PeriodForm

# Colours of the design tokens (static/css/registry.css), one per kind of event.
RETURN_COLOR = "#a58000"  # --color-yellow-800
REJECT_COLOR = "#ce0000"  # --color-red-900
PUBLISH_COLOR = "#197a4b"  # --color-green-800


def format_duration(value: dt.timedelta | None) -> str:
    """A waiting time as people say it: minutes, hours up to two days, then days."""
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 3600:
        minutes = int(seconds // 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if seconds < 48 * 3600:
        hours = round(seconds / 3600)
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return _("%(days)s days") % {"days": f"{seconds / 86400:.1f}"}


def _short(day: dt.date) -> str:
    return f"{day.month}/{day.day}"


def _bucket_title(unit: str, day: dt.date) -> str:
    full = date_format(day, "DATE_FORMAT")
    return full if unit == "day" else _("Week from %(date)s") % {"date": full}


@dataclass
class Chart:
    """One chart and the rows of its table."""

    svg: SafeString
    rows: list[dict[str, Any]]


def _bar_chart(
    series: selectors.Series,
    values: list[int],
    *,
    title: str,
    color: str,
    chart_id: str,
    small: bool = False,
) -> SafeString:
    return charts.vertical_bar_chart(
        [
            charts.Datum(
                _short(day), n, f"{_bucket_title(series.unit, day)}: {charts.format_number(n)}"
            )
            for day, n in zip(series.buckets, values, strict=True)
        ],
        title=title,
        y_label=_("Number"),
        color=color,
        chart_id=chart_id,
        # Three small charts share a row on wide screens: a narrower drawing keeps their text
        # as large as that of the full-width charts.
        width=300 if small else 440,
        height=200 if small else 240,
    )


def _charts(data: selectors.Dashboard) -> dict[str, Any]:
    submissions = data.submissions
    submitted = submissions.total(selectors.SUBMIT, selectors.RESUBMIT)
    per_day = submissions.unit == "day"
    decisions = data.decisions
    returns = decisions.counts[selectors.RETURN]
    rejections = decisions.counts[selectors.REJECT]
    publications = data.publications.counts[selectors.PUBLISH]
    return {
        "submissions": Chart(
            svg=_bar_chart(
                submissions,
                submitted,
                title=_("Submissions per day") if per_day else _("Submissions per week"),
                color=charts.BLUE_900,
                chart_id="chart-submissions",
            ),
            rows=[
                {"bucket": day, "new": new, "again": again, "total": new + again}
                for day, new, again in zip(
                    submissions.buckets,
                    submissions.counts[selectors.SUBMIT],
                    submissions.counts[selectors.RESUBMIT],
                    strict=True,
                )
            ],
        ),
        "submissions_per_day": per_day,
        "returns": _bar_chart(
            decisions,
            returns,
            title=_("Returned for changes, per week"),
            color=RETURN_COLOR,
            chart_id="chart-returns",
            small=True,
        ),
        "rejections": _bar_chart(
            decisions,
            rejections,
            title=_("Rejected, per week"),
            color=REJECT_COLOR,
            chart_id="chart-rejections",
            small=True,
        ),
        "decision_rows": [
            {"bucket": day, "returned": r, "rejected": j, "published": p}
            for day, r, j, p in zip(
                decisions.buckets, returns, rejections, publications, strict=True
            )
        ],
        "publications": _bar_chart(
            data.publications,
            publications,
            title=_("Publications per week"),
            color=PUBLISH_COLOR,
            chart_id="chart-publications",
            small=True,
        ),
        "cumulative": Chart(
            svg=charts.line_chart(
                [
                    charts.Datum(_short(day), n, f"{date_format(day, 'DATE_FORMAT')}: {n:,}")
                    for day, n in data.cumulative_publications
                ],
                title=_("Publications in the period, cumulative"),
                y_label=_("Number"),
                color=PUBLISH_COLOR,
                area_color="#e6f5ec",  # --color-green-50
                chart_id="chart-cumulative",
            ),
            rows=[{"bucket": day, "total": n} for day, n in data.cumulative_publications],
        ),
    }


@reviewer_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.period_days()
    data = selectors.dashboard(period=period)
    queue, turnaround = data.queue, data.turnaround
    return render(
        request,
        "review/dashboard.html",
        {
            "staff_section": "dashboard",
            "form": form,
            "invalid": {str(form.fields[n].label): e for n, e in form.errors.items()},
            "period": period,
            "data": data,
            "queue_oldest": format_duration(queue.oldest_age),
            "queue_median": format_duration(queue.median_age),
            "turnaround_median": format_duration(turnaround.median),
            "turnaround_p90": format_duration(turnaround.p90),
            **_charts(data),
        },
    )
