from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from partnership.accounts.models import User
from partnership.accounts.tests.helpers import NEW_PASSWORD, PASSWORD, links_in, mail_to
from partnership.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_reset_email_is_in_the_accounts_language_and_the_link_sets_a_new_password(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    user = make_account(language="en", verified=False)
    # Asked from the Japanese page: the email still follows the account's language.
    response = send("post", "/accounts/password-reset/", {"email": "TARO@example.jp"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/done/"

    (message,) = mail.outbox
    assert message.to == ["taro@example.jp"]
    assert message.subject.startswith("Setting a new password")
    assert "Dear 山田 太郎," in message.body
    (link,) = [link for link in links_in(message) if "/password-reset/" in link]
    assert link.startswith("/en/accounts/password-reset/")

    page = client.get(link)  # Django swaps the token for a session and redirects
    assert page.status_code == 302
    form_url = page["Location"]
    assert "Set a new password" in client.get(form_url).content.decode()
    mail.outbox.clear()
    response = send(
        "post", form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password-reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # Opening the link proved the address is theirs.
    assert user.email_verified
    assert AuditEvent.objects.filter(action="user.password_reset", object_id=str(user.pk)).exists()
    (notice,) = mail.outbox
    assert "Your password has been changed" in notice.subject

    # The link works once.
    assert "This link cannot be used" in client.get(link, follow=True).content.decode()


def test_an_unknown_address_gets_the_same_answer(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    make_account()
    known = send("post", "/en/accounts/password-reset/", {"email": "taro@example.jp"})
    unknown = send("post", "/en/accounts/password-reset/", {"email": "nobody@example.jp"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert len(mail.outbox) == 1
    assert mail_to("nobody@example.jp") == []
    done = client.get(unknown["Location"]).content.decode()
    assert "If an account uses the address you entered" in done


def test_an_inactive_account_gets_no_link(
    send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    user = make_account()
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert send("post", "/accounts/password-reset/", {"email": user.email}).status_code == 302
    assert mail.outbox == []


def test_a_bad_address_is_an_error_on_the_form(client: Client) -> None:
    response = client.post("/en/accounts/password-reset/", {"email": "taro@"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_email"' in html
    assert 'value="taro@"' in html


def test_reset_is_rate_limited_per_address(
    send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    make_account()
    for _ in range(5):
        assert (
            send("post", "/accounts/password-reset/", {"email": "taro@example.jp"}).status_code
            == 302
        )
    response = send("post", "/en/accounts/password-reset/", {"email": "Taro@example.jp"})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert len(mail.outbox) == 5


def test_reset_is_rate_limited_per_client(send: Callable[..., Any]) -> None:
    for number in range(20):
        send("post", "/accounts/password-reset/", {"email": f"n{number}@example.jp"})
    response = send("post", "/accounts/password-reset/", {"email": "other@example.jp"})
    assert response.status_code == 429


def test_a_broken_link_says_so(client: Client, make_account: Callable[..., User]) -> None:
    make_account()
    response = client.get("/en/accounts/password-reset/MQ/not-a-token/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "This link cannot be used" in html
    assert 'href="/en/accounts/password-reset/"' in html
    assert PASSWORD not in html
