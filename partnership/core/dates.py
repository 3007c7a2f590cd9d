"""Japan-time helpers: every "on date D" question in the registry is judged in Asia/Tokyo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

JST = ZoneInfo("Asia/Tokyo")


def jst_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The half-open interval [start, end) of ``day`` in Japan time, as aware datetimes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=JST)
    return start, start + dt.timedelta(days=1)


def jst_date(instant: dt.datetime) -> dt.date:
    """The calendar date in Japan at ``instant`` (which must be timezone-aware)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(JST).date()


def jst_today() -> dt.date:
    return dt.datetime.now(tz=JST).date()
