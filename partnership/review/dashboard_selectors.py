"""Reads for the operations dashboard: submissions, decisions and publications over time, the
queue and how long review takes. Every day and week is a Japan-time calendar day or week
(weeks start on Monday).

Where the numbers come from:

- **Events over time** (submissions, returns, rejections, publications) are counted from the
  audit trail (``declaration.submit``/``resubmit``/``return``/``reject``/``publish``), not
  from the declarations' timestamps: ``Declaration.submitted_at`` is overwritten when a
  returned declaration is resubmitted, so counting it would lose the first submission and
  move the declaration to its latest day. Audit events are append-only, one per act, so a
  declaration returned once and resubmitted counts as two submissions on the days they
  happened. Counting runs in the database, grouped by Japan-time day (``TruncDate`` with the
  Asia/Tokyo zone, on SQLite and PostgreSQL alike), over the ``created_at`` index.
- **The queue** is the declarations in status ``submitted`` now, aged from ``submitted_at``
  (the latest submission: the time the company has been waiting for this decision).
- **Time to publication** is ``published_at − submitted_at`` of the declarations published in
  the window, i.e. from the (last) submission to publication. Percentiles are computed in
  Python from those durations (at most a few tens of thousands a year), which works the same
  on every database.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from partnership.audit.models import AuditEvent
from partnership.core.dates import JST, jst_date, jst_day_bounds
from partnership.declarations.models import WAS_PUBLISHED, Declaration

PERIODS = (30, 90, 365)
DEFAULT_PERIOD = 30
# Medians over a month of publications move too much; review time looks back at least this far.
TURNAROUND_MIN_DAYS = 90
# Up to this period submissions are shown per day; beyond it, per week.
DAILY_UP_TO = 90
# How long counts of past days are reused (today's are always counted afresh).
PAST_COUNTS_CACHE_SECONDS = 600

SUBMIT = "declaration.submit"
RESUBMIT = "declaration.resubmit"
RETURN = "declaration.return"
REJECT = "declaration.reject"
PUBLISH = "declaration.publish"
COUNTED_ACTIONS = (SUBMIT, RESUBMIT, RETURN, REJECT, PUBLISH)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th quantile (0 ≤ q ≤ 1) of ``values`` by linear interpolation between
    closest ranks (numpy's default, Excel's PERCENTILE.INC); None for no values."""
    if not 0 <= q <= 1:
        raise ValueError("q must be between 0 and 1")
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 0.5)


def _seconds(value: float | None) -> dt.timedelta | None:
    return None if value is None else dt.timedelta(seconds=value)


# --- the queue and review time ---------------------------------------------------------------


@dataclass(frozen=True)
class QueueStats:
    size: int
    oldest_age: dt.timedelta | None
    median_age: dt.timedelta | None
    oldest_submitted_at: dt.datetime | None


def queue_stats(*, now: dt.datetime | None = None) -> QueueStats:
    """Declarations waiting for a decision now, and how long they have waited."""
    now = now or timezone.now()
    submitted = [
        at
        for at in Declaration.objects.awaiting_review()
        .filter(submitted_at__isnull=False)
        .order_by()
        .values_list("submitted_at", flat=True)
        if at is not None
    ]
    ages = [max((now - at).total_seconds(), 0.0) for at in submitted]
    return QueueStats(
        size=Declaration.objects.awaiting_review().count(),
        oldest_age=_seconds(max(ages)) if ages else None,
        median_age=_seconds(median(ages)),
        oldest_submitted_at=min(submitted) if submitted else None,
    )


@dataclass(frozen=True)
class Turnaround:
    days: int  # the window looked back over
    count: int  # declarations published in it
    median: dt.timedelta | None
    p90: dt.timedelta | None


def publication_durations(*, since: dt.datetime, until: dt.datetime) -> list[float]:
    """Seconds from (last) submission to publication of every declaration published in
    [since, until), whatever has happened to it since (superseded, withdrawn, removed)."""
    rows = (
        Declaration.objects.filter(
            status__in=WAS_PUBLISHED,
            published_at__gte=since,
            published_at__lt=until,
            submitted_at__isnull=False,
        )
        .order_by()
        .values_list("submitted_at", "published_at")
    )
    return [
        max((published - submitted).total_seconds(), 0.0)
        for submitted, published in rows
        if submitted is not None and published is not None
    ]


def turnaround(*, days: int, now: dt.datetime | None = None) -> Turnaround:
    """Median and 90th percentile of submission-to-publication time over the last ``days``."""
    now = now or timezone.now()
    durations = publication_durations(since=now - dt.timedelta(days=days), until=now)
    return Turnaround(
        days=days,
        count=len(durations),
        median=_seconds(median(durations)),
        p90=_seconds(percentile(durations, 0.9)),
    )


