"""A consistent copy of the SQLite database, taken while the site runs (docs/backups.md).

    manage.py backup_database                          # var/backups/registry-<JST time>.sqlite3
    manage.py backup_database --output /backup/registry-2026-03-31.sqlite3
    manage.py backup_database --check /backup/registry-2026-03-31.sqlite3

The copy is made with SQLite's online backup API in one step: it reads one snapshot of the
database (in WAL mode writers go on meanwhile, and what they have not committed is not in the
copy), is checked with ``PRAGMA integrity_check``, and only then appears under its final name.
On PostgreSQL the command refuses and shows the ``pg_dump`` command to use instead.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.models import Model
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from partnership.accounts.models import User
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.declarations.models import Declaration, ReviewAction

# What a restore is checked against: the counts printed here at backup time.
COUNTED: list[tuple[str, type[Model]]] = [
    ("companies", Company),
    ("users", User),
    ("declaration versions", Declaration),
    ("review actions", ReviewAction),
    ("audit events", AuditEvent),
]


def _counts(database: sqlite3.Connection) -> dict[str, int]:
    counts = {}
    for label, model in COUNTED:
        table = connection.ops.quote_name(model._meta.db_table)
        counts[label] = database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    return counts


def _regexp(pattern: str, value: Any) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


def _integrity(database: sqlite3.Connection) -> str:
    # The check evaluates CHECK constraints too, and one of them uses REGEXP: a function
    # Django gives its own connections, and this plain one needs as well.
    database.create_function("REGEXP", 2, _regexp, deterministic=True)
    return str(database.execute("PRAGMA integrity_check").fetchone()[0])


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the SQLite database while the site runs (or check one with "
        "--check). On PostgreSQL use pg_dump instead; see docs/backups.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="file to write (default: var/backups/registry-<time>.sqlite3); must not exist",
        )
        parser.add_argument(
            "--check",
            type=Path,
            default=None,
            metavar="FILE",
            help="check an existing copy (integrity, counts) instead of writing one",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"] is not None:
            self._check(options["check"])
            return
        database = connection.settings_dict
        if database["ENGINE"] != "django.db.backends.sqlite3":
            raise CommandError(self._pg_dump_hint(database))
        source = Path(database["NAME"])
        if not source.is_file():
            raise CommandError(f"The database file {source} does not exist.")
        output: Path = options["output"] or (
            Path(settings.VAR_DIR)
            / "backups"
            / f"registry-{timezone.localtime():%Y%m%d-%H%M%S}.sqlite3"
        )
        if output.exists():
            raise CommandError(f"{output} exists already; choose another --output.")
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Cannot create the folder {output.parent}: {exc}") from exc
        partial = output.with_name(f".{output.name}.partial")
        partial.unlink(missing_ok=True)

        started = time.monotonic()
        self.stdout.write(f"Copying {source} ({filesizeformat(source.stat().st_size)}) …")
        try:
            self._copy(source, partial)
            with sqlite3.connect(partial) as copy:
                integrity = _integrity(copy)
                counts = _counts(copy)
            copy.close()
            if integrity != "ok":
                raise CommandError(f"The copy failed its integrity check: {integrity}")
            os.replace(partial, output)
        except (OSError, sqlite3.Error) as exc:
            raise CommandError(f"The backup failed: {exc}") from exc
        finally:
            partial.unlink(missing_ok=True)
        summary = ", ".join(f"{value:,} {label}" for label, value in counts.items())
        self.stdout.write(f"  {summary}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output} ({filesizeformat(output.stat().st_size)}) in "
                f"{time.monotonic() - started:.1f} s; integrity check ok."
            )
        )

    def _copy(self, source: Path, target: Path) -> None:
        # Only read, but opened read-write: a read-only connection cannot always open a
        # database in WAL mode. The long busy timeout waits out a checkpoint rather than fail.
        src = sqlite3.connect(source, timeout=60)
        dst = sqlite3.connect(target)
        try:
            # One step (pages=-1): a copy made in several steps starts over whenever another
            # connection writes in between, and on a busy site might never finish.
            src.backup(dst, pages=-1)
            # A single self-contained file, whatever the journal mode of the source.
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        finally:
            dst.close()
            src.close()
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())

    def _check(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        try:
            with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as copy:
                integrity = _integrity(copy)
                counts = _counts(copy) if integrity == "ok" else {}
                migrations = copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
            copy.close()
        except sqlite3.Error as exc:
            raise CommandError(f"{path} is not a readable registry database: {exc}") from exc
        if integrity != "ok":
            raise CommandError(f"{path} failed its integrity check: {integrity}")
        for label, value in counts.items():
            self.stdout.write(f"  {label}: {value:,}")
        self.stdout.write(f"  applied migrations: {migrations:,}")
        self.stdout.write(self.style.SUCCESS(f"{path}: integrity check ok."))

    @staticmethod
    def _pg_dump_hint(database: Mapping[str, Any]) -> str:
        parts = ["pg_dump", "-Fc"]
        for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
            if database.get(key):
                parts += [flag, str(database[key])]
        parts += ["-f", f"registry-{timezone.localtime():%Y%m%d-%H%M%S}.dump", database["NAME"]]
        return (
            "backup_database copies SQLite databases only. This registry runs on PostgreSQL: "
            "back it up with pg_dump while the site runs, for example\n    "
            + " ".join(parts)
            + "\nand restore with pg_restore (see docs/backups.md)."
        )
