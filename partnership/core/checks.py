"""System checks that fail loudly on a misconfigured deployment."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.db import connections

# pg_trgm only builds trigrams from characters the database's LC_CTYPE classifies as
# alphanumeric; under LC_CTYPE=C every Japanese character is ignored and search finds nothing.
UTF8_CTYPES = ("c.utf-8", "c.utf8", "ja_jp.utf-8", "ja_jp.utf8", "en_us.utf-8", "en_us.utf8")


def ctype_supports_japanese(ctype: str) -> bool:
    lowered = ctype.lower()
    return lowered in UTF8_CTYPES or lowered.endswith((".utf-8", ".utf8"))


@register(Tags.database)
def check_postgres_ctype(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for alias in databases or ():
        errors += connection_ctype_errors(connections[alias], alias)
    return errors


def connection_ctype_errors(connection: Any, alias: str) -> list[CheckMessage]:
    """Errors for one database connection (none for engines other than PostgreSQL)."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database "
            "WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    ctype, encoding = row
    if encoding == "UTF8" and ctype_supports_japanese(ctype):
        return []
    return [
        Error(
            f"Database {alias!r} has encoding {encoding} and LC_CTYPE {ctype!r}; "
            "pg_trgm would ignore Japanese characters and search would find nothing.",
            hint=(
                "Create the database with UTF8 encoding and a UTF-8 LC_CTYPE, e.g. "
                "createdb -T template0 -E UTF8 --lc-ctype=C.UTF-8 --lc-collate=C.UTF-8 NAME"
            ),
            id="registry.E001",
        )
    ]
