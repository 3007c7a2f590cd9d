from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from partnership.accounts.models import User
from partnership.accounts.services import user_create
from partnership.accounts.tests.helpers import NEW_PASSWORD, PASSWORD, links_in, mail_to
from partnership.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client: Client, make_account: Callable[..., User]) -> User:
    account = make_account(language="ja")
    client.force_login(account)
    return account


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/settings/",
        "/accounts/settings/password/",
        "/accounts/settings/email/",
    ],
)
def test_settings_pages_need_login(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_the_settings_page_shows_the_account(client: Client, user: User) -> None:
    response = client.get("/en/accounts/settings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert user.email in html
    assert "Confirmed" in html
    assert 'href="/en/accounts/settings/password/"' in html
    assert 'href="/en/accounts/settings/email/"' in html
    assert 'value="山田 太郎"' in html


def test_changing_the_language_moves_to_the_new_languages_url(client: Client, user: User) -> None:
    response = client.post("/accounts/settings/", {"full_name": "Taro Yamada", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/settings/"
    assert response.cookies["django_language"].value == "en"
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Taro Yamada", "en")
    event = AuditEvent.objects.get(action="user.update_profile", object_id=str(user.pk))
    assert event.before == {"full_name": "山田 太郎", "language": "ja"}
    assert event.after == {"full_name": "Taro Yamada", "language": "en"}
    # The confirmation message speaks the new language.
    assert "Your settings have been saved." in client.get(response["Location"]).content.decode()


def test_the_profile_form_reports_errors(client: Client, user: User) -> None:
    response = client.post("/en/accounts/settings/", {"full_name": "", "language": "fr"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_full_name"' in html
    assert 'href="#id_language_0"' in html
    user.refresh_from_db()
    assert user.language == "ja"


# --- password ----------------------------------------------------------------------------------


def test_changing_the_password_keeps_the_session(
    client: Client, send: Callable[..., Any], user: User
) -> None:
    response = send(
        "post",
        "/en/accounts/settings/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/settings/"
    assert client.get("/en/accounts/settings/").status_code == 200  # still logged in
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action="user.password_change", object_id=str(user.pk)).exists()
    (notice,) = mail.outbox
    assert notice.to == [user.email]
    assert "パスワード変更のお知らせ" in notice.subject


def test_changing_the_password_needs_the_current_one(client: Client, user: User) -> None:
    response = client.post(
        "/en/accounts/settings/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'href="#id_old_password"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# --- email address -----------------------------------------------------------------------------


def _request_change(send: Callable[..., Any], new: str, password: str = PASSWORD) -> Any:
    return send("post", "/en/accounts/settings/email/", {"new_email": new, "password": password})


def _confirm_link() -> str:
    (message,) = mail_to("new@example.jp")
    (link,) = [link for link in links_in(message) if "/email/confirm/" in link]
    return link


def _confirm_link_en() -> str:
    """The same link opened on the English site (the account's emails are in Japanese)."""
    return _confirm_link().replace("/accounts/", "/en/accounts/", 1)


def test_changing_the_email_needs_the_current_password(
    send: Callable[..., Any], user: User
) -> None:
    response = _request_change(send, "new@example.jp", password="wrong password")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_password"' in html
    assert "The password is not correct" in html
    assert 'value="new@example.jp"' in html
    assert mail.outbox == []


def test_the_email_changes_only_when_the_link_sent_to_the_new_address_is_opened(
    client: Client, send: Callable[..., Any], user: User
) -> None:
    response = _request_change(send, "New@Example.jp")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/settings/"
    user.refresh_from_db()
    assert user.email == "taro@example.jp"

    # A confirmation link to the new address, a notice to the old one, both in Japanese.
    (confirm,) = mail_to("new@example.jp")
    assert "新しいメールアドレスのご確認" in confirm.subject
    (notice,) = mail_to("taro@example.jp")
    assert "new@example.jp" in notice.body
    assert "/accounts/password-reset/" in links_in(notice)

    client.logout()  # the link works on any device
    link = _confirm_link()
    response = client.get(link)
    assert response.status_code == 200
    assert "new@example.jp" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "new@example.jp"
    assert user.email_verified
    event = AuditEvent.objects.get(action="user.change_email", object_id=str(user.pk))
    assert (event.before, event.after) == (
        {"email": "taro@example.jp"},
        {"email": "new@example.jp"},
    )

    # Opening it again does nothing more; logging in uses the new address.
    assert client.get(link).status_code == 200
    assert AuditEvent.objects.filter(action="user.change_email").count() == 1
    response = client.post("/accounts/login/", {"username": "new@example.jp", "password": PASSWORD})
    assert response.status_code == 302


def test_the_change_confirms_an_unconfirmed_account(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    account = make_account("typo@example.jpp", verified=False)
    client.force_login(account)
    assert _request_change(send, "new@example.jp").status_code == 302
    client.get(_confirm_link())
    account.refresh_from_db()
    assert (account.email, account.email_verified) == ("new@example.jp", True)


def test_a_taken_address_is_refused_on_the_form(
    send: Callable[..., Any], user: User, make_account: Callable[..., User]
) -> None:
    make_account("new@example.jp")
    response = _request_change(send, "NEW@example.jp")
    assert response.status_code == 200
    assert "already used by another account" in response.content.decode()
    assert mail.outbox == []


def test_the_same_address_is_refused_on_the_form(send: Callable[..., Any], user: User) -> None:
    response = _request_change(send, "taro@example.jp")
    assert response.status_code == 200
    assert "This is already your email address." in response.content.decode()


def test_an_address_taken_before_the_link_is_opened_gives_a_clear_error(
    client: Client, send: Callable[..., Any], user: User
) -> None:
    _request_change(send, "new@example.jp")
    user_create(email="new@example.jp", password=PASSWORD)
    response = client.get(_confirm_link_en())
    assert response.status_code == 400
    assert "already used by another account" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "taro@example.jp"


def test_setting_a_new_password_cancels_a_pending_change(
    client: Client, send: Callable[..., Any], user: User
) -> None:
    _request_change(send, "new@example.jp")
    send(
        "post",
        "/en/accounts/settings/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    response = client.get(_confirm_link_en())
    assert response.status_code == 400
    assert "no longer valid" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "taro@example.jp"


def test_a_tampered_change_link_is_refused(
    client: Client, send: Callable[..., Any], user: User
) -> None:
    _request_change(send, "new@example.jp")
    link = _confirm_link_en()
    bad = re.sub(r"/confirm/([^/]+)/", lambda m: f"/confirm/{m.group(1)[:-3]}abc/", link)
    response = client.get(bad)
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    user.refresh_from_db()
    assert user.email == "taro@example.jp"


def test_email_change_requests_are_rate_limited(send: Callable[..., Any], user: User) -> None:
    for _ in range(10):
        _request_change(send, "new@example.jp", password="wrong password")
    response = _request_change(send, "new@example.jp")
    assert response.status_code == 429
    assert mail.outbox == []
