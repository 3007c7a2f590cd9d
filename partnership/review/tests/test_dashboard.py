"""The operations dashboard: percentiles, the queue, review time, events per Japan-time day
and week, and the page (with and without data, in every period)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.accounts.models import User
from partnership.accounts.testing import verify_staff
from partnership.audit.services import audit_record
from partnership.companies.models import Company
from partnership.core.dates import JST
from partnership.declarations.models import Declaration, Status
from partnership.review import dashboard_selectors as selectors
from partnership.review.dashboard_views import format_duration

URL = "/staff/dashboard/"
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Counts of past days are cached; each test starts without them.
    cache.clear()
    yield
    cache.clear()


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=JST)


# --- percentiles -------------------------------------------------------------------------------


def test_percentiles_interpolate_between_closest_ranks() -> None:
    values = [10.0, 1.0, 4.0, 2.0, 3.0]  # unsorted on purpose
    assert selectors.median(values) == 3.0
    assert selectors.percentile(values, 0.9) == pytest.approx(7.6)  # 4 + (10 - 4) * 0.6
    assert selectors.percentile(values, 0.0) == 1.0
    assert selectors.percentile(values, 1.0) == 10.0
    assert selectors.median([1.0, 2.0, 3.0, 4.0]) == 2.5
    assert selectors.percentile([1.0, 2.0, 3.0, 4.0], 0.9) == pytest.approx(3.7)
    assert selectors.percentile([5.0], 0.9) == 5.0


def test_percentiles_of_nothing_are_none() -> None:
    assert selectors.median([]) is None
    assert selectors.percentile([], 0.9) is None


@pytest.mark.parametrize("q", [-0.1, 1.5])
def test_percentile_rejects_a_fraction_outside_zero_to_one(q: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        selectors.percentile([1.0], q)


def test_durations_read_as_people_say_them() -> None:
    assert format_duration(None) == "—"
    assert format_duration(dt.timedelta(minutes=5)) in ("5 minutes", "5分")
    assert format_duration(dt.timedelta(hours=30)) in ("30 hours", "30時間")
    assert format_duration(dt.timedelta(days=3, hours=12)) in ("3.5 days", "3.5日")


# --- queue and review time ---------------------------------------------------------------------


@pytest.fixture
def published(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> Callable[..., Declaration]:
    """A declaration submitted ``took`` before it was published at ``published_at``."""

    def make(
        published_at: dt.datetime, took: dt.timedelta, status: str = Status.PUBLISHED
    ) -> Declaration:
        extra = {"ended_at": published_at + DAY} if status != Status.PUBLISHED else {}
        return make_declaration(
            make_company(),
            status,
            submitted_at=published_at - took,
            published_at=published_at,
            decided_at=published_at,
            **extra,
        )

    return make


@pytest.mark.django_db
def test_review_time_is_the_median_and_90th_percentile_of_the_window(
    published: Callable[..., Declaration],
) -> None:
    now = at(2026, 11, 26, 9)
    for days in (1, 2, 3, 4):
        published(now - dt.timedelta(days=10 + days), dt.timedelta(days=days))
    # Published, then superseded: still counts for the time it took.
    published(now - 20 * DAY, 10 * DAY, status=Status.SUPERSEDED)
    # Outside the 90-day window.
    published(now - 120 * DAY, 50 * DAY)
    result = selectors.turnaround(days=90, now=now)
    assert result.count == 5
    assert result.median == dt.timedelta(days=3)
    assert result.p90 == dt.timedelta(days=7.6)
    longer = selectors.turnaround(days=365, now=now)
    assert longer.count == 6


@pytest.mark.django_db
def test_review_time_without_publications_is_empty() -> None:
    result = selectors.turnaround(days=90)
    assert (result.count, result.median, result.p90) == (0, None, None)


@pytest.mark.django_db
def test_the_queue_is_the_submitted_declarations_and_their_ages(
    make_company: Callable[..., Company], make_declaration: Callable[..., Declaration]
) -> None:
    now = at(2026, 11, 26, 9)
    for days in (1, 3, 10):
        make_declaration(make_company(), Status.SUBMITTED, submitted_at=now - days * DAY)
    make_declaration(make_company(), Status.RETURNED, submitted_at=now - 30 * DAY)
    make_declaration(make_company(), Status.DRAFT)
    queue = selectors.queue_stats(now=now)
    assert queue.size == 3
    assert queue.oldest_age == 10 * DAY
    assert queue.median_age == 3 * DAY
    assert queue.oldest_submitted_at == now - 10 * DAY


@pytest.mark.django_db
def test_an_empty_queue() -> None:
    queue = selectors.queue_stats()
    assert (queue.size, queue.oldest_age, queue.median_age) == (0, None, None)


# --- events per day and week -------------------------------------------------------------------


@pytest.fixture
def event(company: Company) -> Callable[..., None]:
    def make(action: str, when: dt.datetime, count: int = 1) -> None:
        for _ in range(count):
            audit_record(actor=None, action=action, obj=company, company=company, at=when)

    return make


@pytest.mark.django_db
def test_submissions_are_counted_per_japan_time_day(event: Callable[..., None]) -> None:
    now = at(2026, 11, 26, 9)  # a Thursday
    event("declaration.submit", at(2026, 11, 25, 23, 59))  # 14:59 UTC on the 25th
    event("declaration.resubmit", at(2026, 11, 26, 0, 1))  # still the 25th in UTC
    event("declaration.submit", at(2026, 11, 26, 8), count=2)
    event("declaration.submit", at(2026, 10, 27, 23))  # the day before the 30-day period
    event("company.update", at(2026, 11, 26, 8))  # not a submission
    data = selectors.dashboard(period=30, now=now)
    series = data.submissions
    assert series.unit == "day"
    assert len(series.buckets) == 30
    assert series.buckets[0] == dt.date(2026, 10, 28)
    assert series.buckets[-1] == dt.date(2026, 11, 26)
    by_day = dict(
        zip(series.buckets, series.total("declaration.submit", "declaration.resubmit"), strict=True)
    )
    assert by_day[dt.date(2026, 11, 25)] == 1
    assert by_day[dt.date(2026, 11, 26)] == 3
    assert sum(by_day.values()) == 4
    assert series.counts["declaration.resubmit"][-1] == 1


@pytest.mark.django_db
def test_decisions_and_publications_are_counted_per_week_from_monday(
    event: Callable[..., None],
) -> None:
    now = at(2026, 11, 26, 9)  # Thursday; its week began on Monday 23 November
    event("declaration.return", at(2026, 11, 22, 23, 30))  # Sunday: the previous week
    event("declaration.return", at(2026, 11, 23, 0, 30))  # Monday
    event("declaration.reject", at(2026, 11, 24))
    event("declaration.publish", at(2026, 11, 26, 8), count=3)
    event("declaration.publish", at(2026, 11, 2))
    data = selectors.dashboard(period=30, now=now)
    weeks = data.decisions.buckets
    assert all(week.weekday() == 0 for week in weeks)
    assert weeks[0] == dt.date(2026, 10, 26)  # the Monday on or before 28 October
    assert weeks[-1] == dt.date(2026, 11, 23)
    returns = dict(zip(weeks, data.decisions.counts["declaration.return"], strict=True))
    assert returns[dt.date(2026, 11, 16)] == 1
    assert returns[dt.date(2026, 11, 23)] == 1
    assert data.decisions.counts["declaration.reject"][-1] == 1
    assert data.publications.counts["declaration.publish"][-1] == 3
    assert sum(data.publications.counts["declaration.publish"]) == 4
    # The running total ends at every publication of the period.
    assert data.cumulative_publications[-1] == (dt.date(2026, 11, 26), 4)
    assert data.cumulative_publications[0][1] == 0


@pytest.mark.django_db
def test_a_year_shows_submissions_per_week_and_review_time_over_the_year(
    event: Callable[..., None],
) -> None:
    now = at(2026, 11, 26, 9)
    event("declaration.submit", at(2026, 1, 5))
    data = selectors.dashboard(period=365, now=now)
    assert data.submissions.unit == "week"
    assert sum(data.submissions.total("declaration.submit", "declaration.resubmit")) == 1
    assert data.turnaround.days == 365
    assert selectors.dashboard(period=30, now=now).turnaround.days == 90


@pytest.mark.django_db
def test_past_days_are_cached_but_today_is_always_counted_afresh(
    event: Callable[..., None],
) -> None:
    now = at(2026, 11, 26, 9)
    event("declaration.submit", at(2026, 11, 20))
    event("declaration.submit", at(2026, 11, 26, 8))
    first = selectors.dashboard(period=30, now=now).submissions.total("declaration.submit")
    assert sum(first) == 2
    event("declaration.submit", at(2026, 11, 26, 8, 30))  # today: shows at once
    event("declaration.submit", at(2026, 11, 21))  # a past day: shows when the cache expires
    second = selectors.dashboard(period=30, now=now).submissions.total("declaration.submit")
    assert second[-1] == 2
    assert sum(second) == 3
    cache.clear()
    third = selectors.dashboard(period=30, now=now).submissions.total("declaration.submit")
    assert sum(third) == 4


def test_an_unknown_period_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="period"):
        selectors.dashboard(period=7)


# --- the page ----------------------------------------------------------------------------------


def svgs_in(html: str) -> list[ET.Element]:
    found = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    return [ET.fromstring(svg) for svg in found]  # noqa: S314 — our own output


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_company_users_are_refused(client: Client, make_user: Callable[..., User]) -> None:
    client.force_login(make_user())
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_the_page_renders_without_any_data(client: Client, reviewer: User) -> None:
    verify_staff(client, reviewer)
    assert reverse("review:dashboard") == URL
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    svgs = svgs_in(html)
    assert len(svgs) == 5
    assert all(svg.get("role") == "img" for svg in svgs)
    assert response.context["turnaround_median"] == "—"
    assert response.context["data"].queue.size == 0


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["30", "90", "365"])
def test_the_page_renders_every_period_with_data(
    client: Client,
    reviewer: User,
    event: Callable[..., None],
    published: Callable[..., Declaration],
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
    period: str,
) -> None:
    now = timezone.now()
    for days in range(0, 200, 3):
        event("declaration.submit", now - days * DAY, count=days % 4)
        event("declaration.publish", now - days * DAY)
    event("declaration.return", now - DAY)
    published(now - 5 * DAY, 2 * DAY)
    make_declaration(make_company(), Status.SUBMITTED, submitted_at=now - 4 * DAY)
    verify_staff(client, reviewer)
    response = client.get("/en" + URL, {"period": period})
    assert response.status_code == 200
    assert response.context["period"] == int(period)
    html = response.content.decode()
    assert len(svgs_in(html)) == 5
    assert "4.0 days" in html  # the oldest in the queue
    assert "2.0 days" in html  # median review time
    assert "Decisions per week" in html


@pytest.mark.django_db
@pytest.mark.parametrize("period", ["7", "abc", "30; DROP TABLE"])
def test_an_invalid_period_is_explained_and_the_default_shown(
    client: Client, reviewer: User, period: str
) -> None:
    verify_staff(client, reviewer)
    response = client.get("/en" + URL, {"period": period})
    assert response.status_code == 200
    assert response.context["period"] == selectors.DEFAULT_PERIOD
    assert "Choose 30, 90 or 365 days." in response.content.decode()
