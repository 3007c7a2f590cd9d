"""Verification API under gunicorn: throughput of GET /api/v1/verify/{number} as a ratio to a
trivial JSON endpoint (/healthz) served by the same server in the same run (target ≥ 0.5),
and the time of one POST /api/v1/verify with 10,000 numbers (target ≤ 1 s).

    .venv/bin/python bench/api.py [--companies 20000] [--seconds 15] [--clients 8]
        [--workers 2] [--database-url postgres://…]   # default: a fresh SQLite registry

A fresh registry is seeded with ``seed_demo`` (SQLite in a temporary VAR_DIR, or the given
PostgreSQL database, which must exist and be empty), served by gunicorn (sync workers,
production settings, rate limits lifted), and loaded by ``--clients`` threads in this process,
each opening a new connection per request as most HTTP clients of an office system would.
The bulk request is timed from this process (loopback): it includes the JSON encoding of the
10,000 answers and their transfer, so it is an upper bound on the server's time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from _common import ROOT, manage

PYTHON = sys.executable


def wait_for(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    sys.exit("gunicorn did not answer /healthz")


def request(port: int, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


def load(port: int, paths: list[str], seconds: float, clients: int) -> dict[str, Any]:
    """Requests per second over ``seconds`` with ``clients`` threads cycling through paths."""
    stop = time.monotonic() + seconds
    counts = [0] * clients
    errors = [0] * clients
    latencies: list[list[float]] = [[] for _ in range(clients)]

    def run(index: int) -> None:
        rng = random.Random(index)
        while time.monotonic() < stop:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                status, _ = request(port, "GET", path)
            except OSError:
                status = 0
            latencies[index].append(time.perf_counter() - started)
            if status == 200:
                counts[index] += 1
            else:
                errors[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    flat = sorted(x for per in latencies for x in per)
    return {
        "rps": sum(counts) / elapsed,
        "requests": sum(counts),
        "errors": sum(errors),
        "p50_ms": 1000 * flat[len(flat) // 2] if flat else None,
        "p95_ms": 1000 * flat[int(len(flat) * 0.95)] if flat else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--bulk-runs", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-api-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        env |= {
            "VAR_DIR": tmp,
            "DEBUG": "0",
            "SECRET_KEY": "bench-api-not-secret",
            "SECURE_HTTPS": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            "API_ANONYMOUS_RATE": "100000000/m",
        }
        if args.database_url:
            env["DATABASE_URL"] = args.database_url
        engine = "postgresql" if args.database_url else "sqlite"
        print(f"seeding {args.companies:,} companies on {engine} …", flush=True)
        manage(env | {"DEBUG": "1"}, "migrate", "--noinput", "-v", "0")
        manage(env | {"DEBUG": "1"}, "seed_demo", "--companies", str(args.companies))
        manage(env, "collectstatic", "--noinput", "-v", "0")
        numbers = manage(
            env | {"DEBUG": "1"},
            "shell",
            "-c",
            "from partnership.companies.models import Company;"
            "print('\\n'.join(Company.objects.values_list('corporate_number', flat=True)))",
        ).split()
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "partnership.wsgi:application",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--workers",
                str(args.workers),
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(args.port)
            rng = random.Random(1)
            days = ["2025-04-01", "2026-01-15", "2026-11-20"]
            verify_paths = [
                f"/api/v1/verify/{rng.choice(numbers)}?date={rng.choice(days)}" for _ in range(500)
            ]
            # Warm-up: every worker imports, connects and fills its caches.
            load(args.port, ["/healthz", *verify_paths[:20]], 2.0, args.clients)
            trivial = load(args.port, ["/healthz"], args.seconds, args.clients)
            verify = load(args.port, verify_paths, args.seconds, args.clients)
            ratio = verify["rps"] / trivial["rps"] if trivial["rps"] else 0.0

            bulk = [rng.choice(numbers) for _ in range(9_000)]
            bulk += [str(rng.randrange(10**12, 10**13)) for _ in range(1_000)]  # mostly invalid
            body = json.dumps({"date": "2026-01-15", "numbers": bulk}).encode()
            times = []
            for _ in range(args.bulk_runs):
                started = time.perf_counter()
                status, data = request(args.port, "POST", "/api/v1/verify", body)
                times.append(time.perf_counter() - started)
                if status != 200:
                    sys.exit(f"bulk verification failed: {status} {data[:300]!r}")
            answer = json.loads(data)
        finally:
            server.terminate()
            server.wait(timeout=10)

    load_average = os.getloadavg()
    print(
        f"\nengine {engine}, {args.companies:,} companies, gunicorn {args.workers} sync workers, "
        f"{args.clients} client threads × {args.seconds:.0f} s, load average "
        f"{load_average[0]:.1f}"
    )
    print("| endpoint | requests/s | p50 ms | p95 ms | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, result in (("/healthz (trivial JSON)", trivial), ("/api/v1/verify/{n}", verify)):
        print(
            f"| {name} | {result['rps']:.0f} | {result['p50_ms']:.1f} | "
            f"{result['p95_ms']:.1f} | {result['errors']} |"
        )
    verdict = "meets" if ratio >= 0.5 else "MISSES"
    print(f"\nverify throughput ÷ trivial throughput: {ratio:.2f} ({verdict} the target ≥ 0.5)")
    median = statistics.median(times)
    verdict = "meets" if median <= 1.0 else "MISSES"
    print(
        f"POST /api/v1/verify with 10,000 numbers ({answer['declared']:,} declared, "
        f"{answer['invalid']:,} invalid): median {median:.3f} s, max {max(times):.3f} s over "
        f"{len(times)} runs, {len(data) / 1e6:.1f} MB answer ({verdict} the target ≤ 1 s)"
    )


if __name__ == "__main__":
    main()
