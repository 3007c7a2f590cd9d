"""Load the National Tax Agency's corporate-number publication files (国税庁 法人番号公表サイト
「基本3情報ダウンロード」) into :class:`~partnership.companies.models.Corporation`.

The files are CSV (UTF-8, no header), published as full dumps per prefecture or for the whole
country and as daily/monthly difference files, usually zipped together with a detached GPG
signature (``.asc``). Rows have 28 columns up to 2019 and 30 from 2020 on (furigana and the
"excluded from search" flag were appended); the layout is described in
``shared/data/nta/README.md`` and ``docs/corporation-master.md``.

How rows are applied
--------------------
Every row is a complete snapshot of one corporation after the event named by its ``process``
code, so the importer stores the row as it is and uses the code only where the snapshot alone
is not enough:

- ``21`` (registry closed) and ``81`` (trade-name registration erased): closed; when the row
  carries no close date, the change date is used.
- ``71`` (merger): the tax agency writes this code on the *absorbing* corporation, which goes
  on (the absorbed one gets a ``21`` row with close cause ``11`` and the successor's number).
  A ``71`` row that names a successor is the absorbed side and is closed (cause ``11``).
- ``22`` (restored): the close date, cause and successor are cleared.
- ``99`` (deleted): the corporation's last known state is kept and flagged ``deleted``.
- ``01``, ``11``, ``12``, ``13``, ``72``: the snapshot as it is.

The newest state of each corporate number wins: a row replaces the stored state when its
update date is the same or later (so later rows of one file win on equal dates); a historical
row (``latest`` = 0) only when its update date is strictly later. A 28-column row leaves the
stored reading and "excluded from search" flag as they are (the old layout has no such
columns).

Speed and safety
----------------
The file is streamed and handled in batches (``BATCH_SIZE`` rows, one transaction each): one
indexed query finds which numbers exist, the new ones are written with
:func:`partnership.core.bulk.insert_rows` (``COPY`` on PostgreSQL, ``executemany`` on SQLite)
and only the changed existing ones are updated (PostgreSQL: ``COPY`` into a temporary table,
then one ``UPDATE … FROM``; SQLite: ``executemany`` of an ``UPDATE`` by corporate number).
Rows equal to the stored state are not written, so importing the same file twice leaves the
data as it was and reports no change.

A malformed row (wrong column count, invalid corporate number, bad date or code, a value too
long, bytes that are not UTF-8) is counted and reported with its file and line; it never stops
the import. A file that cannot be read at all (missing, not a zip or CSV, not UTF-8, a zip
without a CSV) raises :class:`MasterFileError` from :func:`inspect_file`, before anything is
written.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from partnership.companies.corporate_number import has_valid_check_digit
from partnership.companies.models import Corporation
from partnership.core.bulk import insert_rows

BATCH_SIZE = 20_000
# Kept reasons for rejected rows (the count is always exact).
MAX_REJECTIONS_KEPT = 100
# Bytes read from the start of each file to decide whether it is a UTF-8 text file at all.
SNIFF_BYTES = 64 * 1024

COLUMNS_OLD = 28
COLUMNS_NEW = 30

PROCESS_CODES = frozenset({"01", "11", "12", "13", "21", "22", "71", "72", "81", "99"})
CLOSING_PROCESSES = frozenset({"21", "81"})
MERGER = "71"
RESTORED = "22"
DELETED = "99"
CLOSE_CAUSE_MERGER = "11"
# Processes whose row is stored exactly as it is when nothing is known of the number yet.
_PLAIN_PROCESSES = PROCESS_CODES - CLOSING_PROCESSES - {MERGER, RESTORED, DELETED}

# Positions in a row of the file (0-based; see the module docstring for the layout).
_C_NUMBER = 1
_C_PROCESS = 2
_C_UPDATE_DATE = 4
_C_CHANGE_DATE = 5
_C_NAME = 6
_C_KIND = 8
_C_PREFECTURE_NAME = 9
_C_CITY_NAME = 10
_C_STREET = 11
_C_PREFECTURE_CODE = 13
_C_POST_CODE = 15
_C_ADDRESS_OUTSIDE = 16
_C_CLOSE_DATE = 18
_C_CLOSE_CAUSE = 19
_C_SUCCESSOR = 20
_C_ASSIGNMENT_DATE = 22
_C_LATEST = 23
_C_NAME_EN = 24
_C_FURIGANA = 28
_C_HIHYOJI = 29

# The stored state of a corporation is a tuple of these fields, in this order; it is also the
# order of the columns written and read back, so a parsed row and a stored row compare equal
# exactly when nothing would change.
FIELDS = (
    "corporate_number",
    "name",
    "name_kana",
    "name_en",
    "kind",
    "prefecture_code",
    "prefecture_name",
    "city_name",
    "street",
    "post_code",
    "address_outside",
    "process",
    "update_date",
    "change_date",
    "close_date",
    "close_cause",
    "successor_corporate_number",
    "assignment_date",
    "hidden",
    "deleted",
)
_F = {name: index for index, name in enumerate(FIELDS)}
_NAME_KANA = _F["name_kana"]
_PROCESS = _F["process"]
_UPDATE_DATE = _F["update_date"]
_CHANGE_DATE = _F["change_date"]
_CLOSE_DATE = _F["close_date"]
_CLOSE_CAUSE = _F["close_cause"]
_SUCCESSOR = _F["successor_corporate_number"]
_HIDDEN = _F["hidden"]
_DELETED = _F["deleted"]
_DATE_FIELDS = frozenset(
    name for name in FIELDS if isinstance(Corporation._meta.get_field(name), models.DateField)
)
_BOOLEAN_FIELDS = frozenset(
    name for name in FIELDS if isinstance(Corporation._meta.get_field(name), models.BooleanField)
)
_DATE_INDEXES = tuple(index for index, name in enumerate(FIELDS) if name in _DATE_FIELDS)


def _field(name: str) -> models.Field[Any, Any]:
    field = Corporation._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _column(name: str) -> str:
    column = _field(name).column
    assert column is not None
    return column


_COLUMNS = tuple(_column(name) for name in FIELDS)

State = tuple[Any, ...]


def _max_length(name: str) -> int:
    length = _field(name).max_length
    assert length is not None
    return length


# (file column, model field): text columns checked against the model's max_length, so that a
# row too long for PostgreSQL's varchar is rejected on its own instead of failing its batch.
_TEXT_COLUMNS = (
    (_C_NAME, "name"),
    (_C_NAME_EN, "name_en"),
    (_C_KIND, "kind"),
    (_C_PREFECTURE_CODE, "prefecture_code"),
    (_C_PREFECTURE_NAME, "prefecture_name"),
    (_C_CITY_NAME, "city_name"),
    (_C_STREET, "street"),
    (_C_POST_CODE, "post_code"),
    (_C_ADDRESS_OUTSIDE, "address_outside"),
    (_C_CLOSE_CAUSE, "close_cause"),
)
_LENGTH_LIMITS = tuple((column, name, _max_length(name)) for column, name in _TEXT_COLUMNS)
_LIMIT_NAME = _max_length("name")
_LIMIT_NAME_EN = _max_length("name_en")
_LIMIT_KANA = _max_length("name_kana")
_LIMIT_KIND = _max_length("kind")
_LIMIT_PREFECTURE_CODE = _max_length("prefecture_code")
_LIMIT_PREFECTURE_NAME = _max_length("prefecture_name")
_LIMIT_CITY = _max_length("city_name")
_LIMIT_STREET = _max_length("street")
_LIMIT_POST_CODE = _max_length("post_code")
_LIMIT_ADDRESS_OUTSIDE = _max_length("address_outside")
_LIMIT_CLOSE_CAUSE = _max_length("close_cause")
_DATE_COLUMNS = (
    (_C_UPDATE_DATE, "update date"),
    (_C_CHANGE_DATE, "change date"),
    (_C_CLOSE_DATE, "close date"),
    (_C_ASSIGNMENT_DATE, "assignment date"),
)


class MasterFileError(Exception):
    """A file that cannot be imported at all (missing, unreadable, not a zip or CSV, not
    UTF-8, a zip without a CSV). The message names the file and says what is wrong."""


@dataclass(frozen=True)
class Source:
    """One CSV to read: a plain file, or a member of a zip file."""

    path: Path
    member: str | None = None

    @property
    def label(self) -> str:
        return f"{self.path.name}:{self.member}" if self.member else self.path.name

    def open(self) -> IO[bytes]:
        if self.member is None:
            return self.path.open("rb")
        # The member's stream keeps the archive's file open until the stream is closed, so the
        # archive itself can be closed at once.
        with zipfile.ZipFile(self.path) as archive:
            return archive.open(self.member)


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported, where it is and why."""

    source: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: {self.reason}"


