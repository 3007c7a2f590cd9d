"""Importing the tax agency's corporate-number files: the real Tottori sample, difference
files with every process code, idempotency, both layouts, zip and plain CSV, bad rows and
unreadable files."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.jp import cn as stdnum_cn

from partnership.companies.corporate_number import has_valid_check_digit, with_check_digit
from partnership.companies.master_import import (
    ImportStats,
    MasterFileError,
    MasterImporter,
    inspect_file,
)
from partnership.companies.models import Corporation

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[4] / "shared" / "data" / "nta"
TOTTORI = SAMPLE / "31_tottori_all_20170402.zip"
TOTTORI_ROWS = 16_974

needs_sample = pytest.mark.skipif(not TOTTORI.exists(), reason=f"{TOTTORI} is not there")

# Real rows of the sample (2017-04-02).
COURT = "1000013050238"  # 鳥取簡易裁判所, a national body
IWAMI = "1000020313025"  # 岩美町, a local government
TAMAGAWA = "2270001000417"  # 株式会社玉川: absorbed 株式会社ドリーム (process 71), still open
DREAM = "3270001005571"  # 株式会社ドリーム: closed 2015-12-03 by the merger (21, cause 11)
OAK = "1270001003164"  # 株式会社オーク建設: restored (22)
ICHIJO = "8270001000460"  # 株式会社一条リフォーム: trade name changed (11)
MANABIYA = "9270001002951"  # 株式会社まなびや園
YONAGO_CENTRAL = "5270001003565"  # 株式会社米子セントラル不動産管理
MATSUNAGA = "7270002002168"  # 松永商事有限会社
NEW_NUMBER = with_check_digit("270001999990")


def import_files(*paths: Path, batch_size: int = 20_000) -> ImportStats:
    return MasterImporter(batch_size=batch_size).import_files(paths)


def snapshot() -> list[tuple[Any, ...]]:
    return list(Corporation.objects.order_by("corporate_number").values_list())


def row(
    number: str,
    name: str,
    *,
    sequence: int = 1,
    process: str = "01",
    update: str = "2026-04-01",
    change: str | None = None,
    kind: str = "301",
    close_date: str = "",
    close_cause: str = "",
    successor: str = "",
    latest: str = "1",
    furigana: str | None = "",
    hidden: str = "0",
    city: str = "鳥取市",
    street: str = "東町１丁目１番地",
) -> list[str]:
    """One row in the tax agency's layout: 30 columns, or 28 when ``furigana`` is None."""
    values = [
        str(sequence),
        number,
        process,
        "0",
        update,
        change or update,
        name,
        "",
        kind,
        "鳥取県",
        city,
        street,
        "",
        "31",
        "201",
        "6800011",
        "",
        "",
        close_date,
        close_cause,
        successor,
        "",
        "2015-10-05",
        latest,
        "",
        "",
        "",
        "",
    ]
    if furigana is not None:
        values += [furigana, hidden]
    return values


def csv_text(rows: list[list[str]]) -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue()


def write_csv(path: Path, rows: list[list[str]], *, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + csv_text(rows), encoding="utf-8")
    return path


def write_zip(path: Path, rows: list[list[str]], member: str = "31_tottori_diff.csv") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, csv_text(rows))
        archive.writestr(member + ".asc", "-----BEGIN PGP SIGNATURE-----\nnot a csv\n")
    return path


# --- The check digit -------------------------------------------------------------------------


def test_the_fast_check_digit_agrees_with_python_stdnum() -> None:
    rng = random.Random(6)
    for _ in range(5000):
        body = f"{rng.randrange(10**12):012d}"
        right = str(stdnum_cn.calc_check_digit(body))
        assert has_valid_check_digit(right + body)
        wrong = str(rng.choice([d for d in range(10) if str(d) != right]))
        assert not has_valid_check_digit(wrong + body)
    for bad in ("", "123", "１０００１３０５０２３８", "100001305023x", "10000130502380"):
        assert not has_valid_check_digit(bad)


