"""Open data: the published register, the publication history and an Atom feed, as files.

``python manage.py export_open_data`` writes them into ``settings.OPEN_DATA_DIR``; the site
serves the files as they are, so a download costs no database work however large the
register grows. Each file is written to a temporary file in the same folder and renamed over
the old one (readers see the old file or the new one, never half of one), rows are streamed
from the database in chunks, and ``manifest.json`` — written last — records when the files
were made, their row counts, sizes and SHA-256 digests (the downloads' ETags).

Files (column meanings in :data:`GLOSSARY`, shown on the open-data page and copied into the
manifest):

- ``declarations.csv`` / ``declarations.jsonl`` — one row per company with a published
  declaration;
- ``publication-history.csv`` / ``publication-history.jsonl`` — one row per version and
  published interval, including versions that were superseded, withdrawn or removed;
- ``feed.atom`` — the latest publications, withdrawals and removals (Atom 1.0, Japanese).

CSV files are UTF-8 with a byte-order mark and CRLF line ends, every cell formula-safe
(:mod:`partnership.core.csv_export`), so they open correctly in Japanese Excel. The data is
published under CC BY 4.0; corporate-number fields come from the National Tax Agency's
Corporate Number Publication Site under the Public Data License 1.0.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from partnership.core.bands import CAPITAL_BANDS, EMPLOYEE_BANDS, band_for
from partnership.core.csv_export import csv_lines
from partnership.core.dates import JST
from partnership.core.progress import Output, Progress
from partnership.core.reference_data import INDUSTRIES, PREFECTURES
from partnership.declarations.models import Declaration, RemovalCategory, Status, TemplateVersion

logger = logging.getLogger(__name__)

CHUNK_SIZE = 2000
FEED_ENTRIES = 500
MANIFEST = "manifest.json"
REGISTER_CSV = "declarations.csv"
REGISTER_JSONL = "declarations.jsonl"
HISTORY_CSV = "publication-history.csv"
HISTORY_JSONL = "publication-history.jsonl"
FEED = "feed.atom"

LICENCE = {
    "name": "CC BY 4.0",
    "url_ja": "https://creativecommons.org/licenses/by/4.0/deed.ja",
    "url_en": "https://creativecommons.org/licenses/by/4.0/",
}
NTA_SITE = "https://www.houjin-bangou.nta.go.jp/"
PDL_URL = {
    "ja": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
    "en": "https://www.digital.go.jp/en/resources/open_data/public_data_license_v1.0",
}
ATTRIBUTION = {
    "ja": (
        "法人番号に関する項目（corporate_number）は、「国税庁法人番号公表サイト」（国税庁）"
        f"（{NTA_SITE}）のデータを加工して作成しています。公共データ利用規約（第1.0版）"
        "（PDL1.0、CC BY 4.0 と互換）に基づいて利用しており、内容は国税庁によって保証された"
        "ものではありません。"
    ),
    "en": (
        "Corporate-number fields (corporate_number) are derived from the Corporate Number "
        f"Publication Site of the National Tax Agency (国税庁法人番号公表サイト, {NTA_SITE}), used "
        "under the Public Data License (Version 1.0), which is compatible with CC BY 4.0. The "
        "National Tax Agency does not guarantee this data."
    ),
}


@dataclass(frozen=True)
class Column:
    name: str
    ja: str
    en: str

    @property
    def description(self) -> str:
        return self.en if (translation.get_language() or "ja").startswith("en") else self.ja


@dataclass(frozen=True)
class FileSpec:
    """A file the site serves from ``OPEN_DATA_DIR`` (nothing else is ever served)."""

    name: str
    content_type: str
    format: str
    title: Any  # lazy translation
    columns: str = ""  # key in GLOSSARY
    attachment: bool = True


REGISTER_COLUMNS: tuple[Column, ...] = (
    Column("corporate_number", "法人番号（13桁）", "Corporate number (13 digits)"),
    Column("name", "商号又は名称", "Company name (in Japanese)"),
    Column("name_kana", "商号又は名称のフリガナ", "Reading of the name (katakana)"),
    Column("name_en", "英語表記（登録がある場合）", "English name (if given)"),
    Column(
        "prefecture_code",
        "本店所在地の都道府県コード（JIS X 0401、2桁）",
        "Prefecture of the head office: JIS X 0401 code (2 digits)",
    ),
    Column("prefecture_name", "都道府県名", "Prefecture name (in Japanese)"),
    Column(
        "industry_code",
        "業種：日本標準産業分類の大分類コード（A〜T）。未記入は空欄",
        "Industry: Japan Standard Industrial Classification major division (A to T); "
        "empty if not stated",
    ),
    Column("industry_name", "業種名（大分類）", "Industry name (major division, in Japanese)"),
    Column(
        "capital_band",
        "資本金の規模の区分コード（下の表）。未記入は空欄",
        "Capital band code (table below); empty if not stated",
    ),
    Column(
        "employee_band",
        "従業員数の規模の区分コード（下の表）。未記入は空欄",
        "Employee band code (table below); empty if not stated",
    ),
    Column("template_version", "宣言に用いた様式の版", "Template version the declaration uses"),
    Column(
        "outdated_template",
        "最新の様式でない場合 true（更新が求められています）",
        "true if the declaration uses an older template than the current one "
        "(the company is asked to renew it)",
    ),
    Column(
        "version",
        "その企業の宣言の版番号（1から）",
        "Version of the company's declaration (from 1)",
    ),
    Column(
        "published_at",
        "公表日時（日本時間、ISO 8601）",
        "When this version was published (Japan time, ISO 8601)",
    ),
    Column("url", "公表ページのURL", "Address of the public page"),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("corporate_number", "法人番号（13桁）", "Corporate number (13 digits)"),
    Column("name", "商号又は名称（現在のもの）", "Company name (as registered now)"),
    Column("version", "宣言の版番号", "Version of the company's declaration"),
    Column("template_version", "宣言に用いた様式の版", "Template version the declaration uses"),
    Column("published_at", "公表日時（日本時間、ISO 8601）", "Published at (Japan time, ISO 8601)"),
    Column(
        "ended_at",
        "公表の終了日時（日本時間、ISO 8601）。公表中は空欄",
        "Publication ended at (Japan time, ISO 8601); empty while still published",
    ),
    Column(
        "end_status",
        "終了の理由：superseded（新しい版に更新）、withdrawn（企業による取下げ）、"
        "removed（登録機関による削除）。公表中は空欄",
        "Why publication ended: superseded (replaced by a newer version), withdrawn (by the "
        "company), removed (by the registry); empty while still published",
    ),
    Column(
        "end_reason_category",
        "削除・取下げの理由の区分（下の表）。該当しない場合は空欄",
        "Category of the reason for a removal or withdrawal (table below); empty otherwise",
    ),
)

FEED_COLUMNS: tuple[Column, ...] = (
    Column(
        "entry/title",
        "「公表」「取下げ」「削除」と企業名",
        "公表 (published), 取下げ (withdrawn) or 削除 (removed), and the company name",
    ),
    Column(
        "entry/category/@term", "published・withdrawn・removed", "published, withdrawn or removed"
    ),
    Column(
        "entry/updated",
        "公表・取下げ・削除の日時（日本時間）",
        "When it was published, withdrawn or removed (Japan time)",
    ),
    Column("entry/link/@href", "公表ページのURL", "Address of the public page"),
    Column("entry/summary", "内容の説明（日本語）", "What happened, in Japanese"),
)

GLOSSARY: dict[str, tuple[Column, ...]] = {
    "register": REGISTER_COLUMNS,
    "history": HISTORY_COLUMNS,
    "feed": FEED_COLUMNS,
}

FILES: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        FileSpec(
            REGISTER_CSV,
            "text/csv; charset=utf-8",
            "CSV",
            _("Published declarations (one row per company)"),
            "register",
        ),
        FileSpec(
            REGISTER_JSONL,
            "application/jsonl; charset=utf-8",
            "JSON Lines",
            _("Published declarations (one row per company)"),
            "register",
        ),
        FileSpec(
            HISTORY_CSV,
            "text/csv; charset=utf-8",
            "CSV",
            _("Publication history (one row per version and published interval)"),
            "history",
        ),
        FileSpec(
            HISTORY_JSONL,
            "application/jsonl; charset=utf-8",
            "JSON Lines",
            _("Publication history (one row per version and published interval)"),
            "history",
        ),
        FileSpec(
            FEED,
            "application/atom+xml; charset=utf-8",
            "Atom",
            _("Feed of the latest publications, withdrawals and removals"),
            "feed",
            attachment=False,
        ),
        FileSpec(
            MANIFEST,
            "application/json; charset=utf-8",
            "JSON",
            _("Manifest: generation time, row counts, sizes and SHA-256 of the files"),
            attachment=False,
        ),
    )
}


# --- writing files atomically ----------------------------------------------------------------


class AtomicFile:
    """A file written under a temporary name in the target folder and renamed over ``path``
    on success (removed on failure). Counts the bytes and the SHA-256 of what was written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self._temp = Path(temp)
        self._file = os.fdopen(fd, "wb", buffering=1 << 20)
        self._sha = hashlib.sha256()
        self.size = 0
        self.rows = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._file.write(data)
        self._sha.update(data)
        self.size += len(data)

    @property
    def sha256(self) -> str:
        return self._sha.hexdigest()

    def commit(self) -> None:
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.chmod(self._temp, 0o644)  # mkstemp makes it private; the web server must read it
        os.replace(self._temp, self.path)

    def abort(self) -> None:
        self._file.close()
        self._temp.unlink(missing_ok=True)

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.abort()