@dataclass
class ImportStats:
    """What an import did. Rows are counted as read; ``inserted``, ``updated`` and
    ``unchanged`` count corporations (a file may hold several rows for one number);
    ``closed`` and ``deleted`` count corporations that are closed or deleted now and were not
    before (new ones included); ``outdated`` counts rows older than the state already known,
    which were skipped."""

    files: int = 0
    sources: int = 0
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    outdated: int = 0
    closed: int = 0
    deleted: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def changed(self) -> int:
        return self.inserted + self.updated

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


ProgressCallback = Callable[[ImportStats, str], None]


# --- Opening files ---------------------------------------------------------------------------


def inspect_file(path: str | Path) -> list[Source]:
    """The CSV sources in ``path`` (a ``.zip`` — every ``.csv`` inside, in name order, other
    members such as ``.asc`` signatures ignored — or a plain ``.csv``), each checked to be
    readable UTF-8 text. Raises :class:`MasterFileError` with a clear message otherwise."""
    path = Path(path)
    if not path.exists():
        raise MasterFileError(f"{path}: file not found.")
    if path.is_dir():
        raise MasterFileError(f"{path}: is a directory, not a file.")
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as error:
        raise MasterFileError(f"{path}: cannot be read ({error.strerror or error}).") from None
    if is_zip:
        try:
            with zipfile.ZipFile(path) as archive:
                members = sorted(
                    info.filename
                    for info in archive.infolist()
                    if not info.is_dir() and info.filename.lower().endswith(".csv")
                )
        except (zipfile.BadZipFile, OSError) as error:
            raise MasterFileError(f"{path}: not a readable zip file ({error}).") from None
        if not members:
            raise MasterFileError(f"{path}: the zip file holds no .csv file.")
        sources = [Source(path, member) for member in members]
    elif path.suffix.lower() == ".csv":
        sources = [Source(path)]
    elif path.suffix.lower() == ".zip":
        raise MasterFileError(f"{path}: not a valid zip file.")
    else:
        raise MasterFileError(
            f"{path}: not a zip or CSV file (expected the tax agency's .zip or the .csv in it)."
        )
    for source in sources:
        _sniff(source)
    return sources