# --- The real sample -------------------------------------------------------------------------


@needs_sample
def test_the_tottori_sample_is_imported_completely() -> None:
    stats = import_files(TOTTORI)

    assert (stats.files, stats.sources) == (1, 1)  # the .asc signature is not read
    assert stats.rows == TOTTORI_ROWS
    assert stats.inserted == TOTTORI_ROWS
    assert (stats.updated, stats.unchanged, stats.rejected, stats.outdated) == (0, 0, 0, 0)
    assert stats.closed == 394  # rows of the sample with a close date
    assert stats.failures == []
    assert Corporation.objects.count() == TOTTORI_ROWS
    assert set(Corporation.objects.values_list("prefecture_code", flat=True)) == {"31"}

    court = Corporation.objects.get(corporate_number=COURT)
    assert (court.name, court.kind, court.prefecture_name) == ("鳥取簡易裁判所", "101", "鳥取県")
    assert (court.city_name, court.street, court.post_code) == (
        "鳥取市",
        "東町２丁目２２３",
        "6800011",
    )
    assert court.update_date == dt.date(2015, 10, 26)
    assert court.assignment_date == dt.date(2015, 10, 5)
    assert court.process == "01"
    assert not court.is_closed
    assert court.name_kana == ""  # the 2017 layout has no furigana
    iwami = Corporation.objects.get(corporate_number=IWAMI)
    assert (iwami.name, iwami.kind, iwami.prefecture_code) == ("岩美町", "201", "31")
    ichijo = Corporation.objects.get(corporate_number=ICHIJO)
    assert (ichijo.name, ichijo.process) == ("株式会社一条リフォーム", "11")


@needs_sample
def test_a_merger_closes_the_absorbed_corporation_and_not_the_absorbing_one() -> None:
    import_files(TOTTORI)

    # The tax agency writes 71 on the corporation that absorbed the other; it goes on.
    tamagawa = Corporation.objects.get(corporate_number=TAMAGAWA)
    assert (tamagawa.name, tamagawa.process) == ("株式会社玉川", "71")
    assert tamagawa.close_date is None and not tamagawa.is_closed
    # The absorbed one is closed (21) with cause 11 and its successor's number.
    dream = Corporation.objects.get(corporate_number=DREAM)
    assert (dream.process, dream.close_cause) == ("21", "11")
    assert dream.close_date == dt.date(2015, 12, 3)
    assert dream.successor_corporate_number == TAMAGAWA
    assert dream.is_closed
    oak = Corporation.objects.get(corporate_number=OAK)
    assert (oak.process, oak.close_date) == ("22", None)


@needs_sample
def test_importing_the_same_file_twice_changes_nothing() -> None:
    import_files(TOTTORI)
    before = snapshot()

    again = import_files(TOTTORI, batch_size=5000)

    assert again.rows == TOTTORI_ROWS
    assert (again.inserted, again.updated, again.closed, again.deleted) == (0, 0, 0, 0)
    assert again.unchanged == TOTTORI_ROWS
    assert again.changed == 0
    assert snapshot() == before


# --- Difference files ------------------------------------------------------------------------


