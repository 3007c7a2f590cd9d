"""Site-wide error pages that Django's settings point at."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a form arrived without a valid security token (an old page, a
    form opened before logging in or out, cookies blocked, or a forged request from another
    site). Nothing was changed; the page explains what to do, in the visitor's language."""
    return render(
        request,
        "core/csrf_failure.html",
        {"no_cookie": reason == REASON_NO_CSRF_COOKIE},
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: the API's JSON shape under /api/ (a client there reads JSON, not a page), the
    translated page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("There is nothing at this address of the API. See /api/v1/docs.")},
            status=404,
        )
    return defaults.page_not_found(request, exception)
