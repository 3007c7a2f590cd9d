from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from partnership.companies.models import Company
from partnership.declarations.models import Declaration, Status
from partnership.registry.certificate_pdf import render_certificate_pdf
from partnership.registry.declaration_selectors import publication_certificate

pytestmark = pytest.mark.django_db

UTC = dt.UTC
MakeDeclaration = Callable[..., Declaration]
# 4 January 2026 15:30 UTC is 5 January 00:30 in Japan: the date differs.
START = dt.datetime(2026, 1, 4, 15, 30, tzinfo=UTC)
SWITCH = dt.datetime(2026, 3, 1, 1, 0, tzinfo=UTC)  # 1 March 10:00 JST
WITHDRAWN = dt.datetime(2026, 4, 30, 16, 0, tzinfo=UTC)  # 1 May 01:00 JST
AGAIN = dt.datetime(2026, 6, 1, 0, 0, tzinfo=UTC)  # 1 June 09:00 JST


def certificate_url(company: Company, prefix: str = "") -> str:
    return f"{prefix}/declarations/{company.corporate_number}/certificate/"


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def superseded_at_the_same_instant(company: Company, make_declaration: MakeDeclaration) -> None:
    make_declaration(company, Status.SUPERSEDED, published_at=START, ended_at=SWITCH)
    make_declaration(company, Status.PUBLISHED, published_at=SWITCH)


@pytest.fixture
def withdrawn_then_published_again(company: Company, make_declaration: MakeDeclaration) -> None:
    make_declaration(company, Status.WITHDRAWN, published_at=START, ended_at=WITHDRAWN)
    make_declaration(company, Status.PUBLISHED, published_at=AGAIN)


@pytest.mark.usefixtures("superseded_at_the_same_instant")
def test_a_version_superseded_at_the_same_instant_is_one_interval(
    client: Client, company: Company
) -> None:
    response = client.get(certificate_url(company))
    assert response.status_code == 200
    assert response.context["certificate"].intervals == ((START, None),)
    html = response.content.decode()
    assert "株式会社山田精工" in html and company.corporate_number in html
    assert "2026年1月5日 00:30" in html  # in Japan time
    assert "2026年3月1日" not in html  # the switch is not a break
    assert html.count("<tr>") == 2  # the header and one interval
    assert response.context["certificate"].published_now


@pytest.mark.usefixtures("withdrawn_then_published_again")
def test_a_withdrawal_then_a_new_publication_are_two_intervals(
    client: Client, company: Company
) -> None:
    response = client.get(certificate_url(company, "/en"))
    assert response.context["certificate"].intervals == ((START, WITHDRAWN), (AGAIN, None))
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Certificate of publication" in html
    assert "5 January 2026, 00:30" in html
    assert "1 May 2026, 01:00" in html
    assert "1 June 2026, 09:00" in html
    assert "to present" in html
    assert "Japan Standard Time (JST)" in html
    assert "Yamada Seiko Co., Ltd." in html


def test_certificate_page_states_issue_time_and_how_to_check(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.WITHDRAWN, published_at=START, ended_at=WITHDRAWN)
    response = client.get(certificate_url(company, "/en"))
    html = response.content.decode()
    assert "Issued at" in html and "(Japan time)" in html
    assert f"/en/declarations/{company.corporate_number}/certificate/" in html
    assert "/en/verify/" in html
    assert "At the time of issue, the declaration is not published." in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    japanese = client.get(certificate_url(company)).content.decode()
    assert f"/declarations/{company.corporate_number}/certificate/" in japanese
    assert "/verify/" in japanese


@pytest.mark.usefixtures("withdrawn_then_published_again")
def test_certificate_pdf_states_company_number_and_intervals(
    client: Client, company: Company
) -> None:
    response = client.get(f"/declarations/{company.corporate_number}/certificate.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.content)
    assert "株式会社山田精工" in text
    assert company.corporate_number in text
    for when in ("2026年1月5日 00:30", "2026年5月1日 01:00", "2026年6月1日 09:00"):
        assert when in text
    english = pdf_text(
        client.get(f"/declarations/{company.corporate_number}/certificate.pdf?lang=en").content
    )
    assert "Certificate of publication" in english
    assert "1 May 2026, 01:00" in english and "to present" in english
    assert "Yamada Seiko Co., Ltd." in english


@pytest.mark.usefixtures("superseded_at_the_same_instant")
def test_certificate_pdf_bytes_depend_only_on_data_and_issue_time(company: Company) -> None:
    issued = dt.datetime(2026, 7, 1, 3, 0, tzinfo=UTC)
    arguments: dict[str, Any] = {
        "language": "ja",
        "check_url": "https://registry.example.jp/declarations/x/certificate/",
        "verify_url": "https://registry.example.jp/verify/",
    }
    certificate = publication_certificate(company, issued)
    assert certificate is not None
    first = render_certificate_pdf(certificate, **arguments)
    same = publication_certificate(company, issued)
    assert same is not None
    assert render_certificate_pdf(same, **arguments) == first
    assert "2026年7月1日 12:00" in pdf_text(first)
    later = publication_certificate(company, issued + dt.timedelta(minutes=1))
    assert later is not None
    assert render_certificate_pdf(later, **arguments) != first


def test_number_typed_with_hyphens_redirects_to_the_certificate(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.PUBLISHED)
    number = company.corporate_number
    hyphenated = f"{number[0]}-{number[1:5]}-{number[5:9]}-{number[9:]}"
    response = client.get(f"/declarations/{hyphenated}/certificate.pdf?lang=en")
    assert response.status_code == 301
    assert response["Location"] == f"/declarations/{number}/certificate.pdf?lang=en"


@pytest.mark.usefixtures("withdrawn_then_published_again")
def test_certificate_uses_a_fixed_number_of_queries(
    client: Client, company: Company, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        assert client.get(certificate_url(company)).status_code == 200
    with django_assert_max_num_queries(2):
        url = f"/declarations/{company.corporate_number}/certificate.pdf"
        assert client.get(url).status_code == 200
