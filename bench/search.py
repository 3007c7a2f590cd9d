"""How fast is the public listing (/declarations/) per query class, at 10k, 100k and 1M
declarations, on SQLite and on PostgreSQL?

    .venv/bin/python bench/search.py [--sizes 10000,100000,1000000] [--engines sqlite,postgresql]
        [--requests 30] [--warmup 3] [--explain] [--json var/bench-search.json] [--keep]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
    .venv/bin/python bench/search.py --existing /tmp/bench-search-sqlite-…/registry.sqlite3 \
        --existing postgres://postgres@127.0.0.1:5432/registry_bench_search_…   # no seeding

For every engine and size a fresh database is seeded with ``seed_demo`` (a temporary SQLite
file under a temporary VAR_DIR; a new PostgreSQL database with a UTF-8 LC_CTYPE, dropped
afterwards) with enough companies for the number of *declarations* to reach the size (the demo
makes about 1.25 declarations per company, two thirds of them published). Then ``ANALYZE``
(PostgreSQL: ``VACUUM ANALYZE``) and, in a subprocess running the project's settings with that
``DATABASE_URL`` (production settings: DEBUG off), every request is served in-process through
Django's test ``Client``, the same way for every query class:

- one-character kanji, two-character kanji, longer kanji, kana (a hiragana query for a katakana
  reading), Latin, corporate-number prefix, filters only, query plus filters, a deep page, the
  plain listing (facets recomputed, and facets cached) — each class with several terms drawn
  from the seeded data (the first one the broadest the data offers, e.g. 株);
- a trivial page (``/healthz``) as the baseline.

The Django cache is cleared before each timed request (so the cached facet counts do not hide
their cost), except in the "cached facets" rows. The test client keeps the database connection
between requests; the "new connection" rows close it before each request, as the production
server does on SQLite (CONN_MAX_AGE is 0 there). A term whose request takes more than
``--slow-cutoff`` seconds is requested only once (a million rows stay affordable): the table's
``n`` says how many requests a row has.

Prints, per engine and size: p50 and p95 in milliseconds, p95 over the trivial page's p95,
whether p95 is at most 50 ms (the target in DESIGN.md §5), the mean CPU time per request (this
process plus the PostgreSQL server process: steadier than latency on a busy machine) and the
number of published declarations each term matches; then each term's median. With
``--explain`` it also prints, for the slowest term of each class, the SQL the request issued
with per-query times and the plans (EXPLAIN QUERY PLAN / EXPLAIN (ANALYZE, BUFFERS)) of the
slowest queries. Nothing here asserts a time: it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote_plus, urlencode

from _common import ROOT, fresh_database, manage

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
# seed_demo's scenarios average 1.25 declarations per company; 1% more companies makes the
# declarations reach the size (the spread is well under 1% from 8,000 companies up).
DECLARATIONS_PER_COMPANY = 1.25
MARGIN = 1.01
TARGET_MS = 50.0
SAMPLE = 3000  # published companies the terms are drawn from
LEGAL_FORMS = (
    "株式会社",
    "有限会社",
    "合同会社",
    "合資会社",
    "合名会社",
    "一般社団法人",
    "一般財団法人",
    "医療法人社団",
    "社会福祉法人",
    "学校法人",
    "特定非営利活動法人",
)
KANJI_RUN = re.compile(r"[\u3400-\u9fff々]+")
LATIN_WORD = re.compile(r"[A-Za-z]{4,}")


# -- parent: databases, seeding, one subprocess per engine and size ------------------------------


def companies_for(declarations: int) -> int:
    return math.ceil(declarations / DECLARATIONS_PER_COMPANY * MARGIN)


@contextlib.contextmanager
def database(
    engine: str, size: int, base: dict[str, str], postgres_url: str, *, keep: bool = False
) -> Iterator[dict[str, str] | None]:
    """The environment of a fresh, empty database for ``engine`` (None if it cannot be made).
    With ``keep`` the database is left in place afterwards (for EXPLAIN by hand)."""
    with contextlib.ExitStack() as stack:
        if keep:
            tmp = tempfile.mkdtemp(prefix=f"bench-search-{engine}-{size}-")
        else:
            tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-search-"))
        env = base | {"VAR_DIR": tmp}
        if engine == "sqlite":
            yield env
            if keep:
                print(f"    kept: VAR_DIR={tmp}")
            return
        name = f"registry_bench_search_{os.getpid()}_{size}"
        with fresh_database(postgres_url, name, env, keep=keep) as pg_env:
            yield pg_env


def run_one(engine: str, size: int, env: dict[str, str], args: argparse.Namespace) -> dict:
    companies = companies_for(size)
    print(f"\n=== {engine}, {size:,} declarations ({companies:,} companies) ===", flush=True)
    started = time.monotonic()
    manage(env | {"DEBUG": "1"}, "migrate", "--noinput", "-v", "0")
    migrated = time.monotonic()
    out = manage(
        env | {"DEBUG": "1"},
        "seed_demo",
        "--companies",
        str(companies),
        "--seed",
        str(args.seed),
        "--as-of",
        "2026-11-25",
    )
    seeded = time.monotonic()
    print("   ", out.strip().splitlines()[-1], flush=True)
    print(
        f"    migrate {migrated - started:.1f} s, seed_demo {seeded - migrated:.1f} s", flush=True
    )
    data = measure_in_child(engine, env, args)
    data |= {
        "engine": engine,
        "size": size,
        "companies": companies,
        "migrate_s": round(migrated - started, 1),
        "seed_s": round(seeded - migrated, 1),
        "total_s": round(time.monotonic() - started, 1),
    }
    print(f"    {engine} at {size:,}: {data['total_s']:.0f} s in all", flush=True)
    return data


def run_existing(target: str, base: dict[str, str], args: argparse.Namespace) -> dict:
    """Measure a database seeded earlier (e.g. kept with --keep): migrate it, then measure."""
    if target.startswith(("postgres://", "postgresql://")):
        engine, url = "postgresql", target
    else:
        engine, url = "sqlite", f"sqlite:///{Path(target).resolve()}"
    print(f"\n=== {engine}, existing database {target} ===", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        env = base | {"VAR_DIR": tmp, "DATABASE_URL": url}
        manage(env, "migrate", "--noinput", "-v", "0")
        data = measure_in_child(engine, env, args)
    data |= {
        "engine": engine,
        "size": data["declarations"],
        "companies": None,
        "migrate_s": None,
        "seed_s": 0.0,
        "total_s": round(time.monotonic() - started, 1),
    }
    return data


def measure_in_child(engine: str, env: dict[str, str], args: argparse.Namespace) -> dict:
    """Run the measurement in a fresh interpreter with ``env`` (its own DATABASE_URL)."""
    manage(env, "collectstatic", "--noinput", "-v", "0")
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        child = [
            sys.executable,
            __file__,
            "--measure",
            report.name,
            "--requests",
            str(args.requests),
            "--warmup",
            str(args.warmup),
            "--terms",
            str(args.terms),
            "--seed",
            str(args.seed),
            "--class-budget",
            str(args.class_budget),
            "--slow-cutoff",
            str(args.slow_cutoff),
        ]
        if args.explain:
            child.append("--explain")
        result = subprocess.run(child, cwd=ROOT, env=env, check=False)
        if result.returncode != 0:
            sys.exit(f"measuring {engine} failed (exit {result.returncode})")
        return json.loads(Path(report.name).read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument("--requests", type=int, default=30, help="timed requests per class")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per class first")
    parser.add_argument("--terms", type=int, default=5, help="terms per query class")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's and the terms' seed")
    parser.add_argument(
        "--class-budget",
        type=float,
        default=120.0,
        help="stop timing a class after this many seconds (fewer requests are then reported)",
    )
    parser.add_argument(
        "--slow-cutoff",
        type=float,
        default=5.0,
        help="a term whose request takes longer than this (seconds) is not requested again",
    )
    parser.add_argument("--explain", action="store_true", help="print SQL and query plans")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--keep", action="store_true", help="keep the databases afterwards (to EXPLAIN by hand)"
    )
    parser.add_argument(
        "--existing",
        action="append",
        default=[],
        metavar="SQLITE_FILE_OR_POSTGRES_URL",
        help="measure this already seeded database instead of seeding (repeatable; e.g. one "
        "kept by --keep, after a code change)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for engine in engines:
        if engine not in ("sqlite", "postgresql"):
            sys.exit(f"unknown engine {engine!r} (sqlite, postgresql)")
    # Seeding needs DEBUG (demo users); measuring runs the production settings.
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")} | {
        "DEBUG": "0",
        "SECRET_KEY": "bench-search-not-secret",
        "SECURE_HTTPS": "0",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "WARNING",
    }
    runs: list[dict] = [run_existing(target, base, args) for target in args.existing]
    for engine in [] if args.existing else engines:
        for size in sizes:
            with database(engine, size, base, args.postgres_url, keep=args.keep) as env:
                if env is None:
                    break
                runs.append(run_one(engine, size, env, args))
    print("\n\nSummary")
    for data in runs:
        print_table(data)
    print()
    for data in runs:
        seeded = f"seed_demo {data['seed_s']:7.1f} s" if data["seed_s"] else "existing database"
        print(
            f"{data['engine']:<11} {data['size']:>9,}: {seeded}, "
            f"analyze {data['analyze_s']:6.1f} s, measuring {data['measure_s']:6.1f} s, "
            f"in all {data['total_s']:7.1f} s"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")


# -- child: inside Django --------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def core_name(name: str) -> str:
    for form in LEGAL_FORMS:
        name = name.replace(form, "")
    return name


def hiragana(text: str) -> str:
    return text.translate({code: code - 0x60 for code in range(0x30A1, 0x30F7)})


def draw(
    rng: random.Random, broadest: str, preferred: str, pool: list[str], count: int
) -> list[str]:
    """``count`` distinct terms: the broadest, the preferred example when the data has it, then
    random draws from ``pool`` (one entry per occurrence, so common terms come up more)."""
    terms = [broadest]
    if preferred and preferred in pool and preferred not in terms:
        terms.append(preferred)
    attempts = 0
    while len(terms) < count and attempts < 10_000:
        attempts += 1
        term = rng.choice(pool)
        if term not in terms:
            terms.append(term)
    return terms


def substrings(texts: list[str], length: int) -> list[str]:
    return [text[i : i + length] for text in texts for i in range(len(text) - length + 1)]


def query_classes(rng: random.Random, terms: int) -> list[tuple[str, list[str]]]:
    """(class, [path, ...]) with terms drawn from a sample of the published companies."""
    from partnership.declarations.models import Declaration

    sample = list(
        Declaration.objects.published()
        .order_by("company__corporate_number")  # random numbers: a random sample
        .values_list(
            "company__name",
            "company__name_kana",
            "company__name_en",
            "company__corporate_number",
            "company__prefecture_id",
            "company__industry_id",
        )[:SAMPLE]
    )
    names = [row[0] for row in sample]
    cores = [core_name(name) for name in names]
    runs = [run for core in cores for run in KANJI_RUN.findall(core)]
    full_runs = [run for name in names for run in KANJI_RUN.findall(name)]
    kana = [hiragana(row[1]) for row in sample if row[1]]
    words = [w.lower() for row in sample for w in LATIN_WORD.findall(row[2])]

    def most_common(pool: list[str]) -> str:
        return Counter(pool).most_common(1)[0][0]

    kanji1 = draw(rng, most_common(substrings(full_runs, 1)), "山", substrings(runs, 1), terms)
    kanji2 = draw(rng, most_common(substrings(full_runs, 2)), "山田", substrings(runs, 2), terms)
    longer_pool = substrings(runs, 3) + substrings(runs, 4)
    kanji3 = draw(rng, most_common(substrings(runs, 3)), "製作所", longer_pool, terms)
    kana_pool = substrings(kana, 3) + substrings(kana, 4)
    kana_terms = draw(rng, most_common(substrings(kana, 3)), "やまだ", kana_pool, terms)
    latin_pool = [w[: rng.randint(4, 6)] for w in words]
    latin = draw(rng, most_common(words), "tech", latin_pool, terms)
    numbers = [row[3][:6] for row in rng.sample(sample, terms)]

    filters = [{"prefecture": "13", "industry": "E"}, {"prefecture": "27", "industry": "D"}]
    for row in rng.sample(sample, terms):
        pair = {"prefecture": row[4], "industry": row[5] or ""}
        if len(filters) < terms and pair not in filters:
            filters.append(pair)
    combined: list[dict[str, str]] = [{"q": kanji1[0], "prefecture": "13", "industry": "E"}]
    combined.append({"q": "山田" if "山田" in kanji2 else kanji2[1], "prefecture": "13"})
    for row in rng.sample(sample, terms):
        own = KANJI_RUN.findall(core_name(row[0]))
        grams = substrings(own, 2) or substrings(own, 1)
        if len(combined) < terms and grams:
            combined.append({"q": rng.choice(grams), "prefecture": row[4]})
    deep = [
        {"page": "200"},
        {"page": "200", "sort": "name"},
        {"page": "200", "sort": "number"},
        {"page": "200", "sort": "oldest"},
        {"page": "200", "per_page": "100"},
    ][:terms]

    def paths(params: list[dict[str, str]]) -> list[str]:
        return [f"/declarations/?{urlencode(p)}" for p in params]

    def q(values: list[str]) -> list[str]:
        return paths([{"q": v} for v in values])

    return [
        ("kanji, 1 character", q(kanji1)),
        ("kanji, 2 characters", q(kanji2)),
        ("kanji, 3-4 characters", q(kanji3)),
        ("kana (hiragana query)", q(kana_terms)),
        ("Latin", q(latin)),
        ("corporate number, 6 digits", q(numbers)),
        ("filters only", paths(filters)),
        ("query + filters", paths(combined)),
        ("deep page (page=200)", paths(deep)),
        ("deep page, cached facets", paths(deep)),
        ("plain listing", ["/declarations/"]),
        ("plain listing, cached facets", ["/declarations/"]),
        ("kanji 2, new connection", q(kanji2[1:] or kanji2)),
    ]


def measure(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from partnership.declarations.models import Declaration
    from partnership.registry import listing

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    analyze_s = time.monotonic() - started
    declarations = Declaration.objects.count()
    published = Declaration.objects.published().count()
    print(
        f"    {declarations:,} declarations, {published:,} published; "
        f"{'VACUUM ANALYZE' if connection.vendor == 'postgresql' else 'ANALYZE'} "
        f"{analyze_s:.1f} s",
        flush=True,
    )
    rng = random.Random(args.seed)
    classes = query_classes(rng, args.terms)
    client = Client()

    cpu_used = [0.0]  # this process's CPU seconds spent in timed requests

    def get(path: str, *, clear: bool, reconnect: bool = False) -> float:
        if clear:
            cache.clear()
        if reconnect:
            connection.close()
        cpu = time.process_time()
        began = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - began
        cpu_used[0] += time.process_time() - cpu
        if response.status_code != 200:
            sys.exit(f"{path}: HTTP {response.status_code}")
        return elapsed * 1000

    def timed(
        paths: list[str], *, clear: bool = True, reconnect: bool = False, requests: int = 0
    ) -> dict[str, Any]:
        """Warm up each term, then time requests round-robin over the terms. A term whose
        request takes longer than --slow-cutoff seconds is not requested again (its first
        time, even a warm-up, is kept as its sample), so that a million rows stay affordable;
        the class also stops after --class-budget seconds."""
        load = os.getloadavg()[0]
        cutoff = args.slow_cutoff * 1000
        slow: dict[str, float] = {}
        for i in range(max(args.warmup, len(paths))):
            path = paths[i % len(paths)]
            if path not in slow:
                ms = get(path, clear=clear, reconnect=reconnect)
                if ms > cutoff:
                    slow[path] = ms
        samples: list[tuple[str, float]] = list(slow.items())
        began = time.monotonic()
        cpu_used[0] = 0.0
        timed_requests = 0
        database_cpu = backend_cpu(connection)
        for i in range(requests or args.requests):
            path = paths[i % len(paths)]
            if path in slow:
                continue
            ms = get(path, clear=clear, reconnect=reconnect)
            timed_requests += 1
            samples.append((path, ms))
            if ms > cutoff:
                slow[path] = ms
            if time.monotonic() - began > args.class_budget and len(samples) >= len(paths):
                break
        database_end = backend_cpu(connection)
        cpu_ms = None
        # Only when the same server process served the whole class (not after reconnects).
        if (
            timed_requests
            and database_cpu is not None
            and database_end is not None
            and database_cpu[0] == database_end[0]
        ):
            total = cpu_used[0] + database_end[1] - database_cpu[1]
            cpu_ms = total * 1000 / timed_requests
        times = [ms for _, ms in samples]
        per_term = {
            path: statistics.median([ms for p, ms in samples if p == path]) for path in paths
        }
        return {
            "n": len(times),
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "max": max(times),
            "terms": per_term,
            "slow_terms": sorted(slow),
            "cpu_ms": cpu_ms,
            "load": [round(load, 2), round(os.getloadavg()[0], 2)],
        }

    def matches(path: str) -> int:
        query = path.partition("?")[2]
        return listing.filtered(listing.parse_params(QueryDict(query))).count()

    measuring = time.monotonic()
    rows: list[dict[str, Any]] = []
    # The baseline is cheap: three times the requests for a steadier p95.
    baseline = timed(["/healthz"], requests=3 * args.requests) | {
        "class": "trivial page (/healthz)"
    }
    rows.append(baseline)
    for name, paths in classes:
        cached = name.endswith("cached facets")  # warmed up, then never cleared
        reconnect = name.endswith("new connection")
        result = timed(paths, clear=not cached, reconnect=reconnect)
        result["class"] = name
        result["matches"] = {path: matches(path) for path in paths}
        rows.append(result)
        print(
            f"    {name:<30} p50 {result['p50']:8.1f} ms  p95 {result['p95']:8.1f} ms"
            f"  (n {result['n']}, load {result['load'][0]:.1f}–{result['load'][1]:.1f})",
            flush=True,
        )
    rows.append(
        timed(["/healthz"], reconnect=True, requests=3 * args.requests)
        | {"class": "trivial, new connection"}
    )
    data = {
        "vendor": connection.vendor,
        "declarations": declarations,
        "published": published,
        "analyze_s": round(analyze_s, 1),
        "measure_s": round(time.monotonic() - measuring, 1),
        "rows": rows,
        "explain": [],
    }
    print_table(data)
    print_terms(data)
    if args.explain:
        for row in rows[1:-1]:
            if row["class"].endswith(("cached facets", "new connection")):
                continue
            slowest = max(row["terms"], key=row["terms"].get)
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                total = get(slowest, clear=True)
            data["explain"].append(
                explain(connection, row["class"], slowest, total, captured.captured_queries)
            )
    Path(args.measure).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def backend_cpu(connection: Any) -> tuple[int, float] | None:
    """(pid, CPU seconds) of the PostgreSQL server process serving ``connection`` when it runs
    on this machine and /proc shows it; (0, 0.0) for SQLite (it runs in this process)."""
    if connection.vendor != "postgresql":
        return (0, 0.0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    # utime and stime, fields 14 and 15 of proc(5), counted after the ")" from field 3.
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def short_sql(sql: str, limit: int = 400) -> str:
    sql = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql, count=1, flags=re.S)
    return sql if len(sql) <= limit else sql[:limit] + " …"


def explain(
    connection: Any, name: str, path: str, total: float, queries: list[dict[str, str]]
) -> dict[str, Any]:
    """Time each query of the request again, to the last row (SQLite computes lazily, so the
    time Django records around execute() can miss most of the work), and print the plans of
    the two slowest."""
    timed: list[tuple[float, str]] = []
    for query in queries:
        began = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(query["sql"])
            cursor.fetchall()
        timed.append(((time.perf_counter() - began) * 1000, query["sql"]))
    timed.sort(reverse=True)
    sql_ms = sum(ms for ms, _ in timed)
    print(f"\n--- {name}: {path}")
    print(f"    request {total:.1f} ms; its {len(timed)} queries run again: {sql_ms:.1f} ms")
    plans = []
    for ms, sql in timed[:4]:
        print(f"    {ms:8.1f} ms  {short_sql(sql, 200)}")
    for ms, sql in timed[:2]:
        if ms < 5:
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A query of many seconds is only planned, not run again.
                analyze = "(ANALYZE, BUFFERS) " if ms < 5000 else ""
                cursor.execute(f"EXPLAIN {analyze}" + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                depth: dict[int, int] = {0: 0}
                lines = []
                for node, parent, _unused, detail in cursor.fetchall():
                    depth[node] = depth.get(parent, 0) + 1
                    lines.append("  " * depth[node] + detail)
                plan = "\n".join(lines)
        print(f"\n    {ms:.1f} ms: {short_sql(sql)}")
        print("    " + plan.replace("\n", "\n    "))
        plans.append({"ms": ms, "sql": sql, "plan": plan})
    return {
        "class": name,
        "path": path,
        "request_ms": total,
        "sql_ms": sql_ms,
        "queries": [{"ms": ms, "sql": sql} for ms, sql in timed],
        "plans": plans,
    }


def print_table(data: dict[str, Any]) -> None:
    """A Markdown table. CPU is the mean per timed request of this process plus the PostgreSQL
    server process (when visible): unlike the latencies, it hardly moves with the machine's
    load."""
    rows = data["rows"]
    trivial = rows[0]["p95"]
    engine = data.get("engine", data["vendor"])
    loads = [load for row in rows for load in row.get("load", [])]
    print(
        f"\n{engine}: {data['declarations']:,} declarations ({data['published']:,} published), "
        f"load average {min(loads):.1f}–{max(loads):.1f} while measuring"
    )
    print(
        f"| {'class':<30} | {'n':>3} | {'p50 ms':>8} | {'p95 ms':>8} | {'p95/trivial':>11} "
        f"| {'≤ 50 ms':<7} | {'CPU ms':>7} | {'matches (published)':<19} |"
    )
    print(
        f"|{'-' * 32}|{'-' * 4}:|{'-' * 9}:|{'-' * 9}:|{'-' * 12}:|{'-' * 9}|{'-' * 8}:|{'-' * 21}|"
    )
    for row in rows:
        found = row.get("matches")
        span = ""
        if found:
            low, high = min(found.values()), max(found.values())
            span = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        verdict = "yes" if row["p95"] <= TARGET_MS else "NO"
        cpu = "" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        print(
            f"| {row['class']:<30} | {row['n']:>3} | {row['p50']:8.1f} | {row['p95']:8.1f} "
            f"| {row['p95'] / trivial:10.1f}× | {verdict:<7} | {cpu:>7} | {span:<19} |"
        )


def print_terms(data: dict[str, Any]) -> None:
    print("\nMedian per term (ms, matches):")
    for row in data["rows"][1:-1]:
        if "matches" not in row or row["class"].endswith(("cached facets", "new connection")):
            continue
        cells = []
        for path, ms in row["terms"].items():
            label = unquote_plus(path.partition("?")[2]) or "(none)"
            mark = " once, over the cutoff" if path in row["slow_terms"] else ""
            cells.append(f"{label} {ms:.0f}{mark} ({row['matches'][path]:,})")
        print(f"  {row['class']}: " + "; ".join(cells))


if __name__ == "__main__":
    main()
