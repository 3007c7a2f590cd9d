"""Backups taken while the registry runs restore every record (docs/backups.md).

SQLite: ``manage.py backup_database`` (the online backup API) while another connection holds
the write lock with uncommitted changes; the copy is restored into a new file. PostgreSQL:
``pg_dump -Fc`` while a transaction is open, ``pg_restore`` into a fresh database. Either way
the restored database must hold exactly the companies, users, declaration versions, review
actions and audit events that were committed, and nothing that was not.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from partnership.accounts.models import User
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.declarations.models import Declaration, ListingEntry, ReviewAction, Status

ON_SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="the SQLite backup command")
# The backup reads the database through its own connection: the data must be committed.
real_transactions = pytest.mark.django_db(transaction=True, serialized_rollback=True)
UNCOMMITTED = "未確定の変更（バックアップに含まれてはならない）"


def seed() -> None:
    call_command(
        "seed_demo",
        companies=40,
        seed=3,
        as_of=dt.date(2026, 11, 25),
        force=True,
        stdout=io.StringIO(),
    )
    # The demo covers the whole life cycle, so the comparison below means something.
    statuses = set(Declaration.objects.values_list("status", flat=True))
    assert {Status.PUBLISHED, Status.SUPERSEDED, Status.SUBMITTED} <= statuses
    assert AuditEvent.objects.exists()
    assert ReviewAction.objects.exists()


TABLES = {
    label: (model._meta.db_table, model._meta.pk.column)
    for label, model in (
        ("companies", Company),
        ("users", User),
        ("declaration versions", Declaration),
        ("review actions", ReviewAction),
        ("audit events", AuditEvent),
        ("listing entries", ListingEntry),
    )
}
# The same migrations applied: the application accepts the restored database as it is.
TABLES["migrations"] = ("django_migrations", "id")


def records(database: BaseDatabaseWrapper) -> dict[str, list[dict[str, Any]]]:
    """Every row (every column) of the tables a restore must bring back, in id order."""
    result = {}
    with database.cursor() as cursor:
        for label, (table, pk) in TABLES.items():
            quote = database.ops.quote_name
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(pk)}")
            columns = [column[0] for column in cursor.description]
            result[label] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return result


@contextmanager
def restored_database(**overrides: Any) -> Iterator[BaseDatabaseWrapper]:
    """A Django connection to the restored database, beside the test database."""
    wrapper = type(connections["default"])
    restored = wrapper({**connection.settings_dict, **overrides}, "restored")
    try:
        yield restored
    finally:
        restored.close()


def assert_restored(
    original: dict[str, list[dict[str, Any]]], restored: BaseDatabaseWrapper
) -> None:
    copy = records(restored)
    for label, rows in original.items():
        assert len(copy[label]) == len(rows), label
        assert copy[label] == rows, label
    assert not any(row["company_name"] == UNCOMMITTED for row in copy["declaration versions"])


# --- SQLite ----------------------------------------------------------------------------------


@sqlite_only
@real_transactions
def test_an_online_sqlite_backup_restores_every_record(tmp_path: Path) -> None:
    seed()
    original = records(connection)

    # Another process is in the middle of a write while the backup runs.
    writer = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "UPDATE declarations_declaration SET company_name = ? WHERE id = ?",
            [UNCOMMITTED, original["declaration versions"][0]["id"]],
        )
        backup = tmp_path / "backups" / "registry.sqlite3"
        out = io.StringIO()
        call_command("backup_database", output=backup, stdout=out)
        writer.execute("ROLLBACK")
    finally:
        writer.close()
    report = out.getvalue()
    assert "integrity check ok" in report
    assert f"{len(original['audit events']):,} audit events" in report
    assert not list(backup.parent.glob(".*partial"))

    # Restore: the copy put in place of a database file (here a new one).
    restored = tmp_path / "restored" / "registry.sqlite3"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    with restored_database(NAME=str(restored)) as database:
        assert_restored(original, database)

    check = io.StringIO()
    call_command("backup_database", check=restored, stdout=check)
    assert f"declaration versions: {len(original['declaration versions']):,}" in check.getvalue()


@sqlite_only
@real_transactions
def test_the_backup_command_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "registry.sqlite3"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup_database", output=existing, stdout=io.StringIO())
    assert existing.read_bytes() == b"an earlier backup"


def test_checking_a_damaged_backup_fails_clearly(tmp_path: Path) -> None:
    damaged = tmp_path / "registry.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CommandError, match="not a readable registry database"):
        call_command("backup_database", check=damaged, stdout=io.StringIO())


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection flags for the pg tools, and the environment (password) they need."""
    params = connection.settings_dict
    flags = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if params.get(key):
            flags += [flag, str(params[key])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return flags, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"


@pytest.mark.postgres
@real_transactions
def test_the_backup_command_points_postgresql_users_at_pg_dump() -> None:
    with pytest.raises(CommandError, match="pg_dump -Fc"):
        call_command("backup_database", stdout=io.StringIO())


@pytest.mark.postgres
@real_transactions
def test_a_pg_dump_restores_every_record_into_a_fresh_database(tmp_path: Path) -> None:
    seed()
    original = records(connection)
    flags, env = _pg_environment()
    params = connection.settings_dict
    dump = tmp_path / "registry.dump"

    # A transaction is open, with an uncommitted change, while pg_dump runs.
    with psycopg.connect(
        dbname=params["NAME"],
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=str(params["PORT"]) if params["PORT"] else None,
    ) as writer:
        writer.execute(
            "UPDATE declarations_declaration SET company_name = %s WHERE id = %s",
            [UNCOMMITTED, original["declaration versions"][0]["id"]],
        )
        _run(["pg_dump", "-Fc", *flags, "-f", str(dump), params["NAME"]], env)
        writer.rollback()

    name = f"registry_restore_test_{os.getpid()}"
    _run(["dropdb", *flags, "--if-exists", name], env)
    _run(
        [
            "createdb",
            *flags,
            "-T",
            "template0",
            "-E",
            "UTF8",
            "--lc-ctype=C.UTF-8",
            "--lc-collate=C.UTF-8",
            name,
        ],
        env,
    )
    try:
        _run(["pg_restore", *flags, "--no-owner", "--exit-on-error", "-d", name, str(dump)], env)
        with restored_database(NAME=name) as database:
            assert_restored(original, database)
    finally:
        _run(["dropdb", *flags, "--if-exists", name], env)
