from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_from_path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from partnership.declarations.models import TemplateVersion
from partnership.registry import listing as listing_module
from partnership.registry.listing_panel import filter_panel
from partnership.registry.listing_reference import geography
from partnership.registry.selectors import (
    headline_figures,
    latest_publications,
)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/home.html",
        {
            "headline": headline_figures(),
            "latest": latest_publications(),
            "current_template": TemplateVersion.objects.current(),
        },
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and readiness for load balancers: the database and the cache answer."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error: no round trip"
    except Exception as exc:
        checks["cache"] = f"error: {type(exc).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_safe
def listing(request: HttpRequest) -> HttpResponse:
    """Search and filter the published declarations; every parameter is in the query string."""
    params = listing_module.parse_params(request.GET)
    page = listing_module.results(params)
    # Counting every value over a large result set would cost more than the page itself:
    # counts are shown when the set is small, and for the unfiltered listing (cached).
    show_counts = (
        not page.capped and page.count <= listing_module.FACET_LIMIT
    ) or not params.filtered
    facet_counts = (
        listing_module.facets(params)
        if show_counts
        else {"prefecture": {}, "industry": {}, "capital": {}, "employees": {}, "template": {}}
    )
    english = (translation.get_language() or "ja").startswith("en")
    return render(
        request,
        "registry/listing.html",
        {
            "result_rows": _result_rows(page.rows, params.current_template_id, english),
            "params": params,
            "page": page,
            "facets": facet_counts,
            "show_counts": show_counts,
            "filter_panel": filter_panel(
                params, facet_counts, show_counts, geography(), english=english
            ),
            "next_query": params.query_string(page=params.page + 1) if page.has_next else "",
            "previous_query": params.query_string(page=params.page - 1) if params.page > 1 else "",
        },
    )


def _result_rows(rows: list[Any], current_id: int | None, english: bool) -> list[dict[str, Any]]:
    """What each result shows, computed here rather than in the template: twenty rows of
    template lookups, URL reversals and date filters cost more than the page's queries."""
    placeholder = "0" * 13
    url_pattern = reverse("registry:declaration", args=[placeholder])
    result = []
    for declaration in rows:
        company = declaration.company
        shown_english = english and bool(company.name_en)
        result.append(
            {
                "url": url_pattern.replace(placeholder, company.corporate_number),
                "english": shown_english,
                "title": company.name_en if shown_english else company.name,
                "subtitle": company.name if shown_english else company.name_kana,
                "number": company.corporate_number,
                "prefecture": company.prefecture.name,
                "industry": company.industry.name if company.industry else "—",
                "published": timezone.localtime(declaration.published_at).strftime("%Y-%m-%d"),
                "template": declaration.template.code,
                "outdated": current_id is not None and declaration.template_id != current_id,
            }
        )
    return result


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, resolving the page being left in *its own* language.

    The switch lives outside the language-prefixed URLs, so Django would otherwise resolve
    ``next`` in whatever language the cookie or the browser suggests — and leave a visitor who
    arrived on /en/… stuck there when they choose 日本語."""
    next_url = request.POST.get("next", request.GET.get("next", "")) or "/"
    language = get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return django_set_language(request)
