from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partnership.declarations.models import TemplateVersion
from partnership.registry.selectors import headline_figures, latest_publications


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
