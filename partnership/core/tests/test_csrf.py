"""CSRF protection on every form of the site.

Every URL of the URL configuration (one concrete path per route, from the authorization
matrix) is sent a POST without a token, by a browser that has no cookie yet and by signed-in
people whose browser holds the CSRF cookie: each is refused with 403 and the site's own page,
in the visitor's language, before the view runs. The exception is the JSON API under
``/api/v1/``, which is CSRF-exempt by design: it takes no cookies (anonymous, or an API key in
a header), so a forged cross-site request carries nothing to abuse; its writes are only the
bulk verification, a read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from partnership.core.tests import test_authorization_matrix as matrix
from partnership.core.tests.security_world import World, send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rate_limits")]

# The API's operations (django-ninja views, CSRF-exempt); its schema, docs and root page are
# plain pages and keep the check.
CSRF_EXEMPT = {
    "api/v1/declarations",
    "api/v1/declarations/<corporate_number>",
    "api/v1/verify/<corporate_number>",
    "api/v1/verify",
    "api/v1/statistics",
    "api/v1/changes",
}
FAILURE_TEMPLATE = "core/csrf_failure.html"


def _one_row_per_route() -> list[matrix.Row]:
    rows: dict[str, matrix.Row] = {}
    for row in matrix.ROWS:
        rows.setdefault(row.route, row)
    return list(rows.values())


ROUTES = _one_row_per_route()


def test_every_route_is_tried() -> None:
    assert {row.route for row in ROUTES} == set(matrix.url_routes())
    assert {row.route for row in ROUTES} >= CSRF_EXEMPT


def _refused_by_csrf(response: Any) -> bool:
    return response.status_code == 403 and FAILURE_TEMPLATE in {
        template.name for template in response.templates
    }


@pytest.mark.parametrize("row", ROUTES, ids=[row.route for row in ROUTES])
def test_a_post_without_a_token_is_refused(world: World, row: matrix.Row) -> None:
    path = row.path(world)
    exempt = row.route in CSRF_EXEMPT
    for role in ("anonymous", "owner", "administrator"):
        client = world.client(role, enforce_csrf_checks=True)
        if role != "anonymous":
            # The browser has the CSRF cookie (from any earlier page); the form lacks the token.
            client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
        response = send(client, "post", path, data={"anything": "1"})
        if exempt:
            assert response.status_code != 403, f"{role} {path}"
        else:
            assert _refused_by_csrf(response), f"{role} {path}: {response.status_code}"


def test_a_wrong_token_is_refused_too(world: World) -> None:
    client = world.client("owner", enforce_csrf_checks=True)
    page = send(client, "get", "/accounts/settings/")
    assert page.status_code == 200
    response = send(
        client,
        "post",
        "/accounts/settings/",
        data={"full_name": "x", "language": "ja", "csrfmiddlewaretoken": "y" * 64},
    )
    assert _refused_by_csrf(response)


def test_the_failure_page_speaks_the_visitors_language(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    english = client.post("/en/accounts/login/", {"username": "a@example.jp"})
    assert english.status_code == 403
    html = english.content.decode()
    assert '<html lang="en">' in html
    assert "The form could not be sent" in html
    assert "nothing was saved or changed" in html
    # No cookie at all: the page says to allow cookies.
    assert "Allow cookies for this site" in html
    assert "default-src 'self'" in english["Content-Security-Policy"]

    japanese = client.post("/accounts/login/", {"username": "a@example.jp"})
    assert japanese.status_code == 403
    html = japanese.content.decode()
    assert '<html lang="ja">' in html
    assert "フォームを送信できませんでした" in html


def test_the_cookie_hint_is_only_shown_when_the_cookie_is_missing(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "x" * 32
    response = client.post("/en/accounts/login/", {"username": "a@example.jp"})
    assert response.status_code == 403
    assert "Allow cookies" not in response.content.decode()


def test_a_real_form_with_its_token_goes_through(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    response = client.post(
        "/accounts/login/",
        {
            "username": world.users["owner"].email,
            "password": "correct horse battery",
            "csrfmiddlewaretoken": token.group(1),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/mypage/"


def test_the_api_takes_a_cross_site_post_without_a_token(world: World) -> None:
    """Bulk verification is a POST of JSON from other sites' programs: no CSRF token, and no
    cookie is used (a signed-in browser gets nothing more than anyone else)."""
    client = world.client("administrator", enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/verify",
        {"numbers": [world.company.corporate_number]},
        content_type="application/json",
        HTTP_ORIGIN="https://elsewhere.example",
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["declared"] is True


TEMPLATE_DIRS = [
    Path(settings.BASE_DIR) / "templates",
    *Path(settings.BASE_DIR).glob("partnership/*/templates"),
]
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def test_every_post_form_in_the_templates_carries_the_token() -> None:
    forms = 0
    missing = []
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            for attributes, body in FORM.findall(template.read_text()):
                if not re.search(r'method="post"', attributes, re.IGNORECASE):
                    continue
                forms += 1
                if "{% csrf_token %}" not in body:
                    missing.append(str(template.relative_to(settings.BASE_DIR)))
    assert forms > 40
    assert missing == []
