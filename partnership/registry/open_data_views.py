"""Open data: the page that lists the files, the downloads and the Atom feed.

Nothing is computed per request: the files and their manifest are written by
``manage.py export_open_data`` and served as they are, with the manifest's SHA-256 as ETag
and its generation time as Last-Modified (a conditional request gets 304)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS
from partnership.declarations.models import RemovalCategory
from partnership.registry import open_data
from partnership.registry.open_data import FILES, GLOSSARY, FileInfo, FileSpec, load_manifest

DOWNLOAD_CACHE_SECONDS = 600


def _directory() -> Path:
    return Path(settings.OPEN_DATA_DIR)


@dataclass(frozen=True)
class Listed:
    spec: FileSpec
    info: FileInfo | None


@require_safe
def open_data_page(request: HttpRequest) -> HttpResponse:
    manifest = load_manifest(_directory())
    english = (request.LANGUAGE_CODE or "ja").startswith("en")
    files = [
        Listed(spec, manifest.info(name) if manifest else None) for name, spec in FILES.items()
    ]
    return render(
        request,
        "registry/open_data.html",
        {
            "manifest": manifest,
            "files": files,
            "glossary": [
                (key, [FILES[n] for n in FILES if FILES[n].columns == key], columns)
                for key, columns in GLOSSARY.items()
            ],
            "capital_bands": CAPITAL_BANDS,
            "employee_bands": EMPLOYEE_BANDS,
            "reason_categories": RemovalCategory.choices,
            "licence_url": open_data.LICENCE["url_en" if english else "url_ja"],
            "attribution": open_data.ATTRIBUTION["en" if english else "ja"],
            "nta_site": open_data.NTA_SITE,
            "pdl_url": open_data.PDL_URL["en" if english else "ja"],
            "now": timezone.now(),
        },
    )


def _serve(request: HttpRequest, name: str, *, attachment: bool) -> HttpResponse | FileResponse:
    spec = FILES.get(name)  # only the files of the export, never a path from the request
    manifest = load_manifest(_directory())
    info = manifest.info(name) if (spec and manifest) else None
    if spec is None or manifest is None or info is None:
        raise Http404
    etag = f'"{info.sha256}"'
    last_modified = int(manifest.generated_at.timestamp())
    headers = {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": f"public, max-age={DOWNLOAD_CACHE_SECONDS}",
        "Access-Control-Allow-Origin": "*",
    }
    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        for key, value in headers.items():
            not_modified[key] = value
        return not_modified
    try:
        handle = (_directory() / spec.name).open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, content_type=spec.content_type, as_attachment=attachment, filename=spec.name
    )
    for key, value in headers.items():
        response[key] = value
    return response


@require_safe
def open_data_file(request: HttpRequest, filename: str) -> HttpResponse | FileResponse:
    """A file of the last export, as a download (the feed and the manifest are shown inline)."""
    spec = FILES.get(filename)
    return _serve(request, filename, attachment=spec.attachment if spec else True)


@require_safe
def feed(request: HttpRequest) -> HttpResponse | FileResponse:
    """The Atom feed of publications, withdrawals and removals (written by the export)."""
    return _serve(request, open_data.FEED, attachment=False)