@dataclass(frozen=True)
class FileInfo:
    name: str
    rows: int
    bytes: int
    sha256: str


# --- rows ------------------------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    """Japan time, ISO 8601 to the second: ``2026-03-31T23:30:00+09:00``."""
    if value is None:
        return None
    return value.astimezone(JST).isoformat(timespec="seconds")


def public_url(corporate_number: str) -> str:
    """The absolute address of a company's public page (Japanese, the default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("registry:declaration", args=[corporate_number])
    return settings.SITE_URL + path


_PREFECTURE_NAMES = {p.code: p.name_ja for p in PREFECTURES}
_INDUSTRY_NAMES = {i.code: i.name_ja for i in INDUSTRIES}


def register_rows(current_template_id: int | None) -> Iterator[dict[str, Any]]:
    """One dict per company with a published declaration, by corporate number, streamed."""
    rows = (
        Declaration.objects.published()
        .order_by("company__corporate_number")
        .values_list(
            "company__corporate_number",
            "company__name",
            "company__name_kana",
            "company__name_en",
            "company__prefecture_id",
            "company__industry_id",
            "company__capital_yen",
            "company__employees",
            "template__code",
            "template_id",
            "version",
            "published_at",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for (
        number,
        name,
        kana,
        name_en,
        prefecture,
        industry,
        capital,
        employees,
        template_code,
        template_id,
        version,
        published_at,
    ) in rows:
        capital_band = band_for(CAPITAL_BANDS, capital)
        employee_band = band_for(EMPLOYEE_BANDS, employees)
        yield {
            "corporate_number": number,
            "name": name,
            "name_kana": kana or None,
            "name_en": name_en or None,
            "prefecture_code": prefecture,
            "prefecture_name": _PREFECTURE_NAMES.get(prefecture, ""),
            "industry_code": industry,
            "industry_name": _INDUSTRY_NAMES.get(industry) if industry else None,
            "capital_band": capital_band.code if capital_band else None,
            "employee_band": employee_band.code if employee_band else None,
            "template_version": template_code,
            "outdated_template": current_template_id is not None
            and template_id != current_template_id,
            "version": version,
            "published_at": _iso(published_at),
            "url": public_url(number),
        }


def history_rows() -> Iterator[dict[str, Any]]:
    """One dict per version that was ever published (its published interval), streamed."""
    rows = (
        Declaration.objects.was_published()
        .order_by("company__corporate_number", "version")
        .values_list(
            "company__corporate_number",
            "company__name",
            "version",
            "template__code",
            "published_at",
            "ended_at",
            "status",
            "end_reason_category",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for number, name, version, template_code, published_at, ended_at, status, category in rows:
        yield {
            "corporate_number": number,
            "name": name,
            "version": version,
            "template_version": template_code,
            "published_at": _iso(published_at),
            "ended_at": _iso(ended_at),
            "end_status": status if status != Status.PUBLISHED else None,
            "end_reason_category": category or None,
        }


def _write_pair(
    directory: Path,
    csv_name: str,
    jsonl_name: str,
    columns: tuple[Column, ...],
    rows: Iterator[dict[str, Any]],
    progress: Progress,
) -> list[FileInfo]:
    """Write one stream of rows as CSV and as JSON Lines at once (one pass over the
    database; only the current chunk of rows is ever in memory)."""
    names = [c.name for c in columns]
    with AtomicFile(directory / csv_name) as csv_file, AtomicFile(directory / jsonl_name) as jl:

        def cells() -> Iterator[list[Any]]:
            # csv_lines pulls the rows one by one; each is written to the JSON file as it goes.
            for row in rows:
                jl.write(json.dumps(row, ensure_ascii=False) + "\n")
                jl.rows += 1
                progress.advance()
                yield [row[name] for name in names]

        for line in csv_lines(names, cells()):
            csv_file.write(line)
        csv_file.rows = jl.rows
    progress.finish()
    return [
        FileInfo(csv_name, csv_file.rows, csv_file.size, csv_file.sha256),
        FileInfo(jsonl_name, jl.rows, jl.size, jl.sha256),
    ]


# --- the Atom feed ---------------------------------------------------------------------------

ATOM_NS = "http://www.w3.org/2005/Atom"
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EVENT_WORDS = {"published": "公表", "withdrawn": "取下げ", "removed": "削除"}


def _xml(text: object) -> str:
    """Text safe in an XML element or double-quoted attribute (and valid XML 1.0)."""
    cleaned = _XML_INVALID.sub("", str(text))
    return (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


@dataclass(frozen=True)
class FeedEvent:
    kind: str  # published, withdrawn or removed
    at: dt.datetime
    corporate_number: str
    name: str
    version: int
    template_code: str
    reason_category: str = ""
    reason: str = ""

    @property
    def title(self) -> str:
        word = _EVENT_WORDS[self.kind]
        if self.kind == "published":
            return f"{word}：{self.name}（第{self.version}版）"
        return f"{word}：{self.name}"

    @property
    def summary(self) -> str:
        who = f"{self.name}（法人番号 {self.corporate_number}）"
        if self.kind == "published":
            return (
                f"{who}のパートナーシップ構築宣言（第{self.version}版、様式 "
                f"{self.template_code}）を公表しました。"
            )
        if self.kind == "withdrawn":
            text = f"{who}は、パートナーシップ構築宣言（第{self.version}版）を取り下げました。"
        else:
            text = (
                f"{who}のパートナーシップ構築宣言（第{self.version}版）を登録機関が削除しました。"
            )
        reasons = []
        if self.reason_category:
            with translation.override("ja"):
                reasons.append(str(RemovalCategory(self.reason_category).label))
        if self.reason:
            reasons.append(self.reason)
        if reasons:
            text += "理由：" + "　".join(reasons)
        return text


def feed_events(limit: int = FEED_ENTRIES) -> list[FeedEvent]:
    """The latest ``limit`` publications, withdrawals and removals, newest first (two
    queries of at most ``limit`` rows each)."""
    fields = (
        "company__corporate_number",
        "company__name",
        "version",
        "template__code",
        "end_reason_category",
        "end_reason",
    )
    events: list[FeedEvent] = []
    for at, _status, number, name, version, code, _category, _reason in (
        Declaration.objects.was_published()
        .order_by("-published_at", "-id")
        .values_list("published_at", "status", *fields)[:limit]
    ):
        events.append(FeedEvent("published", at, number, name, version, code))
    for at, status, number, name, version, code, category, reason in (
        Declaration.objects.filter(status__in=[Status.WITHDRAWN, Status.REMOVED])
        .order_by("-ended_at", "-id")
        .values_list("ended_at", "status", *fields)[:limit]
    ):
        events.append(FeedEvent(status, at, number, name, version, code, category, reason))
    events.sort(key=lambda e: (e.at, e.kind != "published"), reverse=True)
    return events[:limit]


def feed_lines(events: list[FeedEvent], *, generated_at: dt.datetime) -> Iterator[str]:
    """The Atom 1.0 document, in Japanese."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    with translation.override(settings.LANGUAGE_CODE):
        self_url = settings.SITE_URL + reverse("registry:feed")
        home_url = settings.SITE_URL + reverse("registry:home")
        open_data_url = settings.SITE_URL + reverse("registry:open_data")
        registry = str(settings.REGISTRY_NAME)
    updated = events[0].at if events else generated_at
    yield '<?xml version="1.0" encoding="utf-8"?>\n'
    yield f'<feed xmlns="{ATOM_NS}" xml:lang="ja">\n'
    yield f"  <id>tag:{_xml(host)},2020:feed</id>\n"
    yield "  <title>パートナーシップ構築宣言の公表・取下げ・削除</title>\n"
    yield f"  <subtitle>{_xml(registry)}の新着情報（最新{len(events)}件）</subtitle>\n"
    yield f"  <updated>{_iso(updated)}</updated>\n"
    yield f'  <link rel="self" type="application/atom+xml" href="{_xml(self_url)}"/>\n'
    yield f'  <link rel="alternate" type="text/html" href="{_xml(home_url)}"/>\n'
    yield f'  <link rel="related" type="text/html" href="{_xml(open_data_url)}"/>\n'
    yield f"  <author><name>{_xml(registry)}</name><uri>{_xml(home_url)}</uri></author>\n"
    yield "  <rights>CC BY 4.0</rights>\n"
    yield "  <generator>export_open_data</generator>\n"
    for event in events:
        url = public_url(event.corporate_number)
        yield "  <entry>\n"
        yield (
            f"    <id>tag:{_xml(host)},2020:declaration/{event.corporate_number}/"
            f"{event.version}/{event.kind}</id>\n"
        )
        yield f"    <title>{_xml(event.title)}</title>\n"
        yield f"    <updated>{_iso(event.at)}</updated>\n"
        yield f"    <published>{_iso(event.at)}</published>\n"
        yield f'    <link rel="alternate" type="text/html" href="{_xml(url)}"/>\n'
        yield (
            f'    <category term="{event.kind}" label="{_EVENT_WORDS[event.kind]}" '
            f'scheme="{_xml(open_data_url)}#feed"/>\n'
        )
        yield f'    <summary type="text">{_xml(event.summary)}</summary>\n'
        yield "  </entry>\n"
    yield "</feed>\n"


