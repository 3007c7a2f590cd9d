"""Serving a company's uploaded signed PDF (to its members and to staff)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from partnership.declarations.models import Declaration


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
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
