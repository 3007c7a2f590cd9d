"""What the benchmarks in bench/ share: running manage.py, a throw-away PostgreSQL database."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def manage(env: dict[str, str], *args: str) -> str:
    """Run ``manage.py args`` of this project with ``env``; its output, or exit with it."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextlib.contextmanager
def fresh_database(
    postgres_url: str, name: str, base: dict[str, str], *, keep: bool = False
) -> Iterator[dict[str, str] | None]:
    """The environment (``base`` plus PG* variables and ``DATABASE_URL``) of a new, empty UTF-8
    database ``name`` on the server of ``postgres_url``, dropped afterwards unless ``keep``;
    None (with the reason printed) when it cannot be created. Needs createdb/dropdb."""
    url = urlparse(postgres_url)
    env = base | {
        "PGHOST": url.hostname or "127.0.0.1",
        "PGUSER": url.username or "postgres",
        "PGPORT": str(url.port or 5432),
    }
    created = subprocess.run(
        # A UTF-8 LC_CTYPE, so that pg_trgm sees Japanese characters (docs/operations.md).
        [
            "createdb",
            "-T",
            "template0",
            "-E",
            "UTF8",
            "--lc-ctype=C.UTF-8",
            "--lc-collate=C.UTF-8",
            name,
        ],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if created.returncode != 0:
        print(f"PostgreSQL skipped: {created.stderr.strip()}")
        yield None
        return
    database_url = url._replace(path=f"/{name}").geturl()
    try:
        yield env | {"DATABASE_URL": database_url}
    finally:
        if keep:
            print(f"    kept: DATABASE_URL={database_url} (dropdb {name} when done)")
        else:
            subprocess.run(["dropdb", "--if-exists", name], env=env, check=False)