def write_feed(directory: Path, *, generated_at: dt.datetime) -> FileInfo:
    events = feed_events()
    with AtomicFile(directory / FEED) as feed:
        for line in feed_lines(events, generated_at=generated_at):
            feed.write(line)
        feed.rows = len(events)
    return FileInfo(FEED, feed.rows, feed.size, feed.sha256)


# --- the manifest ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Manifest:
    """What ``manifest.json`` says about the last export (and the manifest's own digest)."""

    generated_at: dt.datetime
    files: dict[str, FileInfo] = field(default_factory=dict)
    sha256: str = ""
    bytes: int = 0

    def info(self, name: str) -> FileInfo | None:
        if name == MANIFEST:
            return FileInfo(MANIFEST, len(self.files), self.bytes, self.sha256)
        return self.files.get(name)


def manifest_document(generated_at: dt.datetime, files: list[FileInfo]) -> dict[str, Any]:
    return {
        "generated_at": _iso(generated_at),
        "generator": "python manage.py export_open_data",
        "site_url": settings.SITE_URL,
        "licence": LICENCE,
        "attribution": ATTRIBUTION,
        "files": [
            {
                "name": info.name,
                "format": FILES[info.name].format,
                "content_type": FILES[info.name].content_type,
                "rows": info.rows,
                "bytes": info.bytes,
                "sha256": info.sha256,
                "columns": [
                    {"name": c.name, "ja": c.ja, "en": c.en}
                    for c in GLOSSARY.get(FILES[info.name].columns, ())
                ],
            }
            for info in files
        ],
    }


