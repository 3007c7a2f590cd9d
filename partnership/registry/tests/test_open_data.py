"""Open data: the export command's files, the manifest, the Atom feed, the downloads and the
page that lists them."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.http import http_date

from partnership.core.dates import JST
from partnership.declarations.models import Declaration, Status
from partnership.registry import open_data

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://registry.example.jp"


def jst(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


@pytest.fixture
def out_dir(settings: Any, tmp_path: Path) -> Path:
    settings.OPEN_DATA_DIR = tmp_path
    settings.SITE_URL = SITE
    return tmp_path


@pytest.fixture
def register(
    make_company: Callable[..., Any], make_declaration: Callable[..., Declaration]
) -> dict[str, Any]:
    revised = make_company(
        name="株式会社山田精工",
        name_kana="ヤマダセイコウ",
        name_en="Yamada Seiko Co., Ltd.",
        prefecture_code="01",
        industry_id="E",
        capital_yen=5_000_000_000,
        employees=1200,
    )
    make_declaration(
        revised,
        Status.SUPERSEDED,
        published_at=jst(2026, 1, 10, 10, 0),
        ended_at=jst(2026, 2, 20, 9, 0),
    )
    make_declaration(revised, Status.PUBLISHED, published_at=jst(2026, 2, 20, 9, 0))
    hostile = make_company(name='=HYPERLINK("x")', prefecture_code="13")
    make_declaration(hostile, Status.PUBLISHED, published_at=jst(2026, 3, 31, 23, 30))
    withdrawn = make_company(name="株式会社取下商事", prefecture_code="27")
    make_declaration(
        withdrawn,
        Status.WITHDRAWN,
        published_at=jst(2026, 1, 20, 15, 0),
        ended_at=jst(2026, 4, 10, 11, 0),
        end_reason="事業再編のため",
    )
    removed = make_company(name="株式会社削除工業", prefecture_code="47")
    make_declaration(
        removed,
        Status.REMOVED,
        published_at=jst(2026, 2, 1, 9, 0),
        ended_at=jst(2026, 3, 5, 9, 0),
        end_reason_category="not_honoured",
        end_reason="下請代金の支払遅延が確認されたため",
    )
    make_declaration(make_company(name="株式会社審査中"), Status.SUBMITTED)
    return {"revised": revised, "hostile": hostile, "withdrawn": withdrawn, "removed": removed}


def export(out_dir: Path) -> str:
    stdout = io.StringIO()
    call_command("export_open_data", stdout=stdout)
    return stdout.getvalue()


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_register_csv_has_bom_crlf_and_safe_cells(out_dir: Path, register: dict[str, Any]) -> None:
    output = export(out_dir)
    assert "declarations: 2/2 (100%)" in output
    raw = (out_dir / "declarations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.count(b"\r\n") == 3  # header and two companies
    assert raw.replace(b"\r\n", b"").count(b"\n") == 0
    rows = read_csv(out_dir / "declarations.csv")
    header, *body = rows
    assert header == [c.name for c in open_data.REGISTER_COLUMNS]
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    yamada = by_number[register["revised"].corporate_number]
    assert yamada == {
        "corporate_number": register["revised"].corporate_number,
        "name": "株式会社山田精工",
        "name_kana": "ヤマダセイコウ",
        "name_en": "Yamada Seiko Co., Ltd.",
        "prefecture_code": "01",
        "prefecture_name": "北海道",
        "industry_code": "E",
        "industry_name": "製造業",
        "capital_band": "ge1b",
        "employee_band": "gt1000",
        "template_version": "2026-01",
        "outdated_template": "false",
        "version": "2",
        "published_at": "2026-02-20T09:00:00+09:00",
        "url": f"{SITE}/declarations/{register['revised'].corporate_number}/",
    }
    hostile = by_number[register["hostile"].corporate_number]
    # A spreadsheet must not run the name as a formula.
    assert hostile["name"] == "'" + register["hostile"].name
    assert hostile["name"].startswith("'=")
    assert hostile["published_at"] == "2026-03-31T23:30:00+09:00"
    assert hostile["industry_code"] == "" and hostile["capital_band"] == ""


def test_register_jsonl_parses_with_typed_values(out_dir: Path, register: dict[str, Any]) -> None:
    export(out_dir)
    lines = (out_dir / "declarations.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 2
    assert [r["corporate_number"] for r in rows] == sorted(r["corporate_number"] for r in rows)
    hostile = next(r for r in rows if r["corporate_number"] == register["hostile"].corporate_number)
    assert hostile["name"] == register["hostile"].name  # JSON needs no spreadsheet escaping
    assert hostile["industry_code"] is None
    assert hostile["outdated_template"] is False
    assert hostile["version"] == 1
    assert set(hostile) == {c.name for c in open_data.REGISTER_COLUMNS}


def test_history_has_one_row_per_version_and_interval(
    out_dir: Path, register: dict[str, Any]
) -> None:
    export(out_dir)
    header, *body = read_csv(out_dir / "publication-history.csv")
    assert header == [c.name for c in open_data.HISTORY_COLUMNS]
    rows = [dict(zip(header, row, strict=True)) for row in body]
    assert len(rows) == 5  # the submitted declaration was never public
    yamada = [r for r in rows if r["corporate_number"] == register["revised"].corporate_number]
    assert [(r["version"], r["end_status"], r["ended_at"]) for r in yamada] == [
        ("1", "superseded", "2026-02-20T09:00:00+09:00"),
        ("2", "", ""),
    ]
    removed = next(r for r in rows if r["corporate_number"] == register["removed"].corporate_number)
    assert removed["end_status"] == "removed"
    assert removed["end_reason_category"] == "not_honoured"
    withdrawn = next(
        r for r in rows if r["corporate_number"] == register["withdrawn"].corporate_number
    )
    assert withdrawn["end_status"] == "withdrawn"
    assert withdrawn["ended_at"] == "2026-04-10T11:00:00+09:00"
    jsonl = [
        json.loads(line)
        for line in (out_dir / "publication-history.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(jsonl) == 5
    assert next(r for r in jsonl if r["end_status"] is None)["ended_at"] is None


def test_manifest_records_counts_sizes_and_digests(out_dir: Path, register: dict[str, Any]) -> None:
    export(out_dir)
    manifest = json.loads((out_dir / "manifest.json").read_text("utf-8"))
    assert manifest["licence"]["name"] == "CC BY 4.0"
    assert "国税庁法人番号公表サイト" in manifest["attribution"]["ja"]
    generated = dt.datetime.fromisoformat(manifest["generated_at"])
    assert generated.utcoffset() == dt.timedelta(hours=9)
    files = {f["name"]: f for f in manifest["files"]}
    assert set(files) == {
        "declarations.csv",
        "declarations.jsonl",
        "publication-history.csv",
        "publication-history.jsonl",
        "feed.atom",
    }
    assert files["declarations.csv"]["rows"] == 2
    assert files["declarations.jsonl"]["rows"] == 2
    assert files["publication-history.csv"]["rows"] == 5
    assert files["feed.atom"]["rows"] == 7  # 5 publications, 1 withdrawal, 1 removal
    for name, entry in files.items():
        data = (out_dir / name).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert files["declarations.csv"]["columns"][0] == {
        "name": "corporate_number",
        "ja": "法人番号（13桁）",
        "en": "Corporate number (13 digits)",
    }
    # Every file was renamed into place: no temporary file is left.
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([*files, "manifest.json"])


def test_export_streams_in_chunks_and_replaces_old_files(
    out_dir: Path, register: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(open_data, "CHUNK_SIZE", 1)
    export(out_dir)
    first = (out_dir / "manifest.json").read_text("utf-8")
    Declaration.objects.filter(company=register["hostile"]).update(
        status=Status.WITHDRAWN, ended_at=jst(2026, 5, 1)
    )
    open_data.export_open_data(out_dir)
    manifest = open_data.load_manifest(out_dir)
    assert manifest is not None
    assert manifest.files["declarations.csv"].rows == 1
    assert (out_dir / "manifest.json").read_text("utf-8") != first


def test_export_into_another_folder(
    out_dir: Path, register: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("elsewhere") / "open"
    call_command("export_open_data", "--dir", str(target), stdout=io.StringIO())
    assert (target / "manifest.json").exists()
    assert not (out_dir / "manifest.json").exists()


def test_feed_is_atom_with_publication_withdrawal_and_removal(
    out_dir: Path, register: dict[str, Any]
) -> None:
    export(out_dir)
    root = ET.fromstring((out_dir / "feed.atom").read_bytes())  # noqa: S314 — our own file
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id", "").startswith("tag:registry.example.jp,")
    assert root.findtext(f"{ATOM}title")
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == f"{SITE}/feed.atom"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 7
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    updated = [dt.datetime.fromisoformat(e.findtext(f"{ATOM}updated", "")) for e in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert entry.findtext(f"{ATOM}{child}"), child
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href", "").startswith(f"{SITE}/declarations/")
    kinds = {
        e.find(f"{ATOM}category").get("term"): e  # type: ignore[union-attr]
        for e in entries
        if e.find(f"{ATOM}category") is not None
    }
    assert set(kinds) == {"published", "withdrawn", "removed"}
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert "取下げ：株式会社取下商事" in titles
    assert "削除：株式会社削除工業" in titles
    assert "公表：株式会社山田精工（第2版）" in titles
    removal = next(e for e in entries if e.findtext(f"{ATOM}title") == "削除：株式会社削除工業")
    summary = removal.findtext(f"{ATOM}summary", "")
    assert "宣言の内容が履行されていない" in summary
    assert "下請代金の支払遅延" in summary
    hostile = next(
        e
        for e in entries
        if register["hostile"].corporate_number in (e.findtext(f"{ATOM}id") or "")
    )
    assert hostile.findtext(f"{ATOM}title") == f"公表：{register['hostile'].name}（第1版）"


def test_feed_keeps_the_latest_events_only(
    out_dir: Path, register: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    events = open_data.feed_events(limit=2)
    assert [e.kind for e in events] == ["withdrawn", "published"]
    assert events[0].at == jst(2026, 4, 10, 11, 0)


# --- downloads --------------------------------------------------------------------------------


def test_downloads_are_files_with_headers(
    out_dir: Path, register: dict[str, Any], client: Client
) -> None:
    export(out_dir)
    manifest = open_data.load_manifest(out_dir)
    assert manifest is not None
    response = client.get("/open-data/declarations.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="declarations.csv"'
    sha = manifest.files["declarations.csv"].sha256
    assert response["ETag"] == f'"{sha}"'
    assert response["Last-Modified"] == http_date(manifest.generated_at.timestamp())
    assert "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == (out_dir / "declarations.csv").read_bytes()  # type: ignore[attr-defined]
    jsonl = client.get("/open-data/declarations.jsonl")
    assert jsonl["Content-Type"].startswith("application/jsonl")
    feed = client.get("/open-data/feed.atom")
    assert feed["Content-Type"] == "application/atom+xml; charset=utf-8"


def test_conditional_requests_get_304(
    out_dir: Path, register: dict[str, Any], client: Client
) -> None:
    export(out_dir)
    first = client.get("/open-data/publication-history.csv")
    etag = first["ETag"]
    again = client.get("/open-data/publication-history.csv", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert not again.content
    since = client.get(
        "/open-data/publication-history.csv",
        headers={"if-modified-since": first["Last-Modified"]},
    )
    assert since.status_code == 304
    stale = client.get("/open-data/publication-history.csv", headers={"if-none-match": '"old"'})
    assert stale.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/open-data/../settings.py",
        "/open-data/..%2Fsettings.py",
        "/open-data/..%2F..%2Fpartnership%2Fsettings.py",
        "/open-data/settings.py",
        "/open-data/.manifest.json.tmp",
        "/open-data/",
    ],
)
def test_unknown_names_are_404(
    out_dir: Path, register: dict[str, Any], client: Client, path: str
) -> None:
    export(out_dir)
    (out_dir / "settings.py").write_text("SECRET = 1")
    response = client.get(path)
    if path == "/open-data/":
        assert response.status_code == 200  # the page, not a file
    else:
        assert response.status_code == 404


def test_downloads_before_any_export_are_404(out_dir: Path, client: Client) -> None:
    assert client.get("/open-data/declarations.csv").status_code == 404
    assert client.get("/feed.atom").status_code == 404


def test_feed_url_serves_the_exported_feed(
    out_dir: Path, register: dict[str, Any], client: Client
) -> None:
    export(out_dir)
    response = client.get("/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert body == (out_dir / "feed.atom").read_bytes()
    assert client.get("/feed.atom", headers={"if-none-match": response["ETag"]}).status_code == 304


# --- the page ---------------------------------------------------------------------------------


def test_page_before_any_export_says_so(out_dir: Path, client: Client) -> None:
    response = client.get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "export_open_data" in html
    assert "CC BY 4.0" in html
    assert "/open-data/declarations.csv" not in html  # nothing to download yet


def test_page_with_a_broken_manifest_is_not_an_error(out_dir: Path, client: Client) -> None:
    (out_dir / "manifest.json").write_text("{not json")
    response = client.get("/open-data/")
    assert response.status_code == 200
    assert "export_open_data" in response.content.decode()
    assert client.get("/open-data/declarations.csv").status_code == 404


def test_page_lists_files_licence_and_glossary(
    out_dir: Path, register: dict[str, Any], client: Client
) -> None:
    export(out_dir)
    manifest = open_data.load_manifest(out_dir)
    assert manifest is not None
    html = client.get("/open-data/").content.decode()
    for name in ("declarations.csv", "declarations.jsonl", "publication-history.csv", "feed.atom"):
        assert f'href="/open-data/{name}"' in html
    assert manifest.files["declarations.csv"].sha256 in html
    assert manifest.generated_at.strftime("%Y-%m-%d %H:%M") in html
    assert "https://creativecommons.org/licenses/by/4.0/deed.ja" in html
    assert "国税庁法人番号公表サイト" in html
    assert "公共データ利用規約（第1.0版）" in html
    for column in open_data.REGISTER_COLUMNS + open_data.HISTORY_COLUMNS:
        assert f"<code>{column.name}</code>" in html
        assert column.ja in html
    assert "<code>ge1b</code>" in html and "<code>not_honoured</code>" in html
    english = client.get("/en/open-data/").content.decode()
    assert open_data.REGISTER_COLUMNS[0].en in english
    assert "https://creativecommons.org/licenses/by/4.0/" in english
