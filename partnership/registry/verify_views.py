"""The verification page (/verify/): was a company declared on a given date?

For subsidy and tax office staff who do not use the API. One number is checked with a GET
form, so that an answer has a URL that can be shared or bookmarked
(``/verify/?number=…&date=…``). Many numbers are checked by uploading a CSV file; the answer
is a CSV file (UTF-8 with a byte-order mark, for Excel) with one row per row of the upload.
Both use ``registry.verification`` and the same rule: declared on D means published at some
moment of D in Japan time.

An upload is limited to ``MAX_BYTES`` while it is received (a bigger one is not stored at
all), and uploads are rate limited per client address.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from partnership.core.csv_export import csv_response
from partnership.core.dates import jst_today
from partnership.registry.open_data import NTA_SITE
from partnership.registry.verification import MAX_BULK, verify, verify_many
from partnership.registry.verify_csv import (
    MAX_BYTES,
    MAX_ROWS,
    result_columns,
    result_header,
    result_row,
)
from partnership.registry.verify_forms import VerifyFileForm, VerifyOneForm

API_DOCS_URL = "/api/v1/docs"
# Uploads per client address (each can hold 50,000 numbers).
UPLOAD_RATE = "30/10m"


class _SizeLimit(FileUploadHandler):
    """Stops receiving files once they add up to more than ``limit`` bytes: the rest of the
    request is read and dropped, so the page can still say what went wrong."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _page(
    request: HttpRequest,
    *,
    one: VerifyOneForm,
    upload: VerifyFileForm,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        "registry/verify.html",
        {
            "one": one,
            "upload": upload,
            "max_rows": MAX_ROWS,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
            "max_bulk": MAX_BULK,
            "columns": result_columns(),
            "api_docs_url": API_DOCS_URL,
            "nta_site": NTA_SITE,
            "today": jst_today(),
            **context,
        },
        status=status,
    )


@csrf_exempt  # checked by ``_upload`` once the size limit is in place
@require_http_methods(["GET", "HEAD", "POST"])
def verify_page(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        # The limit must be in place before the body is parsed, which the CSRF check does:
        # hence csrf_exempt here and csrf_protect on the function that reads the form.
        limit = _SizeLimit(request, MAX_BYTES)
        request.upload_handlers.insert(0, limit)
        return _upload(request, limit)
    one = VerifyOneForm(request.GET if "number" in request.GET else None)
    result = None
    if one.is_bound and one.is_valid():
        day = one.cleaned_data["date"]
        result = verify(one.cleaned_data["number"], day)
    return _page(
        request,
        one=one,
        upload=VerifyFileForm(),
        result=result,
        day=one.cleaned_data.get("date") if one.is_bound else None,
    )


@csrf_protect
def _upload(request: HttpRequest, limit: _SizeLimit) -> HttpResponseBase:
    if is_ratelimited(
        request, group="registry.verify_upload", key="ip", rate=UPLOAD_RATE, increment=True
    ):
        refused = _(
            "Many files have been checked from your network in the last few minutes. Please "
            "wait ten minutes and try again, or use the API for automated checks."
        )
        upload = VerifyFileForm(request.POST, refused=refused)
        upload.is_valid()
        return _page(request, one=VerifyOneForm(), upload=upload, status=429)
    upload = VerifyFileForm(request.POST, request.FILES, too_large=limit.exceeded)
    if not upload.is_valid():
        return _page(request, one=VerifyOneForm(), upload=upload)
    day = upload.cleaned_data["date"]
    numbers = upload.numbers
    # A list often repeats numbers: each distinct one is checked once, answered every time.
    answers = {result.given: result for result in verify_many(dict.fromkeys(numbers), day)}
    results = [answers[number] for number in numbers]
    # Everything is put into words now, in the language of the page: the response is
    # streamed after the request's language has been reset.
    header = result_header(day.isoformat())
    rows = [result_row(result) for result in results]
    return csv_response(f"verification-{day.isoformat()}.csv", header, rows)
