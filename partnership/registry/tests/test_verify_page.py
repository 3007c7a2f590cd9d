"""The verification page /verify/: one number on a date (GET) and a CSV file of numbers
(POST, answered with a CSV file)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from partnership.companies.corporate_number import format_corporate_number
from partnership.companies.models import Company
from partnership.conftest import new_corporate_number, template_data
from partnership.core.dates import JST, jst_today
from partnership.declarations.models import Declaration, Status
from partnership.declarations.services import template_version_import
from partnership.registry import verify_views
from partnership.registry.verify_csv import MAX_BYTES, MAX_ROWS, result_header

pytestmark = pytest.mark.django_db

MakeDeclaration = Callable[..., Declaration]
BOM = codecs.BOM_UTF8

ENGLISH_HEADER = [
    "Number as given",
    "Corporate number",
    "Valid number",
    "Declared on 2026-03-01",
    "Company name",
    "Published since (Japan time)",
    "Template",
    "Public page",
    "Problem",
]


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


# Published at 23:59 JST on 1 March (14:59 UTC); withdrawn at 00:01 JST on 10 April (15:01 UTC
# on 9 April): the UTC dates differ from the Japanese ones at both ends.
PUBLISHED = jst(2026, 3, 1, 23, 59)
ENDED = jst(2026, 4, 10, 0, 1)


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # Upload rate-limit counters live in the cache.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def declared(company: Company, make_declaration: MakeDeclaration) -> Company:
    """山田精工: published from 1 March 23:59 JST, still published."""
    make_declaration(company, Status.PUBLISHED, published_at=PUBLISHED)
    return company


@pytest.fixture
def withdrawn(make_company: Callable[..., Company], make_declaration: MakeDeclaration) -> Company:
    """Published 1 March 23:59 JST, withdrawn 10 April 00:01 JST."""
    company = make_company(name="株式会社取下商事")
    make_declaration(company, Status.WITHDRAWN, published_at=PUBLISHED, ended_at=ENDED)
    return company


def check(client: Client, number: str, date: str = "", prefix: str = "") -> HttpResponse:
    params = {"number": number, **({"date": date} if date else {})}
    response: HttpResponse = client.get(f"{prefix}/verify/", params)
    assert response.status_code == 200
    return response


def upload(
    client: Client,
    content: bytes,
    *,
    date: str = "2026-03-01",
    prefix: str = "",
    name: str = "numbers.csv",
) -> Any:
    return client.post(
        f"{prefix}/verify/",
        {"date": date, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def answer(response: Any) -> list[list[str]]:
    """The rows of a CSV answer (header first), after checking it is a UTF-8 download with
    a byte-order mark."""
    assert response.status_code == 200, response.content[:2000]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :].decode("utf-8"), newline="")))


# --- the page --------------------------------------------------------------------------------


def test_the_page_has_both_forms_and_is_in_the_navigation(client: Client) -> None:
    response = client.get("/verify/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/verify/">' in html  # site navigation
    assert 'method="get"' in html and 'name="number"' in html
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'href="/api/v1/docs"' in html
    # Today in Japan is the default date of both forms.
    assert html.count(f'value="{jst_today().isoformat()}"') == 2
    # Hints are tied to their fields.
    assert 'aria-describedby="one-number_helptext"' in html
    assert 'aria-describedby="csv-file_helptext"' in html
    assert response.context["result"] is None


def test_the_english_page(client: Client) -> None:
    response = client.get("/en/verify/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert "Verify a declaration" in html
    assert "Check many numbers with a CSV file" in html
    assert '<a href="/en/verify/">Verify</a>' in html


# --- one number ------------------------------------------------------------------------------


@pytest.mark.usefixtures("declared")
def test_a_declared_company(client: Client, company: Company) -> None:
    typed = format_corporate_number(company.corporate_number)  # with hyphens
    response = check(client, typed, "2026-03-01")
    result = response.context["result"]
    assert result.declared and result.number == company.corporate_number
    html = response.content.decode()
    assert "株式会社山田精工" in html
    assert "2026年3月1日 23:59" in html  # the publication, in Japan time
    assert "still published" in html or "現在も公表中" in html
    assert "2026-01" in html  # the template
    assert f'href="/declarations/{company.corporate_number}/"' in html
    assert f'href="/declarations/{company.corporate_number}/certificate/"' in html
    assert f'href="/declarations/{company.corporate_number}/versions/1/"' in html
    assert 'class="badge outdated"' not in html


def test_the_english_answer(client: Client, declared: Company) -> None:
    response = check(client, declared.corporate_number, "2026-03-01", prefix="/en")
    html = response.content.decode()
    assert "A declaration was published on 1 March 2026." in html
    assert "1 March 2026, 23:59" in html
    assert "still published" in html
    assert f'href="/en/declarations/{declared.corporate_number}/certificate/"' in html


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-02-28", False),  # the day before publication
        ("2026-03-01", True),  # published at 23:59 JST that day
        ("2026-04-10", True),  # withdrawn at 00:01 JST that day
        ("2026-04-11", False),  # the day after
    ],
)
def test_the_boundaries_of_a_publication_are_japanese_days(
    client: Client, withdrawn: Company, day: str, expected: bool
) -> None:
    result = check(client, withdrawn.corporate_number, day).context["result"]
    assert result.declared is expected
    if expected:
        assert (result.published_at, result.ended_at) == (PUBLISHED, ENDED)


def test_the_interval_of_an_ended_version_is_shown(client: Client, withdrawn: Company) -> None:
    html = check(client, withdrawn.corporate_number, "2026-04-10").content.decode()
    assert "2026年3月1日 23:59" in html and "2026年4月10日 00:01" in html


def test_a_known_company_not_declared_on_that_day(client: Client, withdrawn: Company) -> None:
    response = check(client, withdrawn.corporate_number, "2026-05-01")
    assert not response.context["result"].declared
    html = response.content.decode()
    assert "株式会社取下商事" in html
    assert f'href="/declarations/{withdrawn.corporate_number}/certificate/"' in html
    assert "/versions/" not in html


def test_a_valid_number_the_registry_does_not_know(client: Client) -> None:
    number = new_corporate_number()
    response = check(client, number, "2026-03-01")
    result = response.context["result"]
    assert result.valid and not result.declared and not result.url
    html = response.content.decode()
    assert number in html
    assert "/certificate/" not in html
    assert 'href="https://www.houjin-bangou.nta.go.jp/"' in html  # to check the number


def test_a_company_never_published_is_not_declared(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.SUBMITTED)
    result = check(client, company.corporate_number, "2026-03-01").context["result"]
    assert not result.declared and not result.url and not result.company_name


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("12345", "法人番号は13桁です。入力された番号は5桁です。"),
        ("1234567890123", "check digit"),
        ("12345678901ab", "digits"),
    ],
)
def test_an_invalid_number_is_a_field_error(client: Client, typed: str, problem: str) -> None:
    response = check(client, typed, "2026-03-01", prefix="/en" if problem.isascii() else "")
    html = response.content.decode()
    assert response.context["result"] is None
    assert problem in html
    assert 'aria-invalid="true"' in html
    assert 'href="#one-number"' in html  # the error summary links to the field
    assert 'value="2026-03-01"' in html  # the date is kept


def test_an_empty_number(client: Client) -> None:
    html = check(client, "", "2026-03-01", prefix="/en").content.decode()
    assert "Enter a corporate number." in html


def test_full_width_digits_and_japanese_dates(client: Client, declared: Company) -> None:
    full_width = declared.corporate_number.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    for typed_date in ("2026年3月1日", "２０２６/３/１", "2026/3/1"):
        response = check(client, full_width, typed_date)
        assert response.context["result"].declared, typed_date
        assert response.context["day"] == dt.date(2026, 3, 1)
        # The date box shows the date as <input type=date> needs it.
        assert 'value="2026-03-01"' in response.content.decode()


def test_the_date_defaults_to_today_in_japan(
    client: Client, company: Company, make_declaration: MakeDeclaration
) -> None:
    make_declaration(company, Status.PUBLISHED)  # published 30 days ago
    response = check(client, company.corporate_number)
    assert response.context["day"] == jst_today()
    assert response.context["result"].declared


@pytest.mark.parametrize("typed_date", ["2026-02-30", "tomorrow", "1999-12-31", "9999-12-31"])
def test_an_impossible_date_is_a_field_error(client: Client, typed_date: str) -> None:
    response = check(client, new_corporate_number(), typed_date, prefix="/en")
    assert response.context["result"] is None
    html = response.content.decode()
    assert 'href="#one-date"' in html


def test_a_future_date_is_refused(client: Client) -> None:
    tomorrow = (jst_today() + dt.timedelta(days=1)).isoformat()
    html = check(client, new_corporate_number(), tomorrow, prefix="/en").content.decode()
    assert "Enter a date from 2000-01-01 to today" in html


def test_an_outdated_template_is_marked(client: Client, declared: Company) -> None:
    template_version_import(data=template_data(code="2026-10"), make_current=True)
    response = check(client, declared.corporate_number, "2026-03-01")
    assert response.context["result"].template_outdated
    assert 'class="badge outdated"' in response.content.decode()


# --- a CSV file ------------------------------------------------------------------------------


def test_a_utf8_file_without_header(client: Client, declared: Company, withdrawn: Company) -> None:
    unknown = new_corporate_number()
    full_width = declared.corporate_number.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    content = "\n".join(
        [
            format_corporate_number(declared.corporate_number),
            "",
            full_width,
            "   ",
            withdrawn.corporate_number,
            unknown,
            "1234567890123",
            declared.corporate_number,  # a duplicate is answered again
            "",
        ]
    ).encode()
    rows = answer(upload(client, content, prefix="/en"))
    assert rows[0] == ENGLISH_HEADER
    data = rows[1:]
    assert [row[0] for row in data] == [
        format_corporate_number(declared.corporate_number),
        full_width,
        withdrawn.corporate_number,
        unknown,
        "1234567890123",
        declared.corporate_number,
    ]
    n = declared.corporate_number
    assert data[0][:7] == [
        format_corporate_number(n),
        n,
        "true",
        "true",
        "株式会社山田精工",
        "2026-03-01 23:59",
        "2026-01",
    ]
    assert data[0][7].endswith(f"/declarations/{n}/")  # absolute, on SITE_URL
    assert data[0][8] == ""
    assert data[1][1:4] == [n, "true", "true"]
    assert data[2][1:6] == [
        withdrawn.corporate_number,
        "true",
        "true",
        "株式会社取下商事",
        "2026-03-01 23:59",
    ]
    assert data[3][1:8] == [unknown, "true", "false", "", "", "", ""]
    assert data[4][2:4] == ["false", ""]
    assert "check digit" in data[4][8]
    assert data[5][1:] == data[0][1:]


def test_the_answer_file_is_named_after_the_date(client: Client, declared: Company) -> None:
    response = upload(client, declared.corporate_number.encode(), date="2026年3月1日")
    answer(response)
    assert 'filename="verification-2026-03-01.csv"' in response["Content-Disposition"]


def test_a_utf8_file_with_bom_and_a_named_column(client: Client, declared: Company) -> None:
    content = (
        BOM
        + (
            f"name,Corporate Number,memo\r\nYamada,{declared.corporate_number},x\r\nOther,,y\r\n"
        ).encode()
    )
    rows = answer(upload(client, content, prefix="/en"))
    assert [row[:4] for row in rows[1:]] == [
        [declared.corporate_number, declared.corporate_number, "true", "true"],
        ["", "", "false", ""],  # a row without a number is answered, not dropped
    ]
    assert rows[2][8] == "Enter a corporate number."


def test_a_shift_jis_file_with_a_japanese_header(client: Client, declared: Company) -> None:
    full_width = declared.corporate_number.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )
    text = f"会社名,法人番号（13桁）\r\n株式会社山田精工,{full_width}\r\n株式会社不明,１２３\r\n"
    rows = answer(upload(client, text.encode("cp932")))
    assert rows[0][1] == "法人番号" and rows[0][4] == "会社名" and rows[0][6] == "様式"
    with translation.override("ja"):
        assert rows[0] == result_header("2026-03-01")
    assert rows[1][:4] == [full_width, declared.corporate_number, "true", "true"]
    assert rows[2][:4] == ["１２３", "123", "false", ""]
    assert rows[2][8] == "法人番号は13桁です。入力された番号は3桁です。"


def test_a_header_without_digits_is_skipped_and_a_number_is_not(
    client: Client, declared: Company
) -> None:
    number = declared.corporate_number
    with_header = answer(upload(client, f"番号\n{number}\n".encode()))
    assert [row[0] for row in with_header[1:]] == [number]
    without = answer(upload(client, f"{number}\n{number}\n".encode()))
    assert [row[0] for row in without[1:]] == [number, number]


def test_a_tab_separated_utf16_file(client: Client, declared: Company) -> None:
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tab separated.
    text = f"会社名\t法人番号\r\n山田精工\t{declared.corporate_number}\r\n"
    rows = answer(upload(client, codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert rows[1][1:4] == [declared.corporate_number, "true", "true"]


def test_formulas_are_neutralised(client: Client) -> None:
    content = b"=cmd|' /C calc'!A0\n@SUM(1+1)\n"
    rows = answer(upload(client, content, prefix="/en"))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][1].startswith("'=")
    assert rows[2][0] == "'@SUM(1+1)"


def test_the_english_file_has_english_headers_and_problems(client: Client) -> None:
    rows = answer(upload(client, b"12345\n", prefix="/en"))
    assert rows[0] == ENGLISH_HEADER
    assert rows[1][8] == "A corporate number has 13 digits; this one has 5."


def test_the_row_limit(client: Client, declared: Company) -> None:
    line = (declared.corporate_number + "\r\n").encode()
    rows = answer(upload(client, b"corporate_number\r\n" + line * MAX_ROWS))
    assert len(rows) == MAX_ROWS + 1
    assert rows[-1][3] == "true"
    response = upload(client, line * (MAX_ROWS + 1), prefix="/en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "more than 50,000 rows" in response.content.decode()


def test_the_size_limit(client: Client) -> None:
    content = b"8700110005901\r\n" * (MAX_BYTES // 15 + 1)
    assert len(content) > MAX_BYTES
    response = upload(client, content, prefix="/en", date="2026-03-02")
    html = response.content.decode()
    assert "The file is larger than 5 MB." in html
    assert 'value="2026-03-02"' in html  # the date survives the stopped upload


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n\r\n  \r\n", "The file is empty."),
        (b"corporate number\r\n", "The file contains no corporate numbers."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "it contains binary data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "This looks like an Excel workbook"),
        (b"%PDF-1.7\n", "This is a PDF file"),
        (b"\x81\x20\xff\xfd", "could not be read as UTF-8 or Shift_JIS"),
        (b'"unterminated\n' + b"x" * 200_000, "could not be read as CSV"),
    ],
)
def test_files_that_cannot_be_read(client: Client, content: bytes, message: str) -> None:
    response = upload(client, content, prefix="/en", date="2026-03-02")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert message in html
    assert 'href="#csv-file"' in html  # the error summary links to the field
    assert 'value="2026-03-02"' in html


def test_no_file(client: Client) -> None:
    response = client.post("/en/verify/", {"date": "2026-03-01"})
    assert "Choose a CSV file of corporate numbers." in response.content.decode()


def test_a_bad_date_on_an_upload(client: Client) -> None:
    response = upload(client, b"8700110005901\n", prefix="/en", date="2026-13-01")
    html = response.content.decode()
    assert response["Content-Type"].startswith("text/html")
    assert 'href="#csv-date"' in html


def test_the_upload_needs_the_csrf_token(declared: Company) -> None:
    browser = Client(enforce_csrf_checks=True)
    file = SimpleUploadedFile("n.csv", declared.corporate_number.encode(), "text/csv")
    refused = browser.post("/verify/", {"date": "2026-03-01", "file": file})
    assert refused.status_code == 403
    browser.get("/verify/")
    token = browser.cookies["csrftoken"].value
    file = SimpleUploadedFile("n.csv", declared.corporate_number.encode(), "text/csv")
    accepted = browser.post(
        "/verify/", {"date": "2026-03-01", "file": file, "csrfmiddlewaretoken": token}
    )
    assert answer(accepted)[1][3] == "true"


def test_uploads_are_rate_limited(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verify_views, "UPLOAD_RATE", "2/m")
    for _ in range(2):
        answer(upload(client, b"8700110005901\n"))
    response = upload(client, b"8700110005901\n", prefix="/en", date="2026-03-02")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please wait ten minutes" in html
    assert 'value="2026-03-02"' in html
