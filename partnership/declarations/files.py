"""Serving PDFs: a company's uploaded signed PDF (to its members and to staff) and the PDFs the
registry generates (declarations, publication certificates)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase

from partnership.declarations.models import Declaration

# A PDF is shown by the browser's own viewer: it needs nothing from the site, may run nothing
# in the site's origin, and is never sniffed as anything but a PDF.
PDF_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"


def harden_pdf_response(response: HttpResponseBase) -> HttpResponseBase:
    """Add the headers every PDF we serve carries (``Content-Type`` and
    ``Content-Disposition`` are set by the view)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_CONTENT_SECURITY_POLICY
    return response


def signed_pdf_response(declaration: Declaration) -> FileResponse:
    """The signed PDF as a download that browsers neither sniff nor render in the site's
    origin; 404 when there is none."""
    if not declaration.signed_pdf:
        raise Http404
    response = FileResponse(
        declaration.signed_pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=(
            f"signed-declaration-{declaration.company.corporate_number}-v{declaration.version}.pdf"
        ),
    )
    harden_pdf_response(response)
    return response