@needs_sample
def test_a_difference_file_applies_each_process_and_the_newest_state_wins(tmp_path: Path) -> None:
    import_files(TOTTORI)
    diff = [
        row(ICHIJO, "株式会社一条ホーム", process="11", furigana="イチジョウホーム", sequence=1),
        row(MANABIYA, "株式会社まなびや園", process="21", close_date="2026-03-31",
            close_cause="01", sequence=2),
        # The brief's reading of 71: the absorbed side, with its successor.
        row(YONAGO_CENTRAL, "株式会社米子セントラル不動産管理", process="71",
            close_date="2026-03-20", close_cause="11", successor=TAMAGAWA, sequence=3),
        row(MATSUNAGA, "松永商事有限会社", process="99", kind="302", sequence=4),
        row(NEW_NUMBER, "ＮＥＷ株式会社", process="01", furigana="ニュー", sequence=5,
            update="2026-04-02"),
        # An older, historical record of the renamed corporation: it must not win.
        row(ICHIJO, "株式会社一条リフォーム", process="11", update="2026-03-01", latest="0",
            sequence=6),
        # A malformed row (wrong check digit: 株式会社玉川's number mistyped) on line 7.
        row("1270001000417", "壊れた株式会社", sequence=7),
        row(COURT, "鳥取簡易裁判所", process="01", update="2015-10-26", change="2015-10-05",
            kind="101", street="東町２丁目２２３", sequence=8,
            furigana="トットリカンイサイバンショ"),
    ]  # fmt: skip
    # The court's row is the sample's, now with a reading: only the reading changes.
    path = write_csv(tmp_path / "31_tottori_diff_20260430.csv", diff)

    stats = import_files(path)

    assert stats.rows == 8
    assert stats.rejected == 1
    assert str(stats.rejections[0]) == (
        "31_tottori_diff_20260430.csv line 7: invalid corporate number '1270001000417'"
    )
    assert stats.outdated == 1
    assert (stats.inserted, stats.updated, stats.unchanged) == (1, 5, 0)
    assert (stats.closed, stats.deleted) == (2, 1)

    ichijo = Corporation.objects.get(corporate_number=ICHIJO)
    assert (ichijo.name, ichijo.name_kana, ichijo.process) == (
        "株式会社一条ホーム",
        "イチジョウホーム",
        "11",
    )
    assert ichijo.update_date == dt.date(2026, 4, 1)
    manabiya = Corporation.objects.get(corporate_number=MANABIYA)
    assert (manabiya.close_date, manabiya.close_cause) == (dt.date(2026, 3, 31), "01")
    absorbed = Corporation.objects.get(corporate_number=YONAGO_CENTRAL)
    assert absorbed.close_date == dt.date(2026, 3, 20)
    assert (absorbed.close_cause, absorbed.successor_corporate_number) == ("11", TAMAGAWA)
    matsunaga = Corporation.objects.get(corporate_number=MATSUNAGA)
    assert matsunaga.deleted and matsunaga.is_closed
    assert (matsunaga.name, matsunaga.process) == ("松永商事有限会社", "99")  # the row is kept
    new = Corporation.objects.get(corporate_number=NEW_NUMBER)
    assert (new.name, new.name_kana, new.prefecture_code) == ("ＮＥＷ株式会社", "ニュー", "31")
    court = Corporation.objects.get(corporate_number=COURT)
    assert (court.name, court.name_kana) == ("鳥取簡易裁判所", "トットリカンイサイバンショ")
    assert Corporation.objects.count() == TOTTORI_ROWS + 1

    # The same difference file again: nothing changes.
    before = snapshot()
    again = import_files(path)
    assert (again.inserted, again.updated, again.closed, again.deleted) == (0, 0, 0, 0)
    assert again.rejected == 1
    assert snapshot() == before

    # Re-importing the older full dump afterwards does not roll the changes back.
    old = import_files(TOTTORI)
    assert old.changed == 0
    # Four of the five corporations the difference file changed have a newer update date now;
    # the court's row has the same date (applied, but equal once its reading is kept).
    assert old.outdated == 4
    assert snapshot() == before


def test_later_rows_of_a_file_win_and_a_historical_row_never_replaces_a_newer_one(
    tmp_path: Path,
) -> None:
    number = with_check_digit("270001000001")
    path = write_csv(
        tmp_path / "changes.csv",
        [
            row(number, "株式会社あさひ", update="2026-01-10", sequence=1),
            row(number, "株式会社あさひ商事", process="11", update="2026-02-01", sequence=2),
            row(number, "株式会社あさひ物産", process="11", update="2026-02-01", sequence=3),
            row(number, "株式会社あさひ", update="2026-02-01", latest="0", sequence=4),
            row(number, "株式会社あさひ", update="2026-01-10", sequence=5),
        ],
    )

    stats = import_files(path)

    corporation = Corporation.objects.get(corporate_number=number)
    assert corporation.name == "株式会社あさひ物産"
    assert (stats.inserted, stats.outdated) == (1, 2)

    # A historical row strictly newer than what is known does apply (nothing newer exists).
    later = write_csv(
        tmp_path / "later.csv",
        [row(number, "株式会社あさひ物流", update="2026-03-01", latest="0")],
    )
    assert import_files(later).updated == 1
    assert Corporation.objects.get(corporate_number=number).name == "株式会社あさひ物流"


