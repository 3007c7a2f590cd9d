"""Public pages of one company's declaration: the stable page (its current state), each
published version with what changed, the declaration PDF and the publication certificate.

Every URL takes the corporate number as people type it: a number with hyphens, spaces or
full-width digits is redirected to the canonical 13-digit URL; an invalid number is a 404.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from partnership.companies.corporate_number import (
    CorporateNumberError,
    validate_corporate_number,
)
from partnership.companies.models import Company
from partnership.core.dates import JST
from partnership.declarations.document import build_document
from partnership.declarations.files import harden_pdf_response
from partnership.declarations.models import Status
from partnership.declarations.pdf import render_pdf
from partnership.registry.certificate_pdf import render_certificate_pdf
from partnership.registry.declaration_selectors import (
    public_company,
    public_history,
    public_record,
    public_version,
    publication_certificate,
)
from partnership.registry.templatetags.public_pages import page_language
from partnership.review.diff import compare

# The stable URL is cited on forms: let clients and proxies keep the PDF briefly, then check.
PDF_MAX_AGE_SECONDS = 300

View = Callable[..., HttpResponse]


def canonical_number(view: View) -> View:
    """Look the company up by its corporate number: redirect a number typed with separators
    or full-width digits to the canonical URL, 404 for an invalid or unknown number, and pass
    the company to ``view`` instead of the number."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, corporate_number: str, **kwargs: Any) -> HttpResponse:
        try:
            number = validate_corporate_number(corporate_number)
        except CorporateNumberError:
            raise Http404 from None
        if number != corporate_number:
            match = request.resolver_match
            assert match is not None
            url = reverse(match.view_name, kwargs={**kwargs, "corporate_number": number})
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)
        company = public_company(number)
        if company is None:
            raise Http404
        return view(request, company, **kwargs)

    return wrapper


def _requested_language(request: HttpRequest) -> str:
    """``?lang=ja|en`` for a PDF, else the page's language."""
    requested = request.GET.get("lang", "")
    return requested if requested in ("ja", "en") else page_language()


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@require_safe
@canonical_number
def declaration(request: HttpRequest, company: Company) -> HttpResponse:
    """The stable public page of one company's declaration: its current state."""
    record = public_record(company)
    if record is None:
        raise Http404
    shown = record.shown
    return render(
        request,
        "registry/declaration.html",
        {
            "company": company,
            "record": record,
            "declaration": shown,
            "document": build_document(shown, page_language()) if record.is_published else None,
            "page_url": _absolute(reverse("registry:declaration", args=[company.corporate_number])),
        },
    )


@require_safe
@canonical_number
def declaration_pdf(request: HttpRequest, company: Company) -> HttpResponse:
    """The published declaration as a PDF (``?lang=ja|en``); 404 while none is published."""
    published = next((d for d in public_history(company) if d.status == Status.PUBLISHED), None)
    if published is None:
        raise Http404
    language = _requested_language(request)
    assert published.published_at is not None
    etag = f'"{published.pk}-{published.version}-{published.template_id}-{language}"'
    last_modified = int(published.published_at.timestamp())
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is None:
        content = render_pdf(build_document(published, language))
        response = HttpResponse(content, content_type="application/pdf")
        filename = f"declaration-{company.corporate_number}-v{published.version}-{language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    else:
        response = not_modified
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=PDF_MAX_AGE_SECONDS)
    harden_pdf_response(response)
    return response


@require_safe
@canonical_number
def declaration_version(request: HttpRequest, company: Company, version: int) -> HttpResponse:
    """One version that was published, with what changed from the one published before it."""
    shown = public_version(company, version)
    if shown is None:
        raise Http404
    language = page_language()
    document = build_document(shown.declaration, language)
    changes = (
        compare(build_document(shown.previous, language), document)
        if shown.previous is not None
        else None
    )
    return render(
        request,
        "registry/declaration_version.html",
        {
            "company": company,
            "version": shown,
            "declaration": shown.declaration,
            "document": document,
            "changes": changes,
            "page_url": _absolute(
                reverse("registry:declaration_version", args=[company.corporate_number, version])
            ),
        },
    )


def _verify_url() -> str:
    # In the active language: /verify/ or /en/verify/.
    return _absolute(reverse("registry:verify"))


@never_cache
@require_safe
@canonical_number
def certificate(request: HttpRequest, company: Company) -> HttpResponse:
    """The publication certificate: every interval during which the company was published."""
    issued = publication_certificate(company, timezone.now())
    if issued is None:
        raise Http404
    return render(
        request,
        "registry/certificate.html",
        {
            "company": company,
            "certificate": issued,
            "check_url": _absolute(
                reverse("registry:certificate", args=[company.corporate_number])
            ),
            "verify_url": _verify_url(),
        },
    )


@never_cache
@require_safe
@canonical_number
def certificate_pdf(request: HttpRequest, company: Company) -> HttpResponse:
    """The publication certificate as a PDF (``?lang=ja|en``), issued now."""
    issued = publication_certificate(company, timezone.now())
    if issued is None:
        raise Http404
    language = _requested_language(request)
    with translation.override(language):
        check_url = _absolute(reverse("registry:certificate", args=[company.corporate_number]))
        verify_url = _verify_url()
    content = render_certificate_pdf(
        issued, language=language, check_url=check_url, verify_url=verify_url
    )
    response = HttpResponse(content, content_type="application/pdf")
    stamp = issued.issued_at.astimezone(JST).strftime("%Y%m%d%H%M")
    filename = f"certificate-{company.corporate_number}-{stamp}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    harden_pdf_response(response)
    return response
