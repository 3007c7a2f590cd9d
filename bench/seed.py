"""How long does seed_demo take for N companies on SQLite and on PostgreSQL?

    .venv/bin/python bench/seed.py [--companies 100000] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

Each engine gets a fresh database (a temporary SQLite file; a new PostgreSQL database with a
UTF-8 LC_CTYPE, dropped afterwards). Prints seconds per engine, rows per second and the ratio
between the engines measured in this one run.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from _common import fresh_database, manage


def seed(env: dict[str, str], companies: int) -> float:
    manage(env, "migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    out = manage(
        env, "seed_demo", "--companies", str(companies), "--seed", "1", "--as-of", "2026-11-25"
    )
    elapsed = time.monotonic() - started
    print("   ", out.strip().splitlines()[-1])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"DEBUG": "1"}
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print(f"SQLite, {args.companies:,} companies")
        results["sqlite"] = seed(base | {"VAR_DIR": tmp}, args.companies)
    with fresh_database(args.postgres_url, f"registry_bench_{os.getpid()}", base) as pg_env:
        if pg_env is not None:
            print(f"PostgreSQL, {args.companies:,} companies")
            results["postgresql"] = seed(pg_env, args.companies)
    print()
    for engine, seconds in results.items():
        verdict = "yes" if seconds < 60 else "NO"
        rate = args.companies / seconds
        print(f"{engine:<11} {seconds:6.1f} s   {rate:8,.0f} companies/s   under 60 s: {verdict}")
    if len(results) == 2:
        print(f"ratio postgresql/sqlite: {results['postgresql'] / results['sqlite']:.2f}")


if __name__ == "__main__":
    main()
