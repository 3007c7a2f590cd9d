from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnership.accounts.testing import verify_staff
from partnership.declarations.models import Declaration, Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


def test_home_shows_figures_and_latest_publications_in_japanese(
    client: Client, company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.PUBLISHED)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "株式会社山田精工" in html
    assert company.corporate_number in html


def test_english_home_uses_english_names(
    client: Client, company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.PUBLISHED)
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Yamada Seiko Co., Ltd." in html
    assert "Latest publications" in html


def test_unpublished_declarations_are_not_listed(
    client: Client, company: Any, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.SUBMITTED)
    assert company.corporate_number not in client.get("/").content.decode()


def test_healthz_reports_database_and_cache(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_language_switch_keeps_the_page(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?q=abc"})
    assert response.status_code == 302
    assert response["Location"] == "/en/?q=abc"


def test_login_page_renders(client: Client) -> None:
    assert client.get("/accounts/login/").status_code == 200


def test_admin_is_for_administrators_only(
    client: Client, reviewer: Any, administrator: Any
) -> None:
    client.force_login(reviewer)
    assert client.get("/admin/").status_code == 302  # not staff: back to the admin login
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    client.force_login(administrator)
    # An administrator without the second factor in this session enters a code first.
    response = client.get("/admin/declarations/declaration/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/?next=")
    verify_staff(client, administrator)
    response = client.get("/admin/declarations/declaration/")
    assert response.status_code == 200
    response = client.get("/admin/core/prefecture/13/change/")
    assert response.status_code == 200
    assert client.get("/admin/declarations/declaration/add/").status_code == 403
