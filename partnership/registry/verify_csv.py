"""The CSV files of the verification page: the numbers a verifier uploads, and the answer.

What people upload is whatever their spreadsheet saved: UTF-8 with or without a byte-order
mark ("CSV UTF-8" in Excel), Shift_JIS/CP932 ("CSV (comma delimited)" on a Japanese Windows),
sometimes UTF-16 ("Unicode text", tab-separated). One column of numbers or a whole table, with
or without a header row, blank lines, full-width digits and hyphens. :func:`read_numbers`
takes the corporate-number column out of all of these, or raises :class:`UploadProblem` with a
message that says what to do; the numbers themselves are checked by ``verify_many``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from partnership.core.dates import JST
from partnership.registry.verification import Verification

MAX_ROWS = 50_000
MAX_BYTES = 5 * 1024 * 1024

# Files that are not text at all, recognised by their first bytes, and what to tell the user.
_ZIP = b"PK\x03\x04"  # .xlsx, .docx, .zip
_OLE = b"\xd0\xcf\x11\xe0"  # .xls, .doc
_PDF = b"%PDF"
# Control characters never found in a text file (tab, line feed, carriage return, form feed
# and the DOS end-of-file mark Ctrl-Z are).
_BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f]")
_HEADER_NOISE_RE = re.compile(r"[\s_\-・:：()（）\[\]［］「」]")


class UploadProblem(ValidationError):
    """A file that cannot be read as a list of numbers; the message says why, for the user."""


def decode(data: bytes) -> str:
    """The text of the file: UTF-16 when it has a UTF-16 byte-order mark, else UTF-8 (with or
    without a byte-order mark), else Shift_JIS (Microsoft's CP932), all strictly."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        for encoding in ("utf-8-sig", "cp932"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    raise UploadProblem(
        _(
            "The file could not be read as UTF-8 or Shift_JIS text. Save it from your "
            "spreadsheet as CSV (“CSV UTF-8” or “CSV (comma delimited)”) and try again."
        ),
        code="encoding",
    )


def _refuse_binary(data: bytes) -> None:
    if data.startswith((_ZIP, _OLE)):
        raise UploadProblem(
            _(
                "This looks like an Excel workbook, not a CSV file. In Excel, choose "
                "“Save As” and the file type “CSV UTF-8” or “CSV (comma delimited)”, then "
                "upload the saved file."
            ),
            code="workbook",
        )
    if data.startswith(_PDF):
        raise UploadProblem(
            _("This is a PDF file, not a CSV file. Upload a CSV file of corporate numbers."),
            code="binary",
        )


def _not_text() -> UploadProblem:
    return UploadProblem(
        _(
            "This file is not a CSV file: it contains binary data. Upload a text file with "
            "one corporate number per line, or a CSV file saved from a spreadsheet."
        ),
        code="binary",
    )


def is_number_header(cell: str) -> bool:
    """True for a header such as 法人番号, 法人番号（13桁）, Corporate number, corporate_number."""
    text = _HEADER_NOISE_RE.sub("", unicodedata.normalize("NFKC", cell).casefold())
    return "法人番号" in text or "corporatenumber" in text


def _has_digit(cell: str) -> bool:
    return any(ch.isdigit() for ch in cell)


def _delimiter(text: str) -> str:
    """Tab for a tab-separated file (a sheet pasted or saved as text), else comma."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return "\t" if "\t" in first and "," not in first else ","


def read_numbers(data: bytes, *, max_rows: int = MAX_ROWS) -> list[str]:
    """The corporate numbers in an uploaded file, as given, in file order.

    Blank lines are skipped; every other row gives one number (duplicates included, an empty
    number cell too, so that the answer has one row per row of the file). The first non-blank
    row is a header when one of its cells names the corporate number (法人番号, corporate
    number, corporate_number: that column is read) or when its first cell has no digit at all;
    otherwise the first column is read and the first row is data.
    """
    if not data.strip(b" \t\r\n\x1a" + codecs.BOM_UTF8):
        raise UploadProblem(_("The file is empty."), code="empty")
    _refuse_binary(data)
    text = decode(data)
    if _BINARY_RE.search(text):
        raise _not_text()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    numbers: list[str] = []
    column: int | None = None
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if column is None:
                named = [i for i, cell in enumerate(row) if is_number_header(cell)]
                column = named[0] if named else 0
                if named or not _has_digit(row[0]):
                    continue  # the header row
            numbers.append(row[column] if column < len(row) else "")
            if len(numbers) > max_rows:
                raise UploadProblem(
                    _(
                        "The file has more than %(limit)s rows. Split it into files of at "
                        "most %(limit)s numbers each."
                    )
                    % {"limit": f"{max_rows:,}"},
                    code="too_many",
                )
    except csv.Error:
        raise UploadProblem(
            _(
                "The file could not be read as CSV (near line %(line)s). Save it from your "
                "spreadsheet as CSV and try again."
            )
            % {"line": f"{reader.line_num:,}"},
            code="csv",
        ) from None
    if not numbers:
        raise UploadProblem(_("The file contains no corporate numbers."), code="no_rows")
    return numbers


def result_header(day_text: str) -> list[str]:
    """The column names of the answer file, in the active language."""
    return [
        _("Number as given"),
        _("Corporate number"),
        _("Valid number"),
        _("Declared on %(date)s") % {"date": day_text},
        _("Company name"),
        _("Published since (Japan time)"),
        _("Template"),
        _("Public page"),
        _("Problem"),
    ]


def result_row(result: Verification) -> Sequence[object]:
    """One row of the answer file (cells are made formula-safe when written)."""
    since = result.since.astimezone(JST).strftime("%Y-%m-%d %H:%M") if result.since else ""
    return [
        result.given,
        result.number,
        result.valid,
        result.declared if result.valid else None,
        result.company_name,
        since,
        result.template,
        result.url,
        result.problem,
    ]


def result_columns() -> list[tuple[str, str]]:
    """(column name, what it holds) for the page that explains the answer file."""
    meanings = [
        _("The cell of your file, unchanged."),
        _("The number without hyphens or spaces, full-width digits made half-width."),
        _("true when the number is a corporate number (13 digits, correct check digit)."),
        _(
            "true when a declaration was published on that date, false when not; empty when "
            "the number is not valid."
        ),
        _("The company's name, when the registry has published a declaration of it."),
        _("When the version in force on that date was published."),
        _("The template of that version."),
        _("The address of the company's page in the registry."),
        _("Why the number could not be checked."),
    ]
    return list(zip(result_header("YYYY-MM-DD"), meanings, strict=True))
