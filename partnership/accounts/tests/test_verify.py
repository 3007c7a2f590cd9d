from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from partnership.accounts.decorators import verified_email_required
from partnership.accounts.models import User
from partnership.accounts.tests.helpers import links_in
from partnership.accounts.tokens import make_verify_token
from partnership.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "hanako@example.jp",
    "full_name": "佐藤 花子",
    "password1": "a fine long passphrase",
    "password2": "a fine long passphrase",
    "language": "ja",
}


def _verify_link(send: Callable[..., Any]) -> str:
    send("post", "/accounts/signup/", SIGNUP)
    (message,) = mail.outbox
    (link,) = [link for link in links_in(message) if "/verify/" in link]
    return link


def test_the_link_confirms_the_address_once(client: Client, send: Callable[..., Any]) -> None:
    link = _verify_link(send)
    response = client.get(link)
    assert response.status_code == 200
    user = User.objects.get(email="hanako@example.jp")
    assert user.email_verified
    assert user.email_verified_at is not None
    events = AuditEvent.objects.filter(action="user.verify_email", object_id=str(user.pk))
    assert events.count() == 1

    # Opening it again changes nothing (mail clients and people click twice).
    first = user.email_verified_at
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at == first
    assert events.count() == 1


def test_the_link_works_without_being_logged_in(client: Client, send: Callable[..., Any]) -> None:
    link = _verify_link(send)
    client.logout()
    response = client.get(link)
    assert response.status_code == 200
    assert 'href="/accounts/login/"' in response.content.decode()
    assert User.objects.get(email="hanako@example.jp").email_verified


def test_an_expired_link_explains_and_offers_to_send_again(
    client: Client, make_account: Callable[..., User]
) -> None:
    user = make_account(verified=False, language="en")
    four_days_ago = time.time() - 4 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = make_verify_token(user_id=user.pk, email=user.email)
    client.force_login(user)
    response = client.get(f"/en/accounts/verify/{token}/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The link has expired" in html
    assert 'action="/en/accounts/verify/resend/"' in html
    user.refresh_from_db()
    assert not user.email_verified


def test_a_tampered_link_is_refused(client: Client, make_account: Callable[..., User]) -> None:
    user = make_account(verified=False)
    token = make_verify_token(user_id=user.pk, email=user.email)
    other = make_account("other@example.jp", verified=False)
    # Someone swaps in another account's id: the signature no longer matches.
    forged = token.replace(
        token.split(":")[0], make_verify_token(user_id=other.pk, email=user.email).split(":")[0]
    )
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        response = client.get(f"/en/accounts/verify/{bad}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert not User.objects.filter(email_verified_at__isnull=False).exists()


def test_a_link_for_an_address_the_account_no_longer_has_is_refused(
    client: Client, make_account: Callable[..., User]
) -> None:
    user = make_account(verified=False)
    token = make_verify_token(user_id=user.pk, email="old@example.jp")
    response = client.get(f"/en/accounts/verify/{token}/")
    assert response.status_code == 400
    assert "the email address of the account has changed" in response.content.decode()


def test_send_again(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    user = make_account(verified=False, language="en")
    client.force_login(user)
    response = send("post", "/en/accounts/verify/resend/", {"next": "/en/mypage/"})
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/verify/pending/?next=%2Fen%2Fmypage%2F"
    (message,) = mail.outbox
    assert message.to == [user.email]
    (link,) = [link for link in links_in(message) if "/verify/" in link]
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.email_verified


def test_send_again_is_rate_limited(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    client.force_login(make_account(verified=False, language="en"))
    for _ in range(5):
        assert send("post", "/en/accounts/verify/resend/").status_code == 302
    response = send("post", "/en/accounts/verify/resend/")
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_send_again_needs_login_and_post(client: Client, make_account: Callable[..., User]) -> None:
    response = client.post("/accounts/verify/resend/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    client.force_login(make_account(verified=False))
    response = client.get("/accounts/verify/resend/")
    assert response["Location"] == "/accounts/verify/pending/"
    assert mail.outbox == []


def test_send_again_when_already_confirmed_sends_nothing(
    client: Client, send: Callable[..., Any], make_account: Callable[..., User]
) -> None:
    client.force_login(make_account(verified=True))
    response = send("post", "/accounts/verify/resend/")
    assert response.status_code == 302
    assert mail.outbox == []


def test_pending_page(client: Client, make_account: Callable[..., User]) -> None:
    assert client.get("/accounts/verify/pending/")["Location"].startswith("/accounts/login/")
    user = make_account(verified=False, language="en")
    client.force_login(user)
    response = client.get("/en/accounts/verify/pending/?next=/en/mypage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert user.email in html
    assert 'name="next" value="/en/mypage/"' in html
    assert "Send the link again" in html

    User.objects.filter(pk=user.pk).update(email_verified_at="2026-01-01T00:00:00Z")
    response = client.get("/en/accounts/verify/pending/?next=/en/mypage/")
    assert response["Location"] == "/en/mypage/"
    response = client.get("/en/accounts/verify/pending/?next=https://evil.example/")
    assert response["Location"] == "/en/mypage/"


# --- the decorator ---------------------------------------------------------------------------


@verified_email_required
def _protected(request: HttpRequest) -> HttpResponse:
    return HttpResponse("company data")


def _request(user: Any) -> HttpRequest:
    request = RequestFactory().get("/mypage/companies/?tab=1")
    request.user = user
    return request


def test_decorator_sends_anonymous_visitors_to_login() -> None:
    response = _protected(_request(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/mypage/companies/%3Ftab%3D1"


def test_decorator_sends_unconfirmed_users_to_the_pending_page(
    make_account: Callable[..., User],
) -> None:
    response = _protected(_request(make_account(verified=False)))
    assert response.status_code == 302
    assert (
        response["Location"] == "/accounts/verify/pending/?next=%2Fmypage%2Fcompanies%2F%3Ftab%3D1"
    )


def test_decorator_lets_confirmed_users_through(make_account: Callable[..., User]) -> None:
    response = _protected(_request(make_account(verified=True)))
    assert response.status_code == 200
    assert response.content == b"company data"


def test_decorator_on_a_real_page(client: Client, make_account: Callable[..., User]) -> None:
    client.force_login(make_account(verified=False))
    response = client.get("/mypage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/verify/pending/")
