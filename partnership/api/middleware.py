"""The API answers in the language of ``Accept-Language`` (Japanese by default).

The site's pages take their language from the URL (``/en/…``); unprefixed URLs are Japanese.
The API has one URL per resource, so for ``/api/`` the request's headers decide instead."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header


class ApiLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        # Only the header counts, not the site's language cookie: an answer must not depend
        # on which pages a browser visited before.
        language = "ja"
        for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            if code == "*":
                break
            try:
                language = translation.get_supported_language_variant(code)
                break
            except LookupError:
                continue
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