def test_rows_for_one_number_in_different_batches_are_applied_in_order(tmp_path: Path) -> None:
    number = with_check_digit("270001000002")
    other = [row(with_check_digit(f"27000200{i:04d}"), f"会社{i}") for i in range(5)]
    path = write_csv(
        tmp_path / "batches.csv",
        [
            row(number, "旧商号株式会社", update="2026-01-01"),
            *other,
            row(number, "新商号株式会社", process="11", update="2026-02-01"),
        ],
    )

    stats = import_files(path, batch_size=2)

    assert Corporation.objects.get(corporate_number=number).name == "新商号株式会社"
    assert (stats.inserted, stats.updated) == (6, 1)


def test_restoring_a_closed_corporation_clears_its_closing(tmp_path: Path) -> None:
    number = with_check_digit("270001000003")
    successor = with_check_digit("270001000004")
    write_csv(
        tmp_path / "closed.csv",
        [
            row(number, "株式会社閉鎖", process="21", update="2026-01-10",
                close_date="2026-01-05", close_cause="11", successor=successor),
        ],
    )  # fmt: skip
    import_files(tmp_path / "closed.csv")
    assert Corporation.objects.get(corporate_number=number).is_closed

    # A 22 row restores it, even if it still carried the old close fields.
    write_csv(
        tmp_path / "restored.csv",
        [
            row(number, "株式会社閉鎖", process="22", update="2026-02-10",
                close_date="2026-01-05", close_cause="11", successor=successor),
        ],
    )  # fmt: skip
    stats = import_files(tmp_path / "restored.csv")

    corporation = Corporation.objects.get(corporate_number=number)
    assert stats.updated == 1
    assert (corporation.close_date, corporation.close_cause) == (None, "")
    assert corporation.successor_corporate_number == ""
    assert not corporation.is_closed


def test_a_closing_row_without_a_close_date_closes_on_the_change_date(tmp_path: Path) -> None:
    number = with_check_digit("270001000005")
    erased = with_check_digit("270001000006")
    path = write_csv(
        tmp_path / "closing.csv",
        [
            row(number, "株式会社閉鎖", process="21", update="2026-01-10", change="2026-01-07"),
            row(erased, "商号抹消株式会社", process="81", update="2026-01-12"),
        ],
    )

    stats = import_files(path)

    assert Corporation.objects.get(corporate_number=number).close_date == dt.date(2026, 1, 7)
    assert Corporation.objects.get(corporate_number=erased).close_date == dt.date(2026, 1, 12)
    assert stats.closed == 2


def test_a_deleted_corporation_can_come_back_with_a_newer_row(tmp_path: Path) -> None:
    number = with_check_digit("270001000007")
    write_csv(tmp_path / "a.csv", [row(number, "株式会社削除", process="99", update="2026-01-10")])
    stats = import_files(tmp_path / "a.csv")
    assert stats.deleted == 1
    assert Corporation.objects.get(corporate_number=number).deleted

    write_csv(tmp_path / "b.csv", [row(number, "株式会社削除", process="01", update="2026-02-10")])
    import_files(tmp_path / "b.csv")
    assert not Corporation.objects.get(corporate_number=number).deleted