# --- events over time ------------------------------------------------------------------------


def daily_event_counts(
    *, first: dt.date, last: dt.date, actions: Sequence[str] = COUNTED_ACTIONS
) -> dict[tuple[dt.date, str], int]:
    """How many events of each action happened on each Japan-time day from ``first`` to
    ``last`` (inclusive); days and actions without events are absent."""
    start, _ = jst_day_bounds(first)
    _, end = jst_day_bounds(last)
    rows = (
        AuditEvent.objects.filter(action__in=actions, created_at__gte=start, created_at__lt=end)
        .annotate(day=TruncDate("created_at", tzinfo=JST))
        .order_by()
        .values_list("day", "action")
        .annotate(n=Count("id"))
    )
    return {(day, action): n for day, action, n in rows}


def _past_event_counts(*, first: dt.date, yesterday: dt.date) -> dict[tuple[dt.date, str], int]:
    """:func:`daily_event_counts` up to yesterday, cached for a few minutes: the audit trail
    is append-only, so past days rarely change, and on SQLite grouping a year of events by
    Japan-time day takes a noticeable fraction of a second."""
    if yesterday < first:
        return {}
    key = f"review:dashboard:counts:{first.isoformat()}:{yesterday.isoformat()}"
    cached: dict[tuple[dt.date, str], int] | None = cache.get(key)
    if cached is None:
        cached = daily_event_counts(first=first, last=yesterday)
        cache.set(key, cached, PAST_COUNTS_CACHE_SECONDS)
    return dict(cached)


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass
class Series:
    """Counts per bucket (a day or the Monday starting a week), oldest first."""

    unit: str  # "day" or "week"
    buckets: list[dt.date]
    counts: dict[str, list[int]] = field(default_factory=dict)

    def total(self, *actions: str) -> list[int]:
        return [sum(values) for values in zip(*(self.counts[a] for a in actions), strict=True)]


def _series(
    unit: str,
    buckets: list[dt.date],
    counts: dict[tuple[dt.date, str], int],
    actions: Sequence[str],
) -> Series:
    grouped: dict[str, dict[dt.date, int]] = {action: defaultdict(int) for action in actions}
    for (day, action), n in counts.items():
        if action in grouped:
            grouped[action][day if unit == "day" else week_start(day)] += n
    return Series(
        unit=unit,
        buckets=buckets,
        counts={action: [grouped[action][b] for b in buckets] for action in actions},
    )


@dataclass
class Dashboard:
    period: int
    today: dt.date
    first_day: dt.date
    queue: QueueStats
    turnaround: Turnaround
    submissions: Series  # per day up to DAILY_UP_TO days, else per week
    decisions: Series  # returns and rejections per week
    publications: Series  # per week
    cumulative_publications: list[tuple[dt.date, int]]  # per day, running total in the period


def dashboard(*, period: int = DEFAULT_PERIOD, now: dt.datetime | None = None) -> Dashboard:
    """Everything the operations dashboard shows for the last ``period`` days (today
    included), in Japan time."""
    if period not in PERIODS:
        raise ValueError(f"period must be one of {PERIODS}")
    now = now or timezone.now()
    today = jst_date(now)
    first_day = today - dt.timedelta(days=period - 1)
    # Weekly series cover whole weeks, from the Monday on or before the first day.
    first_monday = week_start(first_day)
    counts = _past_event_counts(first=first_monday, yesterday=today - dt.timedelta(days=1))
    counts.update(daily_event_counts(first=today, last=today))
    days = days_between(first_day, today)
    weeks = days_between(first_monday, today)[::7]
    in_period = {key: n for key, n in counts.items() if key[0] >= first_day}

    if period <= DAILY_UP_TO:
        submissions = _series("day", days, in_period, (SUBMIT, RESUBMIT))
    else:
        submissions = _series("week", weeks, counts, (SUBMIT, RESUBMIT))
    daily_publications = _series("day", days, in_period, (PUBLISH,)).counts[PUBLISH]
    running = 0
    cumulative: list[tuple[dt.date, int]] = []
    for day, n in zip(days, daily_publications, strict=True):
        running += n
        cumulative.append((day, running))

    return Dashboard(
        period=period,
        today=today,
        first_day=first_day,
        queue=queue_stats(now=now),
        turnaround=turnaround(days=max(period, TURNAROUND_MIN_DAYS), now=now),
        submissions=submissions,
        decisions=_series("week", weeks, counts, (RETURN, REJECT)),
        publications=_series("week", weeks, counts, (PUBLISH,)),
        cumulative_publications=cumulative,
    )
