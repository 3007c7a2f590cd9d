"""Reads for the public pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from partnership.core.bands import LARGE_COMPANY_CAPITAL_YEN
from partnership.core.dates import JST
from partnership.declarations.models import Declaration, TemplateVersion
from partnership.declarations.selectors import published_declarations

HEADLINE_CACHE_SECONDS = 60


@dataclass(frozen=True)
class Headline:
    published: int
    this_month: int
    large_companies: int
    on_current_template: int

    @property
    def current_template_share(self) -> float:
        return self.on_current_template / self.published if self.published else 0.0


def headline_figures() -> Headline:
    """The home page's figures; one aggregate query, cached briefly because the registry
    changes a few hundred times a day at most."""
    cached: Headline | None = cache.get("registry:headline")
    if cached is not None:
        return cached
    month_start = (
        timezone.now().astimezone(JST).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    )
    current = TemplateVersion.objects.current()
    figures = Declaration.objects.published().aggregate(
        published=Count("id"),
        this_month=Count("id", filter=Q(published_at__gte=month_start)),
        large=Count("id", filter=Q(company__capital_yen__gte=LARGE_COMPANY_CAPITAL_YEN)),
        current=Count("id", filter=Q(template=current))
        if current
        else Count("id", filter=Q(pk=None)),
    )
    headline = Headline(
        published=figures["published"],
        this_month=figures["this_month"],
        large_companies=figures["large"],
        on_current_template=figures["current"],
    )
    cache.set("registry:headline", headline, HEADLINE_CACHE_SECONDS)
    return headline


def latest_publications(limit: int = 10) -> list[Declaration]:
    return list(published_declarations()[:limit])
