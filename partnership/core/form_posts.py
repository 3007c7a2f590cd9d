"""Pages take their input from HTML forms, which browsers send as
``application/x-www-form-urlencoded`` or ``multipart/form-data``.

Anything else sent to a page (JSON, ``text/plain``, XML) reaches Django as an empty form: a form
whose fields are all optional would then be valid and saved empty, and other forms would be
shown again without saying why. Such requests are answered 415 with a page in the visitor's
language instead, before any view runs. The API under ``/api/`` takes JSON and checks its own
content types.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_WITH_BODY = ("POST", "PUT", "PATCH")


def is_form_post(request: HttpRequest) -> bool:
    """True unless ``request`` sends a body that is not a form. A body-less request without a
    content type (a form with no fields, as some clients send it) counts as a form."""
    content_type = (request.content_type or "").lower()
    if content_type in FORM_CONTENT_TYPES:
        return True
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 1
    return not content_type and length == 0


class FormPostMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method in _WITH_BODY
            and not request.path_info.startswith("/api/")
            and not is_form_post(request)
        ):
            return render(request, "core/unsupported_form.html", status=415)
        return self.get_response(request)
