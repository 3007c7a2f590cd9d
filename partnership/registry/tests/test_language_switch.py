"""The language switch keeps the current page and its query."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "next_path", "expected"),
    [
        (
            "en",
            "/declarations/?q=%E5%B1%B1&prefecture=13",
            "/en/declarations/?q=%E5%B1%B1&prefecture=13",
        ),
        ("ja", "/en/declarations/?sort=name&page=2", "/declarations/?sort=name&page=2"),
        ("en", "/", "/en/"),
    ],
)
def test_switching_language_keeps_page_and_query(
    client: Client, language: str, next_path: str, expected: str
) -> None:
    response = client.post("/i18n/setlang/", {"language": language, "next": next_path})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_the_switch_form_carries_the_current_path_with_its_query(client: Client) -> None:
    page = client.get("/declarations/", {"q": "山", "prefecture": "13"}).content.decode()
    assert 'name="next" value="/declarations/?q=%E5%B1%B1&amp;prefecture=13"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/en/"  # an outside address is never followed