def test_the_old_layout_keeps_the_reading_and_search_flag_already_known(tmp_path: Path) -> None:
    number = with_check_digit("270001000008")
    write_csv(
        tmp_path / "new.csv",
        [row(number, "株式会社よみ", furigana="ヨミ", hidden="1", update="2026-01-10")],
    )
    import_files(tmp_path / "new.csv")
    corporation = Corporation.objects.get(corporate_number=number)
    assert (corporation.name_kana, corporation.hidden) == ("ヨミ", True)

    write_csv(
        tmp_path / "old.csv",
        [row(number, "株式会社よみかた", process="11", furigana=None, update="2026-02-10")],
    )
    stats = import_files(tmp_path / "old.csv")

    corporation = Corporation.objects.get(corporate_number=number)
    assert stats.updated == 1
    assert corporation.name == "株式会社よみかた"
    assert (corporation.name_kana, corporation.hidden) == ("ヨミ", True)


# --- Zip and plain CSV, malformed rows -------------------------------------------------------


def test_a_csv_in_a_zip_and_the_same_csv_plain_give_the_same_master(tmp_path: Path) -> None:
    rows = [
        row(
            with_check_digit(f"27000300{i:04d}"),
            f"株式会社テスト{i}",
            furigana="テスト",
            sequence=i,
        )
        for i in range(1, 51)
    ]
    zipped = write_zip(tmp_path / "31_tottori_all_20260401.zip", rows)
    plain = write_csv(tmp_path / "31_tottori_all_20260401.csv", rows, bom=True)

    assert [s.label for s in inspect_file(zipped)] == [
        "31_tottori_all_20260401.zip:31_tottori_diff.csv"
    ]
    first = import_files(zipped)
    assert (first.inserted, first.rows) == (50, 50)
    imported = snapshot()
    Corporation.objects.all().delete()

    second = import_files(plain)  # with a byte-order mark

    assert (second.inserted, second.rejected) == (50, 0)
    assert [r[1:] for r in snapshot()] == [r[1:] for r in imported]  # ids aside


def test_malformed_rows_are_reported_with_their_line_and_do_not_stop_the_import(
    tmp_path: Path,
) -> None:
    good = [row(with_check_digit(f"27000400{i:04d}"), f"株式会社良{i}") for i in range(4)]
    short = row(with_check_digit("270004009999"), "株式会社短")[:20]
    bad_date = row(with_check_digit("270004009998"), "株式会社日付", update="2026-02-30")
    bad_process = row(with_check_digit("270004009997"), "株式会社処理", process="55")
    too_long = row(with_check_digit("270004009996"), "株" * 301)
    text = csv_text([good[0], short, good[1], bad_date, bad_process, too_long, good[2]])
    damaged = csv_text([row(with_check_digit("270004009995"), "株式会社壊")]).encode()
    damaged = damaged.replace("壊".encode(), b"\xff\xfe")
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode() + damaged + csv_text([good[3]]).encode())

    stats = import_files(path)

    assert stats.rows == 9
    assert stats.inserted == 4
    assert stats.rejected == 5
    assert [(r.line, r.reason) for r in stats.rejections] == [
        (2, "20 columns (expected 28 or 30)"),
        (4, "bad update date '2026-02-30' (expected YYYY-MM-DD)"),
        (5, "unknown process code '55'"),
        (6, "name longer than 300 characters"),
        (8, "bytes that are not UTF-8"),
    ]
    assert all(r.source == "mixed.csv" for r in stats.rejections)


# --- Files that cannot be read ---------------------------------------------------------------


