"""Reads for a company's public declaration pages: its current state, every version that was
ever published, one version with the one before it, and the publication certificate.

Only versions that were public at some time (published, superseded, withdrawn, removed) are
ever read here: drafts, submissions, returned and rejected versions never reach a public page.
Each page costs a fixed number of queries whatever the length of the company's history.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnership.companies.models import Company
from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, Band, band_for
from partnership.declarations.models import (
    Declaration,
    Status,
    TemplateVersion,
)
from partnership.declarations.selectors import publication_intervals

Interval = tuple[dt.datetime, dt.datetime | None]


def public_company(corporate_number: str) -> Company | None:
    """The company with this (normalised) corporate number and its reference data, if any."""
    return (
        Company.objects.select_related("prefecture", "industry")
        .filter(corporate_number=corporate_number)
        .first()
    )


def public_history(company: Company) -> list[Declaration]:
    """Every version of the company's declaration that was ever published (published,
    superseded, withdrawn or removed), newest first, with its template. One query."""
    history = list(
        Declaration.objects.was_published()
        .filter(company=company)
        .select_related("template")
        .order_by("-version")
    )
    for declaration in history:
        # The document names the company: spare a query per version.
        declaration.company = company
    return history


def shown_declaration(history: list[Declaration]) -> Declaration | None:
    """What the company's stable page shows: the published version, else the version whose
    publication ended last (withdrawn or removed, shown as such). ``history`` as given by
    :func:`public_history`."""
    published = next((d for d in history if d.status == Status.PUBLISHED), None)
    if published is not None:
        return published
    ended = [d for d in history if d.status in (Status.WITHDRAWN, Status.REMOVED)]
    # ended_at is set for every ended version (declaration_ended_iff_ended_status).
    return max(ended, key=lambda d: (d.ended_at, d.version), default=None)


@dataclass(frozen=True)
class PublicRecord:
    """Everything the stable page of one company shows, apart from the document itself."""

    company: Company
    history: tuple[Declaration, ...]
    current_template: TemplateVersion | None

    @property
    def shown(self) -> Declaration:
        shown = shown_declaration(list(self.history))
        # A record exists only for a company with a history, and a history always ends in a
        # published, withdrawn or removed version (superseding needs a newer publication).
        assert shown is not None
        return shown

    @property
    def is_published(self) -> bool:
        return self.shown.status == Status.PUBLISHED

    @property
    def outdated(self) -> bool:
        """The shown version is on a template other than the current one."""
        return is_outdated(self.shown, self.current_template)

    @property
    def capital_band(self) -> Band | None:
        return band_for(CAPITAL_BANDS, self.company.capital_yen)

    @property
    def employee_band(self) -> Band | None:
        return band_for(EMPLOYEE_BANDS, self.company.employees)


def is_outdated(declaration: Declaration, current_template: TemplateVersion | None) -> bool:
    return current_template is not None and declaration.template_id != current_template.pk


def public_record(company: Company) -> PublicRecord | None:
    """The public state of ``company``, or None when it was never published. Two queries."""
    history = public_history(company)
    if not history:
        return None
    return PublicRecord(
        company=company,
        history=tuple(history),
        current_template=TemplateVersion.objects.current(),
    )


@dataclass(frozen=True)
class PublicVersion:
    """One published (or formerly published) version, with what a reader needs around it."""

    declaration: Declaration
    # The version published before this one, to compare with (None for the first).
    previous: Declaration | None
    # The version published now (possibly this one), or None when none is.
    current: Declaration | None
    current_template: TemplateVersion | None
    # The version that replaced this one, when it was superseded.
    successor: Declaration | None

    @property
    def is_current(self) -> bool:
        return self.declaration.status == Status.PUBLISHED

    @property
    def outdated(self) -> bool:
        return is_outdated(self.declaration, self.current_template)


def public_version(company: Company, version: int) -> PublicVersion | None:
    """Version ``version`` of the company's declaration if it was ever published, else None
    (drafts, submissions, returned and rejected versions are never public). Two queries."""
    history = public_history(company)
    index = next((i for i, d in enumerate(history) if d.version == version), None)
    if index is None:
        return None
    declaration = history[index]
    successor = history[index - 1] if index > 0 else None
    return PublicVersion(
        declaration=declaration,
        previous=history[index + 1] if index + 1 < len(history) else None,
        current=next((d for d in history if d.status == Status.PUBLISHED), None),
        current_template=TemplateVersion.objects.current(),
        successor=successor if declaration.status == Status.SUPERSEDED else None,
    )


@dataclass(frozen=True)
class Certificate:
    """A publication certificate: the company and every interval during which it had a
    published declaration, as of ``issued_at``."""

    company_name: str
    company_name_en: str
    corporate_number: str
    # Oldest first; touching intervals (a version superseded by the next) merged into one;
    # the end is None while the declaration is still published.
    intervals: tuple[Interval, ...]
    issued_at: dt.datetime

    @property
    def published_now(self) -> bool:
        """Published at the time of issue."""
        return bool(self.intervals) and self.intervals[-1][1] is None


def publication_certificate(company: Company, issued_at: dt.datetime) -> Certificate | None:
    """The certificate for ``company`` issued at ``issued_at`` (timezone-aware), or None when
    the company was never published. One query."""
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must be timezone-aware")
    intervals = publication_intervals(company.corporate_number)
    if not intervals:
        return None
    return Certificate(
        company_name=company.name,
        company_name_en=company.name_en,
        corporate_number=company.corporate_number,
        intervals=tuple(intervals),
        issued_at=issued_at,
    )
