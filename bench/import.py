"""How long does import_corporations take for a national-size file on SQLite and PostgreSQL?

    .venv/bin/python bench/import.py [--rows 1700000] [--engines sqlite,postgresql]
        [--diff-share 0.01] [--batch-size 20000] [--keep-files DIR] [--seed 1]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

Generates, in a temporary directory, a synthetic full dump in the tax agency's 30-column
layout (valid check digits, realistic names, readings and addresses; a mix of new, renamed,
moved and closed corporations; zipped with a dummy ``.asc`` signature like the real files)
and a difference file touching about ``--diff-share`` of the corporations (renames, moves,
closures, mergers, deletions, new corporations, a few historical rows). Then, per engine, on
a fresh database (a temporary SQLite file under a temporary VAR_DIR; a new PostgreSQL
database with a UTF-8 LC_CTYPE, dropped afterwards), times ``manage.py import_corporations``:

1. fresh import of the full dump,
2. the same file again (nothing changes: re-import),
3. the difference file.

Prints seconds, rows per second and whether the fresh import meets the 120 s target, with the
load average of the machine (the figures are only comparable on an otherwise idle machine).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

from _common import fresh_database, manage

TARGET_SECONDS = 120.0
FULL_NAME = "00_zenkoku_all_20260401.zip"
DIFF_NAME = "00_zenkoku_diff_20260430.zip"

PREFECTURES = [
    ("01", "北海道", "Hokkaido"), ("02", "青森県", "Aomori"), ("03", "岩手県", "Iwate"),
    ("04", "宮城県", "Miyagi"), ("05", "秋田県", "Akita"), ("06", "山形県", "Yamagata"),
    ("07", "福島県", "Fukushima"), ("08", "茨城県", "Ibaraki"), ("09", "栃木県", "Tochigi"),
    ("10", "群馬県", "Gunma"), ("11", "埼玉県", "Saitama"), ("12", "千葉県", "Chiba"),
    ("13", "東京都", "Tokyo"), ("14", "神奈川県", "Kanagawa"), ("15", "新潟県", "Niigata"),
    ("16", "富山県", "Toyama"), ("17", "石川県", "Ishikawa"), ("18", "福井県", "Fukui"),
    ("19", "山梨県", "Yamanashi"), ("20", "長野県", "Nagano"), ("21", "岐阜県", "Gifu"),
    ("22", "静岡県", "Shizuoka"), ("23", "愛知県", "Aichi"), ("24", "三重県", "Mie"),
    ("25", "滋賀県", "Shiga"), ("26", "京都府", "Kyoto"), ("27", "大阪府", "Osaka"),
    ("28", "兵庫県", "Hyogo"), ("29", "奈良県", "Nara"), ("30", "和歌山県", "Wakayama"),
    ("31", "鳥取県", "Tottori"), ("32", "島根県", "Shimane"), ("33", "岡山県", "Okayama"),
    ("34", "広島県", "Hiroshima"), ("35", "山口県", "Yamaguchi"), ("36", "徳島県", "Tokushima"),
    ("37", "香川県", "Kagawa"), ("38", "愛媛県", "Ehime"), ("39", "高知県", "Kochi"),
    ("40", "福岡県", "Fukuoka"), ("41", "佐賀県", "Saga"), ("42", "長崎県", "Nagasaki"),
    ("43", "熊本県", "Kumamoto"), ("44", "大分県", "Oita"), ("45", "宮崎県", "Miyazaki"),
    ("46", "鹿児島県", "Kagoshima"), ("47", "沖縄県", "Okinawa"),
]  # fmt: skip
# Roughly the share of corporations per prefecture (Tokyo and Osaka dominate).
WEIGHTS = [5, 1, 1, 2, 1, 1, 2, 2, 2, 2, 5, 4, 25, 7, 2, 1, 1, 1, 1, 2, 2, 3, 6, 1, 1, 2, 9,
           4, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1]  # fmt: skip
CITIES = ["中央区", "北区", "南区", "西区", "東区", "港区", "青葉区", "緑区", "本町", "中町",
          "市川市", "松本市", "高松市", "浜松市", "豊田市", "倉敷市", "福山市", "久留米市",
          "岩美郡岩美町", "西伯郡南部町", "八頭郡智頭町", "上益城郡山都町"]  # fmt: skip
TOWNS = ["本町", "栄町", "旭町", "緑町", "大字浦富", "大字智頭", "錦町", "東町", "西町",
         "駅前", "新町", "昭和町", "寿町", "幸町", "松原", "桜台", "若葉"]  # fmt: skip
# (kind code, legal form, reading of the form, whether it comes first, English suffix)
FORMS = [
    ("301", "株式会社", "カブシキガイシャ", True, "Co., Ltd."),
    ("301", "株式会社", "カブシキガイシャ", False, "Co., Ltd."),
    ("302", "有限会社", "ユウゲンガイシャ", True, "Ltd."),
    ("305", "合同会社", "ゴウドウガイシャ", False, "LLC"),
    ("304", "合資会社", "ゴウシガイシャ", True, ""),
    ("399", "一般社団法人", "イッパンシャダンホウジン", True, ""),
    ("399", "医療法人社団", "イリョウホウジンシャダン", True, ""),
    ("399", "特定非営利活動法人", "トクテイヒエイリカツドウホウジン", True, ""),
]
FORM_WEIGHTS = [30, 20, 30, 8, 2, 4, 3, 3]
# (kanji, katakana reading, romanisation) pieces of trade names.
STEMS = [
    ("山田", "ヤマダ", "Yamada"), ("鈴木", "スズキ", "Suzuki"), ("田中", "タナカ", "Tanaka"),
    ("日本", "ニホン", "Nihon"), ("東洋", "トウヨウ", "Toyo"), ("大和", "ヤマト", "Yamato"),
    ("中央", "チュウオウ", "Chuo"), ("北辰", "ホクシン", "Hokushin"), ("三光", "サンコウ", "Sanko"),
    ("光", "ヒカリ", "Hikari"), ("ミライ", "ミライ", "Mirai"),
    ("サンライズ", "サンライズ", "Sunrise"), ("グリーン", "グリーン", "Green"),
    ("ＡＢＣ", "エービーシー", "ABC"), ("ＴＥＣＨ", "テック", "Tech"), ("アオバ", "アオバ", "Aoba"),
    ("高林", "タカバヤシ", "Takabayashi"),
]  # fmt: skip
TRADES = [
    ("精工", "セイコウ", "Seiko"), ("建設", "ケンセツ", "Construction"),
    ("商事", "ショウジ", "Trading"), ("電機", "デンキ", "Electric"),
    ("工業", "コウギョウ", "Industries"), ("製作所", "セイサクショ", "Works"),
    ("不動産", "フドウサン", "Real Estate"), ("運輸", "ウンユ", "Transport"),
    ("食品", "ショクヒン", "Foods"), ("ホールディングス", "ホールディングス", "Holdings"),
    ("システムズ", "システムズ", "Systems"), ("物産", "ブッサン", "Bussan"),
]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_WEIGHT_212 = (2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1)
# Columns the tax agency quotes: names, addresses, change cause, English texts, furigana.
QUOTED = frozenset({6, 9, 10, 11, 16, 21, 24, 25, 26, 27, 28})


def with_check_digit(body: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(body, _WEIGHT_212, strict=True))
    return f"{9 - total % 9}{body}"


def numbers(count: int, rng: random.Random) -> Iterator[str]:
    """Distinct, ascending corporate numbers shaped like real ones (registry office, kind,
    serial)."""
    serial = 0
    office = 1000
    while serial < count:
        office += rng.randint(1, 3)
        for kind in (1, 2, 3, 5):
            for number in sorted(rng.sample(range(1_000_000), rng.randint(20, 400))):
                if serial >= count:
                    return
                serial += 1
                yield with_check_digit(f"{office:04d}{kind:02d}{number:06d}")


def day(rng: random.Random, start: dt.date, spread: int) -> str:
    return (start + dt.timedelta(days=rng.randint(0, spread))).isoformat()


def make_row(
    sequence: int, number: str, rng: random.Random, *, process: str | None = None
) -> list[str]:
    """One 30-column row (state after ``process``; a realistic mix when None)."""
    code, form, form_kana, first, suffix = rng.choices(FORMS, FORM_WEIGHTS)[0]
    stem, stem_kana, stem_en = rng.choice(STEMS)
    trade, trade_kana, trade_en = rng.choice(TRADES)
    core, core_kana = f"{stem}{trade}", f"{stem_kana}{trade_kana}"
    name = f"{form}{core}" if first else f"{core}{form}"
    kana = f"{form_kana}{core_kana}" if first else f"{core_kana}{form_kana}"
    pref_index = rng.choices(range(len(PREFECTURES)), WEIGHTS)[0]
    pref_code, pref_name, pref_en = PREFECTURES[pref_index]
    city = rng.choice(CITIES)
    street = (
        f"{rng.choice(TOWNS)}{rng.randint(1, 9)}丁目{rng.randint(1, 2000)}番地{rng.randint(1, 30)}"
    ).translate(FULL_WIDTH)
    process = process or rng.choices(["01", "11", "12", "21", "71"], [90, 3, 4, 2.5, 0.5])[0]
    assigned = day(rng, dt.date(2015, 10, 5), 3000)
    updated = day(rng, dt.date.fromisoformat(assigned), 200)
    close_date = close_cause = successor = change_cause = ""
    if process == "21":
        close_date, close_cause = updated, rng.choice(["01", "01", "21", "31"])
    english = f"{stem_en} {trade_en} {suffix}".strip() if suffix and rng.random() < 0.05 else ""
    return [
        str(sequence),
        number,
        process,
        "0",
        updated,
        updated,
        name,
        "",
        code,
        pref_name,
        city,
        street,
        "",
        pref_code,
        f"{rng.randint(100, 999)}",
        f"{rng.randint(0, 9_999_999):07d}",
        "",
        "",
        close_date,
        close_cause,
        successor,
        change_cause,
        assigned,
        "1",
        english,
        pref_en if english else "",
        "",
        "",
        kana if rng.random() < 0.9 else "",
        "1" if rng.random() < 0.002 else "0",
    ]


def write_zip(path: Path, member: str, rows: Iterator[list[str]]) -> int:
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with (
            archive.open(member, "w") as raw,
            io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
        ):
            for row in rows:
                # Like the real files: text columns quoted when not empty, codes and dates not.
                text.write(
                    ",".join(
                        '"' + value.replace('"', '""') + '"' if value and index in QUOTED else value
                        for index, value in enumerate(row)
                    )
                    + "\n"
                )
                count += 1
        archive.writestr(member + ".asc", "-----BEGIN PGP SIGNATURE-----\n(dummy)\n")
    return count


def generate(directory: Path, count: int, share: float, seed: int) -> tuple[Path, Path, int]:
    """The full dump and the difference file; returns their paths and the diff's row count."""
    rng = random.Random(seed)
    full = directory / FULL_NAME
    sample: list[str] = []  # numbers the difference file will touch
    every = max(1, round(1 / share)) if share > 0 else 0

    def full_rows() -> Iterator[list[str]]:
        for sequence, number in enumerate(numbers(count, rng), start=1):
            if every and sequence % every == 0:
                sample.append(number)
            yield make_row(sequence, number, rng)

    write_zip(full, full.stem + ".csv", full_rows())
    diff = directory / DIFF_NAME
    diff_rng = random.Random(seed + 1)

    def diff_rows() -> Iterator[list[str]]:
        sequence = 0
        for number in sample:
            sequence += 1
            process = diff_rng.choices(["11", "12", "21", "71", "99"], [45, 35, 15, 3, 2])[0]
            row = make_row(sequence, number, diff_rng, process=process)
            row[4] = row[5] = day(diff_rng, dt.date(2026, 4, 1), 28)
            if process == "71":  # the absorbed corporation's row
                row[18], row[19] = row[4], "11"
                row[20] = diff_rng.choice(sample)
            if process == "21":
                row[18] = row[4]
            if diff_rng.random() < 0.05:  # an older, historical record after the latest one
                sequence += 1
                old = make_row(sequence, number, diff_rng, process="11")
                old[4] = old[5] = "2020-01-01"
                old[23] = "0"
                yield row
                yield old
                continue
            yield row
        new = numbers(len(sample) // 10, random.Random(seed + 2))
        for number in new:
            sequence += 1
            # A fresh office range so that the new numbers do not collide with the dump's.
            body = "9" + number[2:]
            row = make_row(sequence, with_check_digit(body), diff_rng, process="01")
            row[4] = row[5] = row[22] = "2026-04-15"
            yield row

    diff_count = write_zip(diff, diff.stem + ".csv", diff_rows())
    return full, diff, diff_count


def run(env: dict[str, str], *args: str) -> tuple[float, str]:
    """``manage.py args`` timed (seconds, output)."""
    started = time.monotonic()
    out = manage(env, *args)
    return time.monotonic() - started, out.strip()


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def measure(
    env: dict[str, str], full: Path, diff: Path, batch_size: int
) -> dict[str, tuple[float, str]]:
    run(env, "migrate", "--noinput", "-v", "0")
    results: dict[str, tuple[float, str]] = {}
    for step, path in (("fresh", full), ("re-import", full), ("diff", diff)):
        before = load()
        seconds, out = run(
            env, "import_corporations", "--quiet", "--batch-size", str(batch_size), str(path)
        )
        results[step] = (seconds, before)
        print(f"    {step:<10} {seconds:6.1f} s  load {before}  {out.splitlines()[-1]}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_700_000)
    parser.add_argument("--diff-share", type=float, default=0.01)
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep-files",
        type=Path,
        default=None,
        help="write the files to this directory and keep them (reused by the next run with "
        "the same --rows, --diff-share and --seed)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1"}
    results: dict[str, dict[str, tuple[float, str]]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        directory = args.keep_files or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        stamp = directory / f"generated-{args.rows}-{args.diff_share}-{args.seed}.txt"
        if args.keep_files and stamp.exists():  # the same files as last time: reuse them
            full, diff = directory / FULL_NAME, directory / DIFF_NAME
            diff_rows = int(stamp.read_text())
            print(f"Reusing {full} and {diff} ({diff_rows:,} rows)")
        else:
            full, diff, diff_rows = generate(directory, args.rows, args.diff_share, args.seed)
            stamp.write_text(str(diff_rows))
            print(
                f"Generated {args.rows:,} rows ({full.stat().st_size / 1e6:.0f} MB zipped) and "
                f"a difference file of {diff_rows:,} rows in {time.monotonic() - started:.0f} s"
            )
        if "sqlite" in engines:
            with tempfile.TemporaryDirectory(prefix="bench-import-sqlite-") as var:
                print(f"SQLite, {args.rows:,} rows")
                results["sqlite"] = measure(base | {"VAR_DIR": var}, full, diff, args.batch_size)
        if "postgresql" in engines:
            name = f"registry_bench_import_{os.getpid()}"
            with fresh_database(args.postgres_url, name, base) as pg_env:
                if pg_env is not None:
                    print(f"PostgreSQL, {args.rows:,} rows")
                    results["postgresql"] = measure(pg_env, full, diff, args.batch_size)
    print()
    print(f"{'engine':<11} {'fresh':>16} {'re-import':>16} {'diff':>16}   fresh under 120 s")
    for engine, steps in results.items():
        fresh, again, changes = (steps[k][0] for k in ("fresh", "re-import", "diff"))
        verdict = "yes" if fresh <= TARGET_SECONDS else "NO"
        print(
            f"{engine:<11} {fresh:6.1f} s {args.rows / fresh:6,.0f}/s "
            f"{again:6.1f} s {args.rows / again:6,.0f}/s "
            f"{changes:6.1f} s {diff_rows / changes:6,.0f}/s   {verdict}"
        )
    print(f"load average now: {load()} ({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