def load_manifest(directory: Path) -> Manifest | None:
    """The manifest of the last export, or None when the files were never generated (or the
    manifest cannot be read: then the files are treated as missing, never as an error page)."""
    path = directory / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        logger.exception("cannot read %s", path)
        return None
    try:
        data = json.loads(raw)
        files = {
            item["name"]: FileInfo(
                str(item["name"]), int(item["rows"]), int(item["bytes"]), str(item["sha256"])
            )
            for item in data["files"]
            if item.get("name") in FILES
        }
        generated_at = dt.datetime.fromisoformat(data["generated_at"])
        if timezone.is_naive(generated_at):
            raise ValueError("generated_at has no time zone")
    except (ValueError, KeyError, TypeError):
        logger.exception("%s is not a valid manifest", path)
        return None
    return Manifest(generated_at, files, hashlib.sha256(raw).hexdigest(), len(raw))


# --- the export ------------------------------------------------------------------------------


class _Silent:
    def write(self, text: str, /) -> None:
        pass


def _remove_stale_temporaries(directory: Path, older_than: dt.timedelta) -> None:
    """Temporary files left by an export that crashed (never the ones of a running export)."""
    limit = timezone.now().timestamp() - older_than.total_seconds()
    for path in directory.glob(".*.tmp"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            pass


@contextmanager
def _sorts_on_disk() -> Iterator[None]:
    """On SQLite, let the sort of a million rows by corporate number spill to a temporary
    file rather than grow in memory (the settings keep temporary data in memory, which suits
    the small sorts of web requests)."""
    # SQLite refuses the change inside a transaction (as in tests): then sort as configured.
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA temp_store = FILE")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA temp_store = MEMORY")


