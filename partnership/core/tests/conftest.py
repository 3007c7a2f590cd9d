"""Fixtures shared by the security tests of this folder (the hostile-input suite in
``hostile/`` has its own world)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from partnership.core.tests.security_world import World, world_fixture


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One company, staff and declaration in every state the security tests need, built once
    per module (security_world.py)."""
    yield from world_fixture(django_db_blocker, str(tmp_path_factory.mktemp("media")))


@pytest.fixture
def fresh_rate_limits() -> Iterator[None]:
    """Rate-limit counters live in the cache: hundreds of requests from one test client must
    not run into them, nor leave them to the next test."""
    cache.clear()
    yield
    cache.clear()
