"""Settings come from the environment; production refuses to start unsafely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_settings(
    env: dict[str, str], code: str = "import partnership.settings as s"
) -> subprocess.CompletedProcess[str]:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "SECURE_HTTPS", "VAR_DIR"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key() -> None:
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_is_hardened() -> None:
    code = (
        "import partnership.settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0, s.TIME_ZONE)"
    )
    result = run_settings({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "registry.example.jp"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "Asia/Tokyo"]


def test_database_url_selects_postgresql() -> None:
    code = "import partnership.settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_settings({"DEBUG": "1", "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}, code)
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_default_is_sqlite_in_wal_with_immediate_transactions() -> None:
    code = (
        "import partnership.settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['OPTIONS']['transaction_mode'])"
    )
    result = run_settings({"DEBUG": "1", "VAR_DIR": "/tmp/registry-settings-test"}, code)
    assert result.stdout.split() == ["django.db.backends.sqlite3", "IMMEDIATE"]


def test_bad_boolean_is_a_clear_error() -> None:
    result = run_settings({"DEBUG": "maybe"})
    assert "DEBUG must be a boolean" in result.stderr


@pytest.mark.django_db
def test_sqlite_connection_uses_wal(settings: object) -> None:
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] == 20000
