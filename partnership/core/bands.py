"""Capital and employee bands used for filters and statistics.

The capital bands follow the thresholds of the SME Basic Act (¥50M for retail and services,
¥100M for wholesale, ¥300M for manufacturing and others) and the convention of the official
corporate statistics that a company with capital of ¥1 billion or more is a large company.
The employee bands follow the Act's small-business (≤5 / ≤20) and SME (≤50 / ≤100 / ≤300)
thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LARGE_COMPANY_CAPITAL_YEN = 1_000_000_000


@dataclass(frozen=True)
class Band:
    code: str
    label: str | Promise
    low: int | None  # inclusive lower bound, None = unbounded
    high: int | None  # inclusive upper bound, None = unbounded

    def contains(self, value: int | None) -> bool:
        if value is None:
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)

    def q(self, field: str) -> Q:
        """A filter matching values of ``field`` inside the band."""
        q = Q(**{f"{field}__isnull": False})
        if self.low is not None:
            q &= Q(**{f"{field}__gte": self.low})
        if self.high is not None:
            q &= Q(**{f"{field}__lte": self.high})
        return q


CAPITAL_BANDS: tuple[Band, ...] = (
    Band("le10m", _("¥10 million or less"), None, 10_000_000),
    Band("le50m", _("Over ¥10 million to ¥50 million"), 10_000_001, 50_000_000),
    Band("le100m", _("Over ¥50 million to ¥100 million"), 50_000_001, 100_000_000),
    Band("le300m", _("Over ¥100 million to ¥300 million"), 100_000_001, 300_000_000),
    Band("lt1b", _("Over ¥300 million, under ¥1 billion"), 300_000_001, 999_999_999),
    Band("ge1b", _("¥1 billion or more (large company)"), LARGE_COMPANY_CAPITAL_YEN, None),
)

EMPLOYEE_BANDS: tuple[Band, ...] = (
    Band("le5", _("5 or fewer"), None, 5),
    Band("le20", _("6 to 20"), 6, 20),
    Band("le50", _("21 to 50"), 21, 50),
    Band("le100", _("51 to 100"), 51, 100),
    Band("le300", _("101 to 300"), 101, 300),
    Band("le1000", _("301 to 1,000"), 301, 1000),
    Band("gt1000", _("More than 1,000"), 1001, None),
)


def band_for(bands: tuple[Band, ...], value: int | None) -> Band | None:
    """The band containing ``value``, or None for an unknown value."""
    for band in bands:
        if band.contains(value):
            return band
    return None


def band_by_code(bands: tuple[Band, ...], code: str) -> Band | None:
    return next((band for band in bands if band.code == code), None)


def is_large_company(capital_yen: int | None) -> bool:
    return capital_yen is not None and capital_yen >= LARGE_COMPANY_CAPITAL_YEN
