"""Fixtures for the account pages: a clean rate-limit cache, users, and mail sent at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from partnership.accounts.models import User
from partnership.accounts.services import user_create
from partnership.accounts.tests.helpers import PASSWORD


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache: every test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_account(db: None) -> Callable[..., User]:
    def make(
        email: str = "taro@example.jp",
        *,
        language: str = "ja",
        verified: bool = True,
        full_name: str = "山田 太郎",
    ) -> User:
        return user_create(
            email=email,
            password=PASSWORD,
            full_name=full_name,
            language=language,
            email_verified=verified,
        )

    return make


@pytest.fixture
def send(client: Client, django_capture_on_commit_callbacks: Any) -> Callable[..., HttpResponse]:
    """``send("post", url, data)``: a request whose on-commit mail goes out before it returns."""

    def request(method: str, url: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return getattr(client, method)(url, data or {}, **extra)

    return request
