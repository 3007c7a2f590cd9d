"""Repository-level pytest configuration."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``postgres`` run only when the suite runs on PostgreSQL."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if on_postgres:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_collection_finish(session: pytest.Session) -> None:
    # A suite that silently collects nothing (a bad path, a renamed folder) must fail loudly.
    if not session.items and not session.config.option.collectonly:
        raise pytest.UsageError("no tests were collected")


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in Japanese: a request to /en/… leaves English active in the thread,
    which would otherwise change what ``reverse`` returns in the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
