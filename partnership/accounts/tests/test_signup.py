from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from partnership.accounts.models import User
from partnership.accounts.tests.helpers import PASSWORD, links_in, mail_to
from partnership.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

FORM = {
    "email": "Hanako@Example.JP",
    "full_name": "佐藤 花子",
    "password1": "a fine long passphrase",
    "password2": "a fine long passphrase",
    "language": "en",
}


def test_signup_creates_account_logs_in_and_sends_the_confirmation_link(
    client: Client, send: Callable[..., Any]
) -> None:
    response = send("post", "/accounts/signup/", FORM)

    # The "check your email" page, in the language chosen on the form.
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/signup/done/"
    assert response.cookies["django_language"].value == "en"
    user = User.objects.get(email="hanako@example.jp")
    assert user.full_name == "佐藤 花子"
    assert user.language == "en"
    assert not user.email_verified
    assert user.check_password("a fine long passphrase")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(action="user.create", object_id=str(user.pk)).exists()

    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "confirm your email address" in message.subject
    assert any(link.startswith("/en/accounts/verify/") for link in links_in(message))

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "hanako@example.jp" in page.content.decode()


def test_the_language_defaults_to_the_language_of_the_page(client: Client) -> None:
    html = client.get("/en/accounts/signup/").content.decode()
    assert 'id="id_language_1" checked' in html
    html = client.get("/accounts/signup/").content.decode()
    assert 'id="id_language_0" checked' in html


def test_signup_form_has_labels_autocomplete_and_no_browser_validation(client: Client) -> None:
    html = client.get("/en/accounts/signup/").content.decode()
    assert "novalidate" in html
    assert 'autocomplete="email"' in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="name"' in html
    assert '<label for="id_email">' in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"email": ""}, "email", "This field is required."),
        ({"full_name": "  "}, "full_name", "This field is required."),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "too short"),
        (
            {"password1": "hanako@example.jp", "password2": "hanako@example.jp"},
            "password1",
            "too similar",
        ),
        ({"password2": "something else entirely"}, "password2", "didn’t match"),
    ],
)
def test_signup_errors_are_shown_and_nothing_is_created(
    client: Client, changes: dict[str, str], field: str, message: str
) -> None:
    response = client.post("/en/accounts/signup/", {**FORM, **changes})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f'href="#id_{field}"' in html
    assert message in html
    assert "佐藤 花子" in html or field == "full_name"  # what was typed is kept
    assert not User.objects.filter(email="hanako@example.jp").exists()
    assert mail.outbox == []


def test_a_registered_address_gets_the_same_answer_and_its_owner_a_notice(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    owner = make_account("hanako@example.jp", language="ja")
    response = send("post", "/accounts/signup/", {**FORM, "language": "ja"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/signup/done/"
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="hanako@example.jp").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the account is untouched

    (message,) = mail_to("hanako@example.jp")
    assert "ご登録済み" in message.subject
    links = links_in(message)
    assert "/accounts/login/" in links
    assert "/accounts/password-reset/" in links
    assert not any("/verify/" in link for link in links)

    html = client.get("/accounts/signup/done/").content.decode()
    assert "hanako@example.jp" in html
    assert 'href="/accounts/password-reset/"' in html


def test_an_inactive_account_gets_no_notice(
    send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    owner = make_account("hanako@example.jp")
    User.objects.filter(pk=owner.pk).update(is_active=False)
    response = send("post", "/accounts/signup/", FORM)
    assert response.status_code == 302
    assert mail.outbox == []


def test_a_logged_in_user_is_sent_on_from_the_signup_page(
    client: Client, make_account: Callable[..., User]
) -> None:
    client.force_login(make_account(language="en"))
    response = client.get("/accounts/signup/")
    assert response.status_code == 302
    assert response["Location"] == "/en/mypage/"


def test_signup_is_rate_limited_per_client(client: Client) -> None:
    for _ in range(20):
        assert client.post("/en/accounts/signup/", {**FORM, "email": "bad"}).status_code == 200
    response = client.post("/en/accounts/signup/", FORM)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert not User.objects.filter(email="hanako@example.jp").exists()


def test_signup_is_rate_limited_per_address(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    make_account("hanako@example.jp")
    for _ in range(5):
        assert send("post", "/en/accounts/signup/", FORM).status_code == 302
    assert len(mail.outbox) == 5
    response = send("post", "/en/accounts/signup/", FORM)
    assert response.status_code == 429
    assert len(mail.outbox) == 5
