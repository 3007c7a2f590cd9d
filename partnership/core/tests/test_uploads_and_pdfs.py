"""Uploaded and generated PDFs: only real PDFs are accepted, and every PDF is served so that
a browser neither sniffs it as something else nor runs anything from it in the site's origin.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnership.accounts.models import User
from partnership.companies.models import Company
from partnership.conftest import sign_in_staff
from partnership.core.tests.security_world import pdf_bytes
from partnership.declarations.files import PDF_CONTENT_SECURITY_POLICY
from partnership.declarations.models import Declaration, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client: Client, owner: User) -> Client:
    client.force_login(owner)
    return client


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _mypage(company: Company, version: int, what: str, language: str = "") -> str:
    prefix = f"/{language}" if language else ""
    return f"{prefix}/mypage/companies/{company.corporate_number}/declarations/{version}/{what}"


def _assert_safe_pdf(response: Any, disposition: str) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == PDF_CONTENT_SECURITY_POLICY
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith(f"{disposition}; filename=")
    assert response["Content-Disposition"].endswith('.pdf"')
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF-")
    return body


HTML_AS_PDF = (
    b"<!doctype html><html><body><script>fetch('/accounts/settings/')</script></body></html>"
)
SVG_AS_PDF = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (HTML_AS_PDF, "This file is not a PDF"),
        (SVG_AS_PDF, "This file is not a PDF"),
        (b"", "The submitted file is empty"),
        (b"%PDF-1.7\n<html><script>alert(1)</script></html>", "The PDF could not be read"),
    ],
    ids=["html", "svg", "empty", "pdf-signature-only"],
)
def test_a_file_that_is_not_a_pdf_is_refused_whatever_its_name(
    signed_in: Client,
    company: Company,
    make_declaration: Callable[..., Declaration],
    media: Any,
    content: bytes,
    message: str,
) -> None:
    declaration = make_declaration(company, Status.DRAFT)
    upload = SimpleUploadedFile("signed-declaration.pdf", content, "application/pdf")
    response = signed_in.post(_mypage(company, 1, "upload/", "en"), {"signed_pdf": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'href="#id_signed_pdf"' in html  # the error summary links to the field
    declaration.refresh_from_db()
    assert not declaration.signed_pdf
    assert list(media.rglob("*")) == []  # nothing was stored


def test_the_refusal_is_in_japanese_on_the_japanese_page(
    signed_in: Client, company: Company, make_declaration: Callable[..., Declaration], media: Any
) -> None:
    make_declaration(company, Status.DRAFT)
    upload = SimpleUploadedFile("signed.pdf", HTML_AS_PDF, "application/pdf")
    response = signed_in.post(_mypage(company, 1, "upload/"), {"signed_pdf": upload})
    assert response.status_code == 200
    assert "PDFではありません" in response.content.decode()


def test_an_uploaded_pdf_is_stored_under_a_name_of_ours_and_served_as_a_safe_download(
    signed_in: Client,
    company: Company,
    make_declaration: Callable[..., Declaration],
    media: Any,
    reviewer: User,
) -> None:
    declaration = make_declaration(company, Status.DRAFT)
    upload = SimpleUploadedFile("../../evil name.html", pdf_bytes(), "text/html")
    response = signed_in.post(_mypage(company, 1, "upload/"), {"signed_pdf": upload})
    assert response.status_code == 302
    declaration.refresh_from_db()
    stored = declaration.signed_pdf.path
    assert stored.startswith(str(media))
    assert stored.endswith(".pdf")
    assert "evil" not in stored

    _assert_safe_pdf(signed_in.get(_mypage(company, 1, "signed.pdf")), "attachment")

    staff = Client()
    sign_in_staff(staff, reviewer)
    _assert_safe_pdf(staff.get(f"/staff/declarations/{declaration.pk}/signed.pdf"), "attachment")


def test_generated_pdfs_are_served_with_the_same_headers(
    signed_in: Client, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.PUBLISHED)
    make_declaration(company, Status.DRAFT)
    number = company.corporate_number
    for response in (
        signed_in.get(_mypage(company, 2, "declaration.pdf") + "?lang=en"),
        Client().get(f"/declarations/{number}/declaration.pdf"),
        Client().get(f"/en/declarations/{number}/certificate.pdf"),
    ):
        # Shown in the browser's PDF viewer (inline), which the sandbox policy does not stop.
        _assert_safe_pdf(response, "inline")


def test_a_not_modified_answer_for_a_pdf_keeps_the_headers(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.PUBLISHED)
    url = f"/declarations/{company.corporate_number}/declaration.pdf"
    first = Client().get(url)
    again = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == PDF_CONTENT_SECURITY_POLICY
