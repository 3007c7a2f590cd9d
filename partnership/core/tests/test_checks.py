from __future__ import annotations

import pytest

from partnership.core.checks import (
    check_postgres_ctype,
    connection_ctype_errors,
    ctype_supports_japanese,
)


@pytest.mark.parametrize(
    ("ctype", "ok"),
    [
        ("C.UTF-8", True),
        ("ja_JP.UTF-8", True),
        ("en_US.utf8", True),
        ("C", False),
        ("POSIX", False),
        ("ja_JP.eucJP", False),
    ],
)
def test_ctype_classification(ctype: str, ok: bool) -> None:
    assert ctype_supports_japanese(ctype) is ok


@pytest.mark.django_db
def test_check_passes_on_the_test_database() -> None:
    assert check_postgres_ctype(databases=["default"]) == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_check_fails_loudly_on_a_c_locale_database() -> None:
    """A real database created with LC_CTYPE=C is reported."""
    from django.db import connection
    from django.db.backends.postgresql.base import DatabaseWrapper

    name = f"{connection.settings_dict['NAME']}_c_locale"
    admin = DatabaseWrapper({**connection.settings_dict, "NAME": "postgres"}, alias="admin_check")
    admin.ensure_connection()
    admin.connection.autocommit = True
    with admin.connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(
            f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
            "LC_CTYPE 'C' LC_COLLATE 'C'"
        )
    c_locale = DatabaseWrapper({**connection.settings_dict, "NAME": name}, alias="c_locale")
    try:
        errors = connection_ctype_errors(c_locale, "c_locale")
    finally:
        c_locale.close()
        with admin.connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    assert [error.id for error in errors] == ["registry.E001"]
    assert "LC_CTYPE 'C'" in errors[0].msg
