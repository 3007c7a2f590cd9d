"""Reads of declarations: published lists and "was company X declared at T / on D?".

Answers to the temporal questions come only from published intervals: a version is in force
from ``published_at`` (inclusive) to ``ended_at`` (exclusive; open while still published).
Superseding sets the old version's end and the new version's start to the same instant, so
there is never a gap and never an overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnership.audit.models import AuditEvent
from partnership.core.dates import jst_day_bounds
from partnership.declarations.models import (
    Declaration,
    DeclarationQuerySet,
    Status,
    TemplateVersion,
)


def published_declarations() -> DeclarationQuerySet:
    """Declarations public now, with their company and its reference data, newest first."""
    return (
        Declaration.objects.published()
        .select_related("company", "company__prefecture", "company__industry", "template")
        .order_by("-published_at", "-id")
    )


def _intervals(corporate_number: str) -> DeclarationQuerySet:
    return Declaration.objects.was_published().filter(company__corporate_number=corporate_number)


def declaration_in_force_at(corporate_number: str, at: dt.datetime) -> Declaration | None:
    """The version of the company's declaration that was public at instant ``at``, if any."""
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return (
        _intervals(corporate_number)
        .filter(published_at__lte=at)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=at))
        .select_related("company", "template")
        .order_by("-published_at")
        .first()
    )


def declaration_in_force_on(corporate_number: str, day: dt.date) -> Declaration | None:
    """The version public at any moment of ``day`` in Japan time, if any.

    A company counts as declared on D if one of its versions was public at some time during
    D (JST): published at 23:59 on D counts for D; withdrawn at 00:01 on D counts for D too.
    When several versions were public during D, the latest one is returned."""
    start, end = jst_day_bounds(day)
    return (
        _intervals(corporate_number)
        .filter(published_at__lt=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=start))
        .select_related("company", "template")
        .order_by("-published_at")
        .first()
    )


def publication_intervals(corporate_number: str) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """Every published interval of the company, oldest first, with touching intervals
    (a version superseded by the next at the same instant) merged into one."""
    merged: list[tuple[dt.datetime, dt.datetime | None]] = []
    rows = (
        _intervals(corporate_number)
        .order_by("published_at")
        .values_list("published_at", "ended_at")
    )
    for start, end in rows:
        assert start is not None  # guaranteed by the declaration_published_has_start constraint
        if merged and merged[-1][1] is not None and merged[-1][1] >= start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def company_declarations(company_id: int) -> DeclarationQuerySet:
    """Every version of one company's declaration, newest first (for the company and staff)."""
    return (
        Declaration.objects.filter(company_id=company_id)
        .select_related("template")
        .order_by("-version")
    )


# --- the company's own view ------------------------------------------------------------------

# Audit actions a company sees on its timeline, with the label shown.
TIMELINE_ACTIONS = {
    "declaration.create": _("Draft started"),
    "declaration.submit": _("Submitted for review"),
    "declaration.resubmit": _("Resubmitted for review"),
    "declaration.return": _("Returned for changes"),
    "declaration.publish": _("Approved and published"),
    "declaration.reject": _("Rejected"),
    "declaration.supersede": _("Superseded by a newer version"),
    "declaration.withdraw": _("Withdrawn by the company"),
    "declaration.remove": _("Removed by the registry"),
}


@dataclass(frozen=True)
class TimelineEntry:
    action: str
    label: str
    at: dt.datetime
    message: str
    by_registry: bool


def declaration_timeline(declaration: Declaration) -> list[TimelineEntry]:
    """What happened to one version, oldest first, as the company may see it (staff names are
    not shown; messages from the registry are)."""
    events = AuditEvent.objects.filter(
        object_type="declarations.declaration",
        object_id=str(declaration.pk),
        action__in=list(TIMELINE_ACTIONS),
    ).order_by("created_at", "id")
    entries = []
    for event in events:
        after = event.after or {}
        message = str(after.get("message") or after.get("reason") or "")
        entries.append(
            TimelineEntry(
                action=event.action.removeprefix("declaration."),
                label=str(TIMELINE_ACTIONS[event.action]),
                at=event.created_at,
                message=message,
                by_registry=event.action
                in (
                    "declaration.return",
                    "declaration.publish",
                    "declaration.reject",
                    "declaration.remove",
                ),
            )
        )
    return entries


@dataclass(frozen=True)
class CompanyOverview:
    published: Declaration | None
    in_progress: Declaration | None
    current_template: TemplateVersion | None

    @property
    def outdated(self) -> bool:
        """The published version uses an older template than the current one."""
        return (
            self.published is not None
            and self.current_template is not None
            and self.published.template_id != self.current_template.pk
        )

    @property
    def can_start(self) -> bool:
        """A first declaration (or a new one after withdrawal) can be started."""
        return (
            self.in_progress is None
            and self.published is None
            and self.current_template is not None
        )

    @property
    def can_revise(self) -> bool:
        """A new version based on the published one can be started."""
        return (
            self.in_progress is None
            and self.published is not None
            and self.current_template is not None
        )


def company_overview(company: Any) -> CompanyOverview:
    rows = list(
        Declaration.objects.filter(company=company)
        .filter(status__in=[Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
        .select_related("template")
    )
    published = next((d for d in rows if d.status == Status.PUBLISHED), None)
    in_progress = next((d for d in rows if d.status != Status.PUBLISHED), None)
    return CompanyOverview(
        published=published,
        in_progress=in_progress,
        current_template=TemplateVersion.objects.current(),
    )


def company_history(company: Any) -> list[tuple[Declaration, list[TimelineEntry]]]:
    """Every version of the company's declaration, newest first, each with its timeline."""
    return [(d, declaration_timeline(d)) for d in company_declarations(company.pk)]