def _sniff(source: Source) -> None:
    """Refuse binary and non-UTF-8 files before any row is read."""
    try:
        with source.open() as stream:
            head = stream.read(SNIFF_BYTES)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise MasterFileError(f"{source.label}: cannot be read ({error}).") from None
    if b"\x00" in head:
        raise MasterFileError(f"{source.label}: a binary file, not a CSV text file.")
    # Not final: the sniffed block may end in the middle of a character. A damaged row or two
    # is rejected later on its own; a file in another encoding (the tax agency also publishes
    # Shift_JIS) fails on a good share of its non-ASCII bytes.
    text = codecs.getincrementaldecoder("utf-8-sig")(errors="replace").decode(head, final=False)
    bad = text.count("\ufffd")
    if bad and bad * 20 > len(head.translate(None, bytes(range(0x80)))):
        raise MasterFileError(
            f"{source.label}: not UTF-8 text. Download the Unicode (UTF-8) edition of the "
            "file; the Shift_JIS edition is not supported."
        )


# --- Parsing rows ----------------------------------------------------------------------------


# Bytes that are not UTF-8 become U+FFFD, and are counted, so that a damaged row can be
# rejected on its own (the stream is decoded ahead of the CSV parser, so the count is up to
# date when the damaged row is parsed; rows are only searched for U+FFFD once it is non-zero).
_decode_errors = [0]


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    _decode_errors[0] += 1
    assert isinstance(error, UnicodeDecodeError)
    return "\ufffd", error.end