def export_open_data(directory: Path, *, out: Output | None = None) -> Manifest:
    """Regenerate every open-data file in ``directory`` and then the manifest. Returns the
    new manifest. Safe to run while the site serves the old files."""
    with _sorts_on_disk():
        return _export(directory, out or _Silent())


def _export(directory: Path, out: Output) -> Manifest:
    directory.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(directory, dt.timedelta(hours=6))
    generated_at = timezone.now().astimezone(JST).replace(microsecond=0)
    current = TemplateVersion.objects.current()
    files: list[FileInfo] = []
    files += _write_pair(
        directory,
        REGISTER_CSV,
        REGISTER_JSONL,
        REGISTER_COLUMNS,
        register_rows(current.pk if current else None),
        Progress(out, "declarations", Declaration.objects.published().count()),
    )
    files += _write_pair(
        directory,
        HISTORY_CSV,
        HISTORY_JSONL,
        HISTORY_COLUMNS,
        history_rows(),
        Progress(out, "publication history", Declaration.objects.was_published().count()),
    )
    feed_progress = Progress(out, "feed", FEED_ENTRIES)
    files.append(write_feed(directory, generated_at=generated_at))
    feed_progress.done = files[-1].rows
    feed_progress.total = files[-1].rows
    feed_progress.finish()
    # Last, so that a manifest never describes files that are not there yet.
    with AtomicFile(directory / MANIFEST) as manifest:
        manifest.write(
            json.dumps(manifest_document(generated_at, files), ensure_ascii=False, indent=2) + "\n"
        )
    loaded = load_manifest(directory)
    assert loaded is not None  # just written
    return loaded
