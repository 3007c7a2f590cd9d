"""CSV downloads that open correctly in Japanese Excel and cannot smuggle formulas.

Excel reads a CSV file without a byte-order mark in the system code page (Shift_JIS on a
Japanese Windows), so UTF-8 files need the BOM (U+FEFF) first. RFC 4180 asks for CRLF line
ends. A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return,
which Excel strips before looking) is run as a formula when the file is opened: text coming
from users gets a leading apostrophe, which Excel shows as plain text (OWASP "CSV injection").

Usage::

    rows = ((event.created_at, event.actor_label) for event in events.iterator())
    return csv_response("audit-log.csv", ["when", "who"], rows)

Rows are written as the response is streamed, so exports of hundreds of thousands of rows
never sit in memory; pass a lazy iterable (a generator over ``queryset.iterator()``).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.http import StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
LINE_END = "\r\n"
CONTENT_TYPE = "text/csv; charset=utf-8"

# Characters that make a spreadsheet treat a cell as a formula. The full-width forms are
# included because Japanese spreadsheet software folds them to ASCII on input in some setups;
# quoting them costs nothing for real data.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> str:
    """The text to write in a CSV cell for ``value``, safe from formula injection.

    - ``None`` → empty cell;
    - ``bool`` → ``true`` / ``false``;
    - numbers (``int``, ``float``, ``Decimal``) stay numbers, negative ones included
      (``-5`` is written as ``-5`` and Excel reads a number);
    - datetimes → ISO 8601 to the second, ``YYYY-MM-DD HH:MM:SS+09:00`` (aware ones in the
      current time zone, Japan time); dates → ``YYYY-MM-DD``. Pass a formatted string instead
      when a column should be a plain local time;
    - any other text that starts with ``=``, ``+``, ``-``, ``@`` (ASCII or full-width), a tab,
      a carriage return or a line feed gets a leading ``'``.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)  # lazy translations (Promise) included
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Line:
    """A file-like object whose ``write`` returns what was written (for csv.writer)."""

    def write(self, text: str) -> str:
        return text


def csv_lines(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The lines of the file, BOM first: every cell passes through :func:`safe_cell`, every
    line ends with CRLF. Also useful to write a file to disk (open it with ``newline=""``)."""
    writer = csv.writer(_Line(), lineterminator=LINE_END)
    yield BOM + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def _encoded(lines: Iterator[str], batch: int = 500) -> Iterator[bytes]:
    # Send a few hundred rows per chunk: one write per row costs more than the rows themselves.
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= batch:
            yield "".join(buffer).encode("utf-8")
            buffer = []
    if buffer:
        yield "".join(buffer).encode("utf-8")


_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` for old clients and the exact name as an
    RFC 5987 ``filename*`` (UTF-8, percent-encoded), e.g. for Japanese file names."""
    cleaned = _UNSAFE_FILENAME.sub("_", filename).strip() or "download.csv"
    ascii_name = (
        unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode("ascii").strip()
    )
    ascii_name = re.sub(r"[^A-Za-z0-9._()\- ]", "_", ascii_name)
    if not ascii_name.strip("._ ") or ascii_name.startswith("."):
        ascii_name = "download" + ("." + cleaned.rsplit(".", 1)[1] if "." in cleaned else "")
        ascii_name = re.sub(r"[^A-Za-z0-9._\-]", "_", ascii_name)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(cleaned, safe='')}"


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]
) -> StreamingHttpResponse:
    """A streamed CSV download: UTF-8 with BOM, CRLF line ends, formula-safe cells, saved
    as ``filename`` (any characters; non-ASCII names are sent per RFC 5987)."""
    response = StreamingHttpResponse(_encoded(csv_lines(header, rows)), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    # Exports are made for one person at one moment: do not keep them in shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
