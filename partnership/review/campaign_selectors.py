"""Reads for renewal campaigns: where each campaign stands and the table of its companies.

A target company's renewal status is judged now, from its declarations on the campaign's
template: "renewed" when one is published, "in progress" when one is a draft, submitted or
returned, otherwise "not started".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import Membership
from partnership.declarations.models import IN_PROGRESS, Declaration, Status, TemplateVersion
from partnership.review.models import NoticeOutcome, RenewalCampaign, RenewalNotice

# Filters of the tracking table (query-string value, label).
STATUS_FILTERS = [
    ("", _("All")),
    ("not_emailed", _("Not emailed yet")),
    ("emailed", _("Emailed")),
    ("no_recipient", _("No one to email")),
    ("renewed", _("Renewed")),
    ("in_progress", _("Renewal in progress")),
    ("not_started", _("Not started")),
]


def outdated_declarations(template: TemplateVersion) -> QuerySet[Declaration]:
    """Published declarations written on another template than ``template``, oldest company
    first: the companies a campaign for ``template`` asks to renew."""
    return (
        Declaration.objects.published()
        .exclude(template=template)
        .order_by("company__created_at", "company_id")
    )


def unfinished_campaign(template: TemplateVersion) -> RenewalCampaign | None:
    """A campaign for ``template`` that still has companies to email, if any."""
    return (
        RenewalCampaign.objects.filter(template=template, notices__sent_at__isnull=True)
        .distinct()
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class CampaignProgress:
    targets: int
    handled: int
    emailed: int
    emails: int
    no_recipient: int
    renewed: int
    in_progress: int

    @property
    def pending(self) -> int:
        """Companies not yet handled (emailed or skipped)."""
        return self.targets - self.handled

    @property
    def not_started(self) -> int:
        return self.targets - self.renewed - self.in_progress

    def percent(self, value: int) -> int:
        return round(100 * value / self.targets) if self.targets else 0

    @property
    def renewed_percent(self) -> int:
        return self.percent(self.renewed)

    @property
    def handled_percent(self) -> int:
        return self.percent(self.handled)


def _on_template(campaign: RenewalCampaign, statuses: Any) -> QuerySet[Declaration]:
    return Declaration.objects.filter(
        company_id=OuterRef("company_id"),
        template_id=campaign.template_id,
        status__in=list(statuses),
    )


def campaign_notices(campaign: RenewalCampaign) -> QuerySet[Any]:
    """The campaign's notices annotated with ``renewed`` / ``renewing`` (bool) and
    ``renewed_at`` (when the renewal on the campaign's template was published)."""
    published = _on_template(campaign, [Status.PUBLISHED])
    return RenewalNotice.objects.filter(campaign=campaign).annotate(
        renewed=Exists(published),
        renewing=Exists(_on_template(campaign, IN_PROGRESS)),
        renewed_at=Subquery(published.values("published_at")[:1]),
    )


def campaign_progress(campaign: RenewalCampaign) -> CampaignProgress:
    """Counts of targets, companies emailed, renewed, in progress and not started."""
    counts = (
        RenewalNotice.objects.filter(campaign=campaign)
        .annotate(
            is_renewed=Exists(_on_template(campaign, [Status.PUBLISHED])),
            is_renewing=Exists(_on_template(campaign, IN_PROGRESS)),
        )
        .aggregate(
            targets=Count("id"),
            handled=Count("id", filter=Q(sent_at__isnull=False)),
            emailed=Count("id", filter=Q(outcome=NoticeOutcome.SENT)),
            no_recipient=Count("id", filter=Q(outcome=NoticeOutcome.NO_RECIPIENT)),
            renewed=Count("id", filter=Q(is_renewed=True)),
            in_progress=Count("id", filter=Q(is_renewed=False, is_renewing=True)),
            emails=Sum("email_count", default=0),
        )
    )
    return CampaignProgress(**counts)


def campaign_table(campaign: RenewalCampaign, status: str = "") -> QuerySet[Any]:
    """The campaign's companies, oldest company first, optionally filtered by ``status`` (a
    value of :data:`STATUS_FILTERS`)."""
    queryset = campaign_notices(campaign).select_related(
        "company", "declaration", "declaration__template"
    )
    if status == "not_emailed":
        queryset = queryset.filter(sent_at__isnull=True)
    elif status == "emailed":
        queryset = queryset.filter(outcome=NoticeOutcome.SENT)
    elif status == "no_recipient":
        queryset = queryset.filter(outcome=NoticeOutcome.NO_RECIPIENT)
    elif status == "renewed":
        queryset = queryset.filter(renewed=True)
    elif status == "in_progress":
        queryset = queryset.filter(renewed=False, renewing=True)
    elif status == "not_started":
        queryset = queryset.filter(renewed=False, renewing=False)
    return queryset.order_by("company__created_at", "company_id")


def next_batch_recipients(campaign: RenewalCampaign, batch_size: int) -> tuple[int, int]:
    """How many companies the next batch of ``batch_size`` would handle, and how many active
    members they have between them (an upper bound of the emails; companies that renewed
    meanwhile are skipped when sending)."""
    pending = list(
        RenewalNotice.objects.filter(campaign=campaign, sent_at__isnull=True)
        .order_by("company__created_at", "company_id")
        .values_list("company_id", flat=True)[:batch_size]
    )
    people = Membership.objects.filter(company_id__in=pending, user__is_active=True).count()
    return len(pending), people


@dataclass(frozen=True)
class CampaignRow:
    campaign: RenewalCampaign
    progress: CampaignProgress


def campaign_list() -> list[CampaignRow]:
    """Every campaign, newest first, with its progress."""
    campaigns = RenewalCampaign.objects.select_related("template", "created_by").order_by(
        "-created_at", "-id"
    )
    return [CampaignRow(campaign=c, progress=campaign_progress(c)) for c in campaigns]


@dataclass(frozen=True)
class StartOffer:
    """Whether a campaign can be started now, for which template and how many companies."""

    template: TemplateVersion | None
    outdated: int
    running: RenewalCampaign | None

    @property
    def possible(self) -> bool:
        return self.template is not None and self.outdated > 0 and self.running is None


def campaign_start_offer() -> StartOffer:
    template = TemplateVersion.objects.current()
    if template is None:
        return StartOffer(template=None, outdated=0, running=None)
    return StartOffer(
        template=template,
        outdated=outdated_declarations(template).count(),
        running=unfinished_campaign(template),
    )