def test_files_that_cannot_be_read_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    good = write_csv(tmp_path / "good.csv", [row(with_check_digit("270005000001"), "株式会社良")])
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "sjis.csv").write_bytes(
        csv_text([row("1000013050238", "鳥取簡易裁判所")]).encode("cp932")
    )
    (tmp_path / "image.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with zipfile.ZipFile(tmp_path / "empty.zip", "w") as archive:
        archive.writestr("readme.txt", "no csv here")

    expected = {
        "missing.csv": "file not found",
        "notes.txt": "not a zip or CSV file",
        "broken.zip": "not a valid zip file",
        "sjis.csv": "not UTF-8 text",
        "image.csv": "a binary file",
        "empty.zip": "holds no .csv file",
    }
    for name, message in expected.items():
        with pytest.raises(MasterFileError, match=message):
            inspect_file(tmp_path / name)
        with pytest.raises(MasterFileError, match=message):
            import_files(good, tmp_path / name)
    assert not Corporation.objects.exists()


def test_the_command_prints_a_summary_and_fails_clearly_on_an_unreadable_file(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "31.csv",
        [
            row(with_check_digit("270006000001"), "株式会社一", sequence=1),
            row("1234567890123", "株式会社二", sequence=2),
            row(with_check_digit("270006000003"), "株式会社三", process="21",
                close_date="2026-03-01", sequence=3),
        ],
    )  # fmt: skip
    out, err = io.StringIO(), io.StringIO()

    call_command("import_corporations", str(path), stdout=out, stderr=err)

    text = out.getvalue()
    assert "rows read" in text and "rejected" in text
    assert re.search(r"inserted +2\n", text)
    assert re.search(r"closed +1\n", text)
    assert "31.csv line 2: invalid corporate number '1234567890123'" in text

    quiet = io.StringIO()
    call_command("import_corporations", "--quiet", str(path), stdout=quiet, stderr=err)
    assert quiet.getvalue().startswith("Corporation master: files 1, rows read 3, inserted 0")
    assert "unchanged 2" in quiet.getvalue()

    with pytest.raises(CommandError, match=r"Nothing was imported: .*missing\.zip: file not found"):
        call_command("import_corporations", str(path), str(tmp_path / "missing.zip"), stdout=out)


def test_updates_in_several_batches_of_one_import(tmp_path: Path) -> None:
    numbers = [with_check_digit(f"27000700{i:04d}") for i in range(3)]
    write_csv(tmp_path / "a.csv", [row(n, f"株式会社旧{i}") for i, n in enumerate(numbers)])
    import_files(tmp_path / "a.csv")
    write_csv(
        tmp_path / "b.csv",
        [
            row(n, f"株式会社新{i}", process="11", update="2026-05-01")
            for i, n in enumerate(numbers)
        ],
    )

    stats = import_files(tmp_path / "b.csv", batch_size=1)

    assert stats.updated == 3
    assert sorted(Corporation.objects.values_list("name", flat=True)) == [
        "株式会社新0",
        "株式会社新1",
        "株式会社新2",
    ]


def test_a_zip_that_breaks_while_being_read_keeps_what_was_read_and_fails(
    tmp_path: Path,
) -> None:
    rows = [row(with_check_digit(f"2700080{i:05d}"), f"株式会社{i}") for i in range(2000)]
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("damaged.csv", csv_text(rows))
    data = bytearray(path.read_bytes())
    end = data.rindex(b"\n", 0, len(data) - 200)  # inside the member's last rows
    data[end - 40 : end - 20] = b"X" * 20
    path.write_bytes(bytes(data))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match=r"damaged\.zip:damaged\.csv: reading stopped"):
        call_command(
            "import_corporations", "--batch-size", "500", str(path), stdout=out, stderr=err
        )

    # The batches read before the damage was found are kept.
    assert Corporation.objects.count() >= 1500


def test_the_command_shows_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from partnership.companies.management.commands import import_corporations

    monkeypatch.setattr(import_corporations, "PROGRESS_EVERY", 0.0)
    path = write_csv(
        tmp_path / "p.csv",
        [row(with_check_digit(f"27000900{i:04d}"), "株式会社") for i in range(5)],
    )
    err = io.StringIO()

    call_command(
        "import_corporations", "--batch-size", "2", str(path), stdout=io.StringIO(), stderr=err
    )

    assert "p.csv: 2 rows" in err.getvalue()
    assert "rows/s" in err.getvalue()
    quiet = io.StringIO()
    call_command("import_corporations", "--quiet", str(path), stdout=io.StringIO(), stderr=quiet)
    assert quiet.getvalue() == ""
