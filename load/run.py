"""Load test (``make load``): the locust scenario of ``load/locustfile.py`` against gunicorn
and PostgreSQL on loopback, for a bounded number of users and seconds.

    .venv/bin/python load/run.py [--users 50] [--spawn-rate 10] [--time 60s]
        [--companies 20000] [--workers 4] [--threads 4]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
        [--redis-url redis://127.0.0.1:6379/9] [--keep]

Steps: a fresh UTF-8 PostgreSQL database ``registry_load_<pid>`` (dropped at the end unless
``--keep``), ``migrate``, ``seed_demo``, the load-test accounts (``load/prepare.py``),
``export_open_data`` and ``collectstatic``; gunicorn on a free port of 127.0.0.1 with the
production settings (``DEBUG=0``, plain HTTP on loopback) and Redis as the shared cache (the
database number given, emptied before and after; never use one that holds anything); then
locust headless. Prints requests, failures, p50 and p95 per endpoint and the total rate, and
exits non-zero when any request failed or the server logged an error.

Rate limits stay as in production: each simulated user connects from its own loopback
address (``LOAD_SPREAD_ADDRESSES``, see the locustfile), and the bulk API client uses an API
key, so no limit is lifted and none is reached by a well-behaved client.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _common import fresh_database, manage  # noqa: E402
from api import wait_for  # noqa: E402 - bench/api.py

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def flush_redis(url: str) -> None:
    """Empty the load test's own Redis database (rate-limit counters, cached pages)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def check_redis(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        sys.exit(f"Redis at {url} does not answer ({error}); start it, or pass --redis-url ''.")


class LoadSampler:
    """The 1-minute load average every few seconds while the test runs."""

    def __init__(self, every: float = 5.0) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _ms(value: str) -> str:
    try:
        return f"{float(value):,.0f}"
    except ValueError:
        return "–"


def report(stats_csv: Path, outcomes: dict[str, int]) -> tuple[int, int]:
    """Print the per-endpoint table; (requests, failures) in total."""
    with stats_csv.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    endpoints = sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"])
    print("\n| endpoint | requests | failures | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for row in [*endpoints, total]:
        name = row["Name"] if row is not total else "**all**"
        print(
            f"| `{name}` | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
            f"{_ms(row['50%'])} | {_ms(row['95%'])} |"
        )
    requests, failures = int(total["Request Count"]), int(total["Failure Count"])
    rate = float(total["Requests/s"])
    print(f"\ntotal: {requests:,} requests, {failures:,} failures, {rate:.1f} requests/s")
    if outcomes:
        print("outcomes: " + ", ".join(f"{k} {v}" for k, v in outcomes.items()))
    return requests, failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--time", default="60s", help="locust's --run-time (e.g. 60s, 5m)")
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--results",
        type=Path,
        default=ROOT / "var" / "load",
        help="where the statistics and the logs of the run are kept (a folder per run)",
    )
    args = parser.parse_args()
    if re.fullmatch(r"redis://[^/]+/?0?", args.redis_url):
        sys.exit("Use a Redis database of its own for the load test, not 0 (it is emptied).")
    if args.redis_url:
        check_redis(args.redis_url)

    with tempfile.TemporaryDirectory(prefix="load-") as tmp_name:
        tmp = Path(tmp_name)
        base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        base |= {
            "VAR_DIR": str(tmp),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Plain HTTP on loopback: no TLS terminator in front, so no secure-only cookies.
            "SECURE_HTTPS": "0",
            "LOG_LEVEL": "WARNING",
            # Emails (submission receipts, decisions) are written as files, not sent.
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(tmp / "mail"),
            "SITE_URL": "http://127.0.0.1",
        }
        if args.redis_url:
            base["REDIS_URL"] = args.redis_url
        name = f"registry_load_{os.getpid()}"
        with fresh_database(args.postgres_url, name, base, keep=args.keep) as env:
            if env is None:
                sys.exit("make load needs PostgreSQL (createdb failed).")
            exit_code = run(args, env, tmp)
    sys.exit(exit_code)


