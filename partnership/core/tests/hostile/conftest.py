"""Fixtures of the hostile suite.

The world (users in every role, companies, declarations in every state, templates, a campaign,
an API key, …) and the crawl of every page are made once per test module, inside a transaction
that is rolled back when the module is done: each test still runs in its own savepoint
(``django_db``), and every request of the suite in a further one (``engine.isolated``), so
nothing any request does outlives it.

Rate limits are off (they would answer 429 before the input is even read; they have their own
tests); uploads and open data go to a temporary folder.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test.utils import override_settings

from partnership.core.tests.hostile import engine
from partnership.core.tests.hostile.world import World, build_world, sign_in_everyone


@pytest.fixture(scope="module")
def _hostile_settings() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        root = Path(folder)
        override = override_settings(
            RATELIMIT_ENABLE=False,
            API_ANONYMOUS_RATE="1000000/m",
            MEDIA_ROOT=root / "uploads",
            OPEN_DATA_DIR=root / "open-data",
        )
        override.enable()
        # Refusals (403, 404, 405) are logged as warnings by design, thousands of them here;
        # a 5xx fails the test that caused it, with its traceback.
        logging.disable(logging.CRITICAL)
        cache.clear()
        try:
            yield root
        finally:
            cache.clear()
            logging.disable(logging.NOTSET)
            override.disable()


@pytest.fixture(scope="module")
def world(_hostile_settings: Path, django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            sign_in_everyone(built)
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def discovery(world: World, django_db_blocker: Any) -> engine.Discovery:
    """Every page of the site and the forms on it, as seen in Japanese."""
    with django_db_blocker.unblock():
        return engine.discover(world, "ja")


@pytest.fixture
def media_root(_hostile_settings: Path) -> Path:
    return _hostile_settings / "uploads"