codecs.register_error("partnership_master_import", _count_and_replace)


# A valid row: (its state, whether it is the latest record (``latest`` = 1), whether the file
# has the reading columns (30-column layout)). A plain tuple: millions are made.
Row = tuple[State, bool, bool]


_dates: dict[str, dt.date | None] = {"": None}
_UNKNOWN: Any = object()


def _date(text: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (memoised: a file holds few distinct dates); ValueError if bad."""
    try:
        return _dates[text]
    except KeyError:
        pass
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(text)
    value = dt.date.fromisoformat(text)
    if len(_dates) < 100_000:
        _dates[text] = value
    return value


def parse_row(row: Sequence[str]) -> Row | str:
    """Check and convert one CSV row; return a :class:`Row`, or the reason it is rejected.

    Written for speed (it runs millions of times): the common case is one pass of plain
    comparisons, and the reasons are worked out only for a bad row."""
    width = len(row)
    if width != COLUMNS_NEW and width != COLUMNS_OLD:
        return f"{width} columns (expected {COLUMNS_OLD} or {COLUMNS_NEW})"
    number = row[_C_NUMBER]
    if not has_valid_check_digit(number):
        return f"invalid corporate number {number!r}"
    process = row[_C_PROCESS]
    if process not in PROCESS_CODES:
        return f"unknown process code {process!r}"
    latest_flag = row[_C_LATEST]
    if latest_flag != "1" and latest_flag != "0":
        return f"latest must be 0 or 1, not {latest_flag!r}"
    successor = row[_C_SUCCESSOR]
    if successor and not has_valid_check_digit(successor):
        return f"invalid successor corporate number {successor!r}"
    dates = _dates
    update_date = dates.get(row[_C_UPDATE_DATE], _UNKNOWN)
    change_date = dates.get(row[_C_CHANGE_DATE], _UNKNOWN)
    close_date = dates.get(row[_C_CLOSE_DATE], _UNKNOWN)
    assignment_date = dates.get(row[_C_ASSIGNMENT_DATE], _UNKNOWN)
    if (
        update_date is _UNKNOWN
        or change_date is _UNKNOWN
        or close_date is _UNKNOWN
        or assignment_date is _UNKNOWN
    ):
        try:
            update_date = _date(row[_C_UPDATE_DATE])
            change_date = _date(row[_C_CHANGE_DATE])
            close_date = _date(row[_C_CLOSE_DATE])
            assignment_date = _date(row[_C_ASSIGNMENT_DATE])
        except ValueError:
            for column, label in _DATE_COLUMNS:
                try:
                    _date(row[column])
                except ValueError:
                    return f"bad {label} {row[column]!r} (expected YYYY-MM-DD)"
            raise  # pragma: no cover - one of the dates above failed
    if (
        len(row[_C_NAME]) > _LIMIT_NAME
        or len(row[_C_STREET]) > _LIMIT_STREET
        or len(row[_C_CITY_NAME]) > _LIMIT_CITY
        or len(row[_C_PREFECTURE_NAME]) > _LIMIT_PREFECTURE_NAME
        or len(row[_C_KIND]) > _LIMIT_KIND
        or len(row[_C_PREFECTURE_CODE]) > _LIMIT_PREFECTURE_CODE
        or len(row[_C_POST_CODE]) > _LIMIT_POST_CODE
        or len(row[_C_CLOSE_CAUSE]) > _LIMIT_CLOSE_CAUSE
        or len(row[_C_NAME_EN]) > _LIMIT_NAME_EN
        or len(row[_C_ADDRESS_OUTSIDE]) > _LIMIT_ADDRESS_OUTSIDE
    ):
        for column, name, limit in _LENGTH_LIMITS:
            if len(row[column]) > limit:
                return f"{name} longer than {limit} characters"
    if width == COLUMNS_NEW:
        kana = row[_C_FURIGANA]
        if len(kana) > _LIMIT_KANA:
            return f"name_kana longer than {_LIMIT_KANA} characters"
        flag = row[_C_HIHYOJI]
        if flag == "0" or flag == "":
            hidden = False
        elif flag == "1":
            hidden = True
        else:
            return f"hihyoji must be 0 or 1, not {flag!r}"
    else:
        kana, hidden = "", False
    return (
        (
            number,
            row[_C_NAME],
            kana,
            row[_C_NAME_EN],
            row[_C_KIND],
            row[_C_PREFECTURE_CODE],
            row[_C_PREFECTURE_NAME],
            row[_C_CITY_NAME],
            row[_C_STREET],
            row[_C_POST_CODE],
            row[_C_ADDRESS_OUTSIDE],
            process,
            update_date,
            change_date,
            close_date,
            row[_C_CLOSE_CAUSE],
            successor,
            assignment_date,
            hidden,
            False,
        ),
        latest_flag == "1",
        width == COLUMNS_NEW,
    )


# --- Applying rows ---------------------------------------------------------------------------


def is_newer(row: Row, current: State | None) -> bool:
    """Whether ``row`` replaces ``current`` (the state stored or applied earlier): the newest
    update date wins, a later row on the same date too, but a historical row (``latest`` = 0)
    only when it is strictly newer."""
    if current is None:
        return True
    known = current[_UPDATE_DATE]
    if known is None:
        return True
    state, latest, _has_reading = row
    date = state[_UPDATE_DATE]
    if date is None:
        return False
    return date >= known if latest else date > known


def apply_row(row: Row, current: State | None) -> State:
    """The corporation's state after ``row`` (see the module docstring for each process)."""
    state, _latest, has_reading = row
    process = state[_PROCESS]
    if process == DELETED:
        base = list(current if current is not None else state)
        base[_PROCESS] = DELETED
        base[_UPDATE_DATE] = state[_UPDATE_DATE]
        base[_CHANGE_DATE] = state[_CHANGE_DATE]
        base[_DELETED] = True
        return tuple(base)
    keep_reading = not has_reading and current is not None
    closing = (process in CLOSING_PROCESSES and state[_CLOSE_DATE] is None) or (
        process == MERGER and state[_SUCCESSOR] and state[_CLOSE_DATE] is None
    )
    restoring = process == RESTORED and (
        state[_CLOSE_DATE] is not None or state[_CLOSE_CAUSE] or state[_SUCCESSOR]
    )
    if not (keep_reading or closing or restoring):
        return state
    new = list(state)
    if keep_reading:
        assert current is not None
        new[_NAME_KANA] = current[_NAME_KANA]
        new[_HIDDEN] = current[_HIDDEN]
    if closing:
        new[_CLOSE_DATE] = state[_CHANGE_DATE] or state[_UPDATE_DATE]
        if process == MERGER and not state[_CLOSE_CAUSE]:
            new[_CLOSE_CAUSE] = CLOSE_CAUSE_MERGER
    if restoring:
        new[_CLOSE_DATE] = None
        new[_CLOSE_CAUSE] = ""
        new[_SUCCESSOR] = ""
    return tuple(new)


# --- Reading a source in batches -------------------------------------------------------------


@dataclass
class Chunk:
    """A batch of valid rows of one source, with what was read and rejected to get it."""

    rows: list[Row]
    read: int = 0
    rejected: int = 0
    # At most MAX_REJECTIONS_KEPT per source (the count above is exact).
    rejections: list[Rejection] = field(default_factory=list)
    # Why reading stopped early, if it did.
    failure: str | None = None


def read_chunks(source: Source, batch_size: int) -> Iterator[Chunk]:
    """Stream ``source`` and yield its rows in chunks of ``batch_size`` valid rows (the last
    chunk also carries a read failure, if any). Rejected rows are counted with their line."""
    label = source.label
    chunk = Chunk([])
    kept = 0
    read = 0  # counted locally: the loop runs millions of times
    decode_errors = _decode_errors[0]

    def reject(line: int, reason: str) -> None:
        nonlocal kept
        chunk.rejected += 1
        if kept < MAX_REJECTIONS_KEPT:
            kept += 1
            chunk.rejections.append(Rejection(label, line, reason))

    try:
        with source.open() as raw:
            text = io.TextIOWrapper(
                raw, encoding="utf-8-sig", errors="partnership_master_import", newline=""
            )
            reader = csv.reader(text)
            rows = chunk.rows
            line = 0
            while True:
                first = line + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as error:
                    line = reader.line_num
                    read += 1
                    reject(first, f"not a valid CSV row ({error})")
                    continue
                line = reader.line_num
                if not row:  # a blank line
                    continue
                read += 1
                if _decode_errors[0] != decode_errors and "\ufffd" in "".join(row):
                    reject(first, "bytes that are not UTF-8")
                    continue
                parsed = parse_row(row)
                if isinstance(parsed, str):
                    reject(first, parsed)
                    continue
                rows.append(parsed)
                if len(rows) >= batch_size:
                    chunk.read = read
                    yield chunk
                    chunk = Chunk([])
                    rows = chunk.rows
                    read = 0
            chunk.read = read
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        chunk.read = read
        chunk.failure = f"{label}: reading stopped at an error ({error})."
    yield chunk


# --- The importer ----------------------------------------------------------------------------


class MasterImporter:
    """Import files into the corporation master; see the module docstring.

    ``progress`` is called with the running totals and the current source's label after every
    batch and at the end of every source."""

    def __init__(
        self,
        *,
        batch_size: int = BATCH_SIZE,
        progress: ProgressCallback | None = None,
        using: str = DEFAULT_DB_ALIAS,
    ) -> None:
        self.batch_size = batch_size
        self.progress = progress
        self.using = using
        self.stats = ImportStats()

    def import_files(self, paths: Iterable[str | Path]) -> ImportStats:
        """Check every file first (raising :class:`MasterFileError` before anything is
        written), then import them in the order given."""
        plan = [inspect_file(path) for path in paths]
        for sources in plan:
            self.stats.files += 1
            for source in sources:
                self.import_source(source)
        self._finish()
        return self.stats

    def import_source(self, source: Source) -> None:
        """Read one CSV and apply its rows, batch by batch. A read error in the middle (a
        damaged zip, an I/O error) keeps the batches already applied and is recorded in
        ``stats.failures``."""
        stats = self.stats
        stats.sources += 1
        for chunk in read_chunks(source, self.batch_size):
            stats.rows += chunk.read
            stats.rejected += chunk.rejected
            room = MAX_REJECTIONS_KEPT - len(stats.rejections)
            stats.rejections.extend(chunk.rejections[: max(room, 0)])
            if chunk.rows:
                self._apply(chunk.rows)
            if chunk.failure:
                stats.failures.append(chunk.failure)
            if self.progress is not None:
                self.progress(stats, source.label)

    def _finish(self) -> None:
        self.stats.finished = time.monotonic()
        connection = connections[self.using]
        if connection.vendor == "postgresql" and self.stats.changed:
            # Fresh statistics for the planner after a large load.
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(Corporation._meta.db_table)}")

    # Each batch: fold the rows into one new state per number, starting from what is stored,
    # then write only what differs.
    def _apply(self, rows: list[Row]) -> None:
        stats = self.stats
        with transaction.atomic(using=self.using):
            stored = self._stored({row[0][0] for row in rows})
            pending: dict[str, State] = {}
            outdated = 0
            for row in rows:
                state, _latest, has_reading = row
                number = state[0]
                current = pending.get(number) or stored.get(number)
                if current is None and has_reading and state[_PROCESS] in _PLAIN_PROCESSES:
                    pending[number] = state  # the common case of a new corporation
                elif is_newer(row, current):
                    pending[number] = apply_row(row, current)
                else:
                    outdated += 1
            stats.outdated += outdated
            inserts: list[State] = []
            updates: list[State] = []
            for number, state in pending.items():
                old = stored.get(number)
                if old is None:
                    inserts.append(state)
                elif old != state:
                    updates.append(state)
                else:
                    stats.unchanged += 1
                    continue
                if state[_CLOSE_DATE] is not None and (old is None or old[_CLOSE_DATE] is None):
                    stats.closed += 1
                if state[_DELETED] and (old is None or not old[_DELETED]):
                    stats.deleted += 1
            if inserts:
                insert_rows(Corporation, FIELDS, inserts, using=self.using)
                stats.inserted += len(inserts)
            if updates:
                self._update(updates)
                stats.updated += len(updates)

    def _stored(self, numbers: set[str]) -> dict[str, State]:
        """The stored state of those of ``numbers`` that exist (one query on the unique
        index; raw SQL because the ORM's per-value compilation and conversion would cost
        more than the query itself)."""
        connection = connections[self.using]
        quote = connection.ops.quote_name
        table = quote(Corporation._meta.db_table)
        names = ", ".join(quote(column) for column in _COLUMNS)
        key = quote(_COLUMNS[0])
        found: dict[str, State] = {}
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # With thousands of numbers the planner prefers a (parallel) sequential scan of
                # the whole table, which costs about as much for every batch as the batch
                # itself; the unique index is always faster here (and for the UPDATE … FROM of
                # this batch's changes). SET LOCAL: for this batch's transaction only.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(
                    f"SELECT {names} FROM {table} WHERE {key} = ANY(%s)",  # noqa: S608
                    [list(numbers)],
                )
                # psycopg returns dates and booleans as such: each row is a state already.
                for state in cursor.fetchall():
                    found[state[0]] = tuple(state)
                return found
            # SQLite: the dates are read as text (CAST drops the declared type, so Django's
            # per-value converter does not run) and turned into the memoised date objects.
            sqlite_names = ", ".join(
                f"CAST({quote(column)} AS TEXT)" if index in _DATE_INDEXES else quote(column)
                for index, column in enumerate(_COLUMNS)
            )
            cursor.execute(
                f"SELECT {sqlite_names} FROM {table} "  # noqa: S608
                f"WHERE {key} IN (SELECT value FROM json_each(%s))",
                [json.dumps(list(numbers))],
            )
            dates = _dates
            for row in cursor.fetchall():
                values = list(row)
                for index in _DATE_INDEXES:
                    text = values[index]
                    if text is not None:
                        values[index] = dates[text] if text in dates else _date(text)
                found[values[0]] = tuple(values)
        return found

    def _update(self, states: list[State]) -> None:
        connection = connections[self.using]
        quote = connection.ops.quote_name
        table = quote(Corporation._meta.db_table)
        columns = _COLUMNS
        key = quote(columns[0])
        with connection.cursor() as cursor, connection.wrap_database_errors:
            if connection.vendor == "postgresql":
                staging = quote("corporation_import_update")
                definitions = ", ".join(
                    f"{quote(column)} "
                    + (
                        "date"
                        if name in _DATE_FIELDS
                        else "boolean"
                        if name in _BOOLEAN_FIELDS
                        else "text"
                    )
                    for name, column in zip(FIELDS, columns, strict=True)
                )
                names = ", ".join(quote(column) for column in columns)
                # Dropped at commit; but when the import runs inside an outer transaction (a
                # test, a caller's atomic block) it outlives the batch, hence IF NOT EXISTS and
                # TRUNCATE.
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} ({definitions}) ON COMMIT DROP"
                )
                cursor.execute(f"TRUNCATE {staging}")
                with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
                    for state in states:
                        copy.write_row(state)
                assignments = ", ".join(
                    f"{quote(column)} = u.{quote(column)}" for column in columns[1:]
                )
                cursor.execute(
                    f"UPDATE {table} AS t SET {assignments} FROM {staging} AS u "  # noqa: S608
                    f"WHERE t.{key} = u.{key}"
                )
            else:
                adapt = connection.ops.adapt_datefield_value
                assignments = ", ".join(f"{quote(column)} = %s" for column in columns[1:])
                sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
                params = []
                for state in states:
                    values = list(state)
                    for index in _DATE_INDEXES:
                        values[index] = adapt(values[index])
                    params.append([*values[1:], values[0]])
                cursor.executemany(sql, params)