def run(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> int:
    dev = env | {"DEBUG": "1"}
    results = args.results / time.strftime("%Y%m%d-%H%M%S")
    results.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    print(f"preparing: {args.companies:,} demo companies, accounts, open data …", flush=True)
    manage(dev, "migrate", "--noinput", "-v", "0")
    manage(dev, "seed_demo", "--companies", str(args.companies))
    accounts = tmp / "accounts.json"
    # Enough accounts for every simulated user to be a company user or a reviewer.
    prepared = subprocess.run(  # noqa: S603 - our own script
        [
            sys.executable,
            str(ROOT / "load" / "prepare.py"),
            "--out",
            str(accounts),
            "--company-users",
            str(args.users),
            "--reviewers",
            str(args.users),
        ],
        cwd=ROOT,
        env=dev,
        capture_output=True,
        text=True,
        check=False,
    )
    if prepared.returncode != 0:
        sys.exit(f"load/prepare.py failed:\n{prepared.stdout}\n{prepared.stderr}")
    print("   ", prepared.stdout.strip())
    manage(dev, "export_open_data")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    if args.redis_url:
        flush_redis(args.redis_url)
    print(f"prepared in {time.monotonic() - started:.0f} s", flush=True)

    port = free_port()
    server_log = results / "gunicorn.log"
    with server_log.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [
                str(BIN / "gunicorn"),
                "partnership.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--worker-class",
                "gthread",
                "--timeout",
                "60",
                # Longer than any user's pause between requests: gunicorn's default (2 s)
                # closes idle connections while clients start their next request on them
                # (connection reset). Behind a proxy, the same rule holds for its upstream
                # connections.
                "--keep-alive",
                "75",
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(port)
        stats = results / "locust"
        outcomes_file = results / "outcomes.json"
        command = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "load" / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.time,
            # Users finish the task they are in (up to 30 s) instead of being cut off.
            "--stop-timeout",
            "30",
            "--csv",
            str(stats),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        print(
            f"locust: {args.users} users (spawn {args.spawn_rate:g}/s) for {args.time} against "
            f"gunicorn {args.workers} workers × {args.threads} threads on 127.0.0.1:{port}; "
            f"load average before {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        locust_log = results / "locust.log"
        with LoadSampler() as sampler, locust_log.open("w") as log:
            began = time.monotonic()
            result = subprocess.run(  # noqa: S603 - the venv's locust
                command,
                cwd=ROOT,
                env=env | {"LOAD_ACCOUNTS": str(accounts), "LOAD_OUTCOMES": str(outcomes_file)},
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
            elapsed = time.monotonic() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.redis_url:
            flush_redis(args.redis_url)

    log_text = locust_log.read_text(encoding="utf-8", errors="replace")
    stats_csv = Path(f"{stats}_stats.csv")
    if not stats_csv.exists():
        print(log_text[-5000:])
        print("locust wrote no statistics")
        return 1
    outcomes = json.loads(outcomes_file.read_text()) if outcomes_file.exists() else {}
    samples = sampler.samples or [os.getloadavg()[0]]
    print(
        f"\nrun: {elapsed:.0f} s (ramp-up, run time, users finishing their task); load average "
        f"during the run: mean {sum(samples) / len(samples):.1f}, max {max(samples):.1f} "
        f"on {os.cpu_count()} cores"
    )
    _requests, failures = report(stats_csv, outcomes)
    failures_csv = Path(f"{stats}_failures.csv")
    if failures and failures_csv.exists():
        print("\nfailures:")
        print(failures_csv.read_text(encoding="utf-8")[:5000])
    server_errors = [
        line
        for line in server_log.read_text(encoding="utf-8", errors="replace").splitlines()
        if any(
            mark in line
            for mark in ("Traceback", "Internal Server Error", "[ERROR]", "[CRITICAL]", "TIMEOUT")
        )
    ]
    if server_errors:
        print("\nthe server logged errors:")
        print(server_log.read_text(encoding="utf-8", errors="replace")[-8000:])
    if result.returncode not in (0, 1) or "Traceback" in log_text:
        print(f"\nlocust exited with {result.returncode}; its log: {locust_log}")
        start = log_text.find("Traceback")
        print(log_text[start : start + 5000] if start >= 0 else log_text[-3000:])
    ok = failures == 0 and not server_errors and result.returncode == 0
    print(f"\nstatistics and logs: {results}")
    print("PASS: no failed request" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    main()
