"""Every staff route, for every kind of visitor: only staff with a verified second factor get
in, and administrator tools are for administrators only. The routes are read from the URL
configuration, so a new staff page is covered (and must carry a role) automatically."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partnership.accounts.models import User
from partnership.conftest import sign_in_staff

pytestmark = pytest.mark.django_db


def _staff_patterns() -> Iterator[tuple[str, str, Any]]:
    """(route name, path with sample arguments, view) for every route under /staff/."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, Any]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "review":
                yield f"review:{pattern.name}", route, pattern.callback

    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, "", pattern.namespace or "")


def _sample_path(route: str) -> str:
    path = re.sub(r"<int:[^>]+>", "1", route)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "x", path)
    return "/" + path.lstrip("^").rstrip("$")


ROUTES = sorted(
    {(name, _sample_path(route), view) for name, route, view in _staff_patterns()},
    key=lambda r: r[1],
)


def test_the_staff_routes_are_found_and_each_carries_a_role() -> None:
    assert len(ROUTES) >= 8
    assert reverse("review:queue") == "/staff/"
    missing = [name for name, _path, view in ROUTES if getattr(view, "staff_role", None) is None]
    assert missing == []


@pytest.mark.parametrize(("name", "path", "view"), ROUTES, ids=[r[0] + " " + r[1] for r in ROUTES])
@pytest.mark.parametrize("method", ["get", "post"])
def test_visitors_without_a_staff_role_and_second_factor_are_kept_out(
    client: Client,
    make_user: Callable[..., User],
    reviewer: User,
    name: str,
    path: str,
    view: Any,
    method: str,
) -> None:
    send = getattr(client, method)
    response = send(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))

    client.force_login(make_user())  # a company user
    assert send(path).status_code == 403

    client.force_login(reviewer)  # staff, but no second factor in this session
    response = send(path)
    if view.staff_role == "administrator":
        assert response.status_code == 403
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:two_factor"))


ADMIN_ROUTES = [r for r in ROUTES if getattr(r[2], "staff_role", "") == "administrator"]


@pytest.mark.parametrize(
    ("name", "path", "view"), ADMIN_ROUTES, ids=[r[0] + " " + r[1] for r in ADMIN_ROUTES]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_reviewers_cannot_use_administrator_tools(
    client: Client, reviewer: User, name: str, path: str, view: Any, method: str
) -> None:
    sign_in_staff(client, reviewer)
    assert getattr(client, method)(path).status_code == 403


def test_a_verified_reviewer_gets_in(client: Client, reviewer: User) -> None:
    sign_in_staff(client, reviewer)
    assert client.get(reverse("review:queue")).status_code == 200
