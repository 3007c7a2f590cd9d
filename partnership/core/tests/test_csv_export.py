"""CSV downloads: safe cells, BOM and CRLF, streaming, file names (RFC 5987)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

import pytest
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from partnership.core.csv_export import (
    FORMULA_PREFIXES,
    content_disposition,
    csv_lines,
    csv_response,
    safe_cell,
)
from partnership.core.dates import JST


def body(response: StreamingHttpResponse) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def parse(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


# --- safe_cell ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+81 3 1234 5678", "'+81 3 1234 5678"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝1+1", "'＝1+1"),  # full-width equals sign
        ("－5", "'－5"),
        ("株式会社=テスト", "株式会社=テスト"),  # only the first character matters
        ("a-b", "a-b"),
        ("", ""),
        (" =1", " =1"),  # Excel does not evaluate text that starts with a space
    ],
)
def test_text_that_would_run_as_a_formula_is_quoted(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_every_formula_prefix_is_covered() -> None:
    for prefix in FORMULA_PREFIXES:
        assert safe_cell(prefix + "x").startswith("'")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (-5, "-5"),
        (1234567, "1234567"),
        (-1.5, "-1.5"),
        (0.1, "0.1"),
        (Decimal("-10.25"), "-10.25"),
        (float("nan"), ""),
        (float("inf"), ""),
    ],
)
def test_numbers_stay_numbers(value: Any, expected: str) -> None:
    assert safe_cell(value) == expected


def test_other_values() -> None:
    assert safe_cell(None) == ""
    assert safe_cell(True) == "true"
    assert safe_cell(False) == "false"
    assert safe_cell(dt.date(2026, 1, 31)) == "2026-01-31"
    instant = dt.datetime(2026, 1, 31, 15, 30, 5, 123456, tzinfo=dt.UTC)
    with timezone.override(JST):
        assert safe_cell(instant) == "2026-02-01 00:30:05+09:00"
    assert safe_cell(dt.datetime(2026, 1, 31, 9, 0)) == "2026-01-31 09:00:00"
    with translation.override("en"):
        assert safe_cell(gettext_lazy("Reviewer")) == "Reviewer"
    assert safe_cell(["=x"]) == "['=x']"  # any other object: its text, checked like text


# --- the file ----------------------------------------------------------------------------------


def test_lines_start_with_a_bom_and_end_with_crlf() -> None:
    lines = list(csv_lines(["名前", "金額"], [["株式会社テスト", 100], ["=evil", -3]]))
    assert lines[0] == "\ufeff名前,金額\r\n"
    assert lines[1] == "株式会社テスト,100\r\n"
    assert lines[2] == "'=evil,-3\r\n"


def test_the_response_is_utf8_with_bom_crlf_and_safe() -> None:
    rows = [
        ["山田精工", '=HYPERLINK("http://evil.example","x")', 12],
        ["改行を\n含む", 'quote "inside"', -1],
        ["", None, 0.5],
    ]
    response = csv_response("export.csv", ["会社名", "メモ", "数"], rows)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    raw = body(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert raw.endswith(b"\r\n")
    # Every record ends with CRLF; the only bare LF is the one inside the quoted cell.
    assert raw.count(b"\r\n") == 4
    assert raw.replace(b"\r\n", b"").count(b"\n") == 1
    records = parse(raw)
    assert records == [
        ["会社名", "メモ", "数"],
        ["山田精工", '\'=HYPERLINK("http://evil.example","x")', "12"],
        ["改行を\n含む", 'quote "inside"', "-1"],
        ["", "", "0.5"],
    ]
    assert "山田精工".encode() in raw  # UTF-8, not Shift_JIS


def test_rows_are_read_lazily_while_streaming() -> None:
    produced: list[int] = []

    def rows() -> Iterator[list[Any]]:
        for number in range(2000):
            produced.append(number)
            yield [number]

    response = csv_response("big.csv", ["n"], rows())
    assert produced == []  # nothing read before the response is sent
    chunks = iter(response.streaming_content)
    next(chunks)
    assert 0 < len(produced) < 2000
    rest = b"".join(chunks)
    assert len(produced) == 2000
    assert rest.endswith(b"1999\r\n")


def test_an_empty_export_is_just_the_header() -> None:
    assert body(csv_response("e.csv", ["a", "b"], [])) == b"\xef\xbb\xbfa,b\r\n"


# --- file names --------------------------------------------------------------------------------


def test_ascii_file_names() -> None:
    assert content_disposition("audit-log-20260101.csv") == (
        "attachment; filename=\"audit-log-20260101.csv\"; filename*=UTF-8''audit-log-20260101.csv"
    )


def test_japanese_file_names_use_rfc_5987_with_an_ascii_fallback() -> None:
    header = content_disposition("宣言一覧 2026年.csv")
    fallback, encoded = header.split("; filename*=UTF-8''")
    assert fallback.startswith('attachment; filename="')
    assert fallback.encode("ascii")
    assert unquote(encoded) == "宣言一覧 2026年.csv"
    assert " " not in encoded and "%E5%AE%A3" in encoded
    only_japanese = content_disposition("監査ログ.csv")
    assert 'filename="download.csv"' in only_japanese


@pytest.mark.parametrize("name", ['a"b.csv', "a\\b.csv", "a\r\nSet-Cookie: x.csv", "../x.csv", ""])
def test_file_names_cannot_break_the_header(name: str) -> None:
    header = content_disposition(name)
    assert "\r" not in header and "\n" not in header
    fallback = header.split("; filename*=")[0]
    inner = fallback.removeprefix('attachment; filename="').removesuffix('"')
    assert '"' not in inner and "\\" not in inner and "/" not in inner
    assert inner


def test_the_response_carries_the_name() -> None:
    response = csv_response("監査ログ.csv", ["a"], [])
    assert (
        "filename*=UTF-8''%E7%9B%A3%E6%9F%BB%E3%83%AD%E3%82%B0.csv"
        in response["Content-Disposition"]
    )
