from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from partnership.accounts.models import User
from partnership.accounts.tests.helpers import PASSWORD

pytestmark = pytest.mark.django_db


def _login(
    client: Client, email: str, password: str = PASSWORD, url: str = "/accounts/login/", **data: str
) -> Any:
    return client.post(url, {"username": email, "password": password, **data})


def test_an_english_user_lands_on_the_english_dashboard(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account(language="en")
    response = _login(client, "taro@example.jp")
    assert response.status_code == 302
    assert response["Location"] == "/en/mypage/"
    assert response.cookies["django_language"].value == "en"


def test_a_japanese_user_lands_on_the_japanese_dashboard_even_from_the_english_page(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account(language="ja")
    response = _login(client, "taro@example.jp", url="/en/accounts/login/")
    assert response["Location"] == "/mypage/"
    assert response.cookies["django_language"].value == "ja"


def test_next_is_followed_in_the_users_language(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account(language="en")
    response = _login(client, "taro@example.jp", next="/accounts/settings/?tab=1")
    assert response["Location"] == "/en/accounts/settings/?tab=1"


def test_next_to_another_site_is_ignored(client: Client, make_account: Callable[..., User]) -> None:
    make_account(language="ja")
    response = _login(client, "taro@example.jp", next="https://evil.example/")
    assert response["Location"] == "/mypage/"


def test_the_address_is_not_case_sensitive(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account()
    response = _login(client, "  Taro@Example.JP ")
    assert response.status_code == 302


def test_a_wrong_password_gives_an_error_summary(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account()
    response = _login(client, "taro@example.jp", "wrong password", url="/en/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Please enter a correct email address and password" in html
    assert 'value="taro@example.jp"' in html  # what was typed is kept


def test_the_login_page_links_to_sign_up_and_password_reset(client: Client) -> None:
    html = client.get("/en/accounts/login/").content.decode()
    assert 'href="/en/accounts/signup/"' in html
    assert 'href="/en/accounts/password-reset/"' in html
    assert 'autocomplete="current-password"' in html
    assert 'type="email"' in html


def test_login_is_rate_limited_per_address(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account()
    for _ in range(10):
        assert _login(client, "taro@example.jp", "wrong password").status_code == 200
    response = _login(client, "TARO@example.jp", url="/en/accounts/login/")
    # Even the right password waits: a guesser must not learn when they hit it.
    assert response.status_code == 429
    assert response["Retry-After"] == "300"
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Too many attempts" in html
    assert "about five minutes" in html
    assert "_auth_user_id" not in client.session
    # Another address from the same client may still log in.
    make_account("jiro@example.jp")
    assert _login(client, "jiro@example.jp").status_code == 302


def test_login_is_rate_limited_per_client(
    client: Client, make_account: Callable[..., User]
) -> None:
    make_account()
    for number in range(30):
        _login(client, f"guess{number}@example.jp", "wrong password")
    response = _login(client, "taro@example.jp")
    assert response.status_code == 429
    assert '<html lang="ja">' in response.content.decode()
    # A different client is not affected.
    other = Client(REMOTE_ADDR="192.0.2.10")
    assert _login(other, "taro@example.jp").status_code == 302


def test_showing_the_login_page_is_not_limited(client: Client) -> None:
    for _ in range(40):
        assert client.get("/accounts/login/").status_code == 200


def test_guessing_one_account_from_many_addresses_is_limited(
    make_account: Callable[..., User],
) -> None:
    """The per-account limit counts every address: spreading guesses over many clients does
    not give more tries on one account."""
    make_account()
    for number in range(10):
        guesser = Client(REMOTE_ADDR=f"198.51.100.{number + 1}")
        assert _login(guesser, "taro@example.jp", "wrong password").status_code == 200
    response = _login(Client(REMOTE_ADDR="203.0.113.7"), "taro@example.jp")
    assert response.status_code == 429
    assert response["Retry-After"] == "300"


def test_ipv6_clients_are_counted_per_network(make_account: Callable[..., User]) -> None:
    """One IPv6 client can use a whole /64 of addresses: they count as one client."""
    make_account()
    for number in range(30):
        guesser = Client(REMOTE_ADDR=f"2001:db8::{number + 1:x}")
        _login(guesser, f"guess{number}@example.jp", "wrong password")
    same_network = Client(REMOTE_ADDR="2001:db8::ffff")
    assert _login(same_network, "taro@example.jp").status_code == 429
    other_network = Client(REMOTE_ADDR="2001:db8:0:1::1")
    assert _login(other_network, "taro@example.jp").status_code == 302
