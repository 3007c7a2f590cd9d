"""The hostile input corpus: one module-level table, one id per case, so a failure names it.

Each case is a value people (or scripts) send that the site must survive: it either accepts it
(storing it cleaned) or answers with a clear error. ``tags`` say what kind of value it is, which
the checks use to decide when an error is *required* (an overlong string in a field with a
maximum length, an impossible date in a date field, a negative number in a count, …).

Values are ``str`` (sent UTF-8 encoded) or ``bytes`` (sent as they are: invalid UTF-8 in a
form body or a query string). The table is deliberately one representative value per class,
not a combinatorial list: the suite sends each case to every field.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

# Longer than every maximum length on the site (the longest text field, a template body, allows
# 10,000 characters), short enough to send a few hundred times in a test run.
OVERLONG = 10_001


@dataclass(frozen=True)
class Case:
    id: str
    value: str | bytes
    tags: frozenset[str] = frozenset()

    def __str__(self) -> str:
        return self.id


def _case(id: str, value: str | bytes, *tags: str) -> Case:
    return Case(id, value, frozenset(tags))


# Tags:
#   overlong      longer than any field allows
#   control       C0 control characters (never stored)
#   not-number    not a whole number, whatever the folding (a numeric field must refuse it)
#   negative      a negative whole number (every count and amount here is >= 0)
#   huge          a whole number beyond every limit here
#   bad-date      not a real calendar date (a date field must refuse it)
#   bytes         raw bytes that are not UTF-8
#   text          anything a free-text field may legitimately hold (stored cleaned)
CORPUS: tuple[Case, ...] = (
    _case("empty", ""),
    _case("blank", " \t　\u3000 ", "not-number", "text"),
    _case("overlong-ascii", "x" * OVERLONG, "overlong", "not-number"),
    _case("overlong-japanese", "長" * OVERLONG, "overlong", "not-number"),
    _case("nul", "abc\x00def", "control", "not-number"),
    _case("controls", "a\x01\x02\x07\x08\x1b[31mred\x1b[0m\x7fz", "control", "not-number"),
    _case("crlf-header", "line\r\nSet-Cookie: injected=1\r\n\r\n<x>", "not-number", "text"),
    _case("bidi-zero-width", "\u202eevil\u202c\u200b\u200d\ufeff\u2028x", "not-number", "text"),
    _case("emoji", "😀👨‍👩‍👧‍👦🏳️‍🌈🇯🇵", "not-number", "text"),
    _case(
        "combining", "e\u0301\u0301\u0301 Z\u0336\u0322\u0347\u0344 が\u3099", "not-number", "text"
    ),
    _case("noncharacters", "\uffff\ufffe\ue000\U0010ffff", "not-number", "text"),
    _case(
        "html-script",
        "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
        "not-number",
        "text",
    ),
    _case("sql", "' OR '1'='1'; DROP TABLE companies_company; --", "not-number", "text"),
    _case("like-wildcards", "%_%\\", "not-number", "text"),
    _case("path-traversal", "../../../../etc/passwd", "not-number", "text"),
    _case("fullwidth", "ＡＢＣ　株式会社　１２３－４５６＠", "not-number", "text"),
    _case("halfwidth-kana", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾃｽﾄ", "not-number", "text"),
    _case("formula", "=cmd|' /C calc'!A0", "not-number", "text"),
    _case("formula-plus", "+1+1", "not-number", "text"),
    _case("formula-at", "@SUM(A1:A9)", "not-number", "text"),
    _case("negative", "-1", "negative", "text"),
    _case("negative-fullwidth", "－１０", "negative", "text"),
    _case("huge", "9" * 40, "huge", "text"),
    _case("float-exponent", "1e309", "not-number", "text"),
    _case("nan", "NaN", "not-number", "text"),
    _case("fullwidth-digits", "１２３４５", "text"),
    _case("date-feb-30", "2026-02-30", "bad-date", "not-number", "text"),
    _case("date-zero", "0000-00-00", "bad-date", "not-number", "text"),
    _case("date-year-99999", "99999-01-01", "bad-date", "not-number", "text"),
    _case("datetime-impossible", "2026-02-30T25:61:61+09:00", "bad-date", "not-number", "text"),
    _case("invalid-utf8", b"\xff\xfe\xc3\x28\xa0\xa1\xe2\x28\xa1", "bytes", "not-number"),
    _case("overlong-utf8-nul", b"a\xc0\x80b", "bytes", "not-number"),
    # Several kinds at once, for free text that should be accepted (and stored cleaned).
    _case(
        "mix-markup",
        "<b>株式会社</b><script>alert(1)</script> ' OR 1=1; -- %_\\ {{ x }}",
        "not-number",
        "text",
    ),
    _case(
        "mix-unicode",
        "😀👨‍👩‍👧 e\u0301\u0301 が\u3099 \u202eevil\u202c\u200b \uffff\ue000 𠮷野家",
        "not-number",
        "text",
    ),
    _case("mix-controls", "行1\r\n行2\x01\x1b[31m\x7f\u2028end", "control", "not-number", "text"),
    _case(
        "mix-spreadsheet", "=cmd|' /C calc'!A0 ＡＢＣ ｶﾌﾞｼｷｶﾞｲｼｬ @SUM(1) +1 -1", "not-number", "text"
    ),
)

CASES_BY_ID = {case.id: case for case in CORPUS}
assert len(CASES_BY_ID) == len(CORPUS), "case ids must be unique"

# Which cases each kind of field gets, one field at a time with the others filled in validly:
# the ones that can go wrong for that kind (a representative few, so the suite stays fast).
# Values a free-text field should accept (markup, emoji, …) are sent to all free-text fields of
# a form at once instead, as the MIXES below, so that they reach the services.
_TEXT = ("overlong-japanese", "nul", "controls", "invalid-utf8")
_CHOICE = ("overlong-ascii", "html-script", "invalid-utf8")
KIND_CASES: dict[str, tuple[str, ...]] = {
    "text": _TEXT,
    "textarea": _TEXT,
    "search": _TEXT,
    "hidden": (
        "overlong-ascii",
        "nul",
        "huge",
        "date-feb-30",
        "datetime-impossible",
        "html-script",
        "invalid-utf8",
    ),
    "number": (
        "negative",
        "negative-fullwidth",
        "huge",
        "float-exponent",
        "fullwidth-digits",
        "nul",
        "invalid-utf8",
    ),
    "date": ("date-feb-30", "date-zero", "date-year-99999", "nul", "invalid-utf8"),
    "email": ("overlong-ascii", "crlf-header", "fullwidth", "invalid-utf8"),
    "password": ("overlong-ascii", "nul", "invalid-utf8"),
    "url": ("overlong-ascii", "html-script", "invalid-utf8"),
    "select": _CHOICE,
    "radio": _CHOICE,
    "checkbox": ("overlong-ascii", "invalid-utf8"),
    "submit": ("overlong-ascii", "invalid-utf8"),
}
# Sent to every free-text field of a form at once, the other fields filled in validly.
MIXES = ("mix-markup", "mix-unicode", "mix-controls", "mix-spreadsheet")


def cases_for_kind(kind: str, *, numeric: bool = False) -> tuple[Case, ...]:
    ids = KIND_CASES["number"] if numeric else KIND_CASES.get(kind, _TEXT)
    return tuple(CASES_BY_ID[i] for i in ids)


# One value per kind of trouble, for places where a value is read without a form: path
# segments and the query parameters views read directly.
SHORT = tuple(
    CASES_BY_ID[i]
    for i in (
        "overlong-ascii",
        "nul",
        "html-script",
        "fullwidth",
        "negative",
        "huge",
        "date-feb-30",
        "invalid-utf8",
    )
)


# --- uploaded files ----------------------------------------------------------------------


def small_pdf(text: str = "signed declaration") -> bytes:
    """A real one-page PDF."""
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class Upload:
    id: str
    name: str
    content: bytes
    # False: the file must be refused (the form shows an error, nothing is stored).
    acceptable: bool = False


def pdf_uploads(max_bytes: int) -> tuple[Upload, ...]:
    """Files sent to a "signed PDF" field. Only ``good-pdf`` is a PDF the site should keep."""
    pdf = small_pdf()
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    return (
        Upload("good-pdf", "signed.pdf", pdf, acceptable=True),
        Upload("empty-file", "empty.pdf", b""),
        Upload("truncated-pdf", "truncated.pdf", pdf[: len(pdf) // 3]),
        Upload("header-only-pdf", "header.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"),
        Upload("png-renamed", "photo.pdf", png),
        Upload("html-renamed", "page.pdf", b"<html><script>alert(1)</script></html>"),
        Upload("zip-renamed", "archive.pdf", b"PK\x03\x04" + b"\x00" * 100),
        Upload("oversized-pdf", "big.pdf", pdf + b"%" * (max_bytes + 1 - len(pdf))),
        Upload("traversal-name", "../../../etc/passwd.pdf", b"not a pdf"),
        Upload("nul-in-name", "evil\x00.pdf", b"not a pdf"),
        Upload("overlong-name", "n" * 1000 + ".pdf", b"not a pdf"),
    )


# Cells that a spreadsheet would run as formulas (OWASP "CSV injection"), full-width ones
# included: the verification answer repeats each cell of the upload.
FORMULA_CELLS = (
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "＝1+1",
    "\t=1+1",
    '=HYPERLINK("http://example.invalid")',
)


def csv_uploads(max_bytes: int, max_rows: int) -> tuple[Upload, ...]:
    """Files sent to the bulk verification form. Acceptable ones are answered with a CSV."""
    formula = "法人番号\r\n" + "\r\n".join(FORMULA_CELLS) + "\r\n5835678256246\r\n"
    return (
        Upload("csv-formulas", "numbers.csv", formula.encode("utf-8"), acceptable=True),
        Upload(
            "csv-formulas-cp932",
            "numbers.csv",
            formula.replace("＝", "=").encode("cp932"),
            acceptable=True,
        ),
        Upload(
            "csv-hostile-cells",
            "numbers.csv",
            "\r\n".join(
                ["5835678256246", "<script>alert(1)</script>", "' OR 1=1 --", "😀", "x" * 5000]
            ).encode("utf-8"),
            acceptable=True,
        ),
        Upload(
            "csv-unclosed-quote", "numbers.csv", b'5835678256246\n"unclosed,\n', acceptable=True
        ),
        Upload("empty-file", "numbers.csv", b""),
        Upload("invalid-utf8-and-cp932", "numbers.csv", b"5835678256246\n\x81\x20\x81\n"),
        Upload("nul-bytes", "numbers.csv", b"5835678256246\x00\n"),
        Upload("utf16-odd-length", "numbers.csv", b"\xff\xfe5\x008\x003"),
        Upload("pdf-renamed", "numbers.csv", small_pdf()),
        Upload("xlsx-renamed", "numbers.csv", b"PK\x03\x04" + b"\x00" * 100),
        Upload("too-many-rows", "numbers.csv", b"5835678256246\n" * (max_rows + 1)),
        Upload("oversized", "numbers.csv", b"5835678256246\n" * (max_bytes // 14 + 2)),
        Upload("nul-in-name", "evil\x00.csv", b"5835678256246\n", acceptable=True),
    )
