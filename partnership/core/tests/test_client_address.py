"""Behind a load balancer the rate limits and the audit log see the client, not the balancer;
served directly, a forged X-Forwarded-For changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from partnership.accounts.models import User
from partnership.audit.models import AuditEvent
from partnership.core.client_address import forwarded_client

BALANCER = "10.0.0.10"
PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("header", "proxies", "client"),
    [
        ("203.0.113.5", 1, "203.0.113.5"),
        ("198.51.100.1, 203.0.113.5", 1, "203.0.113.5"),  # the left one came from the client
        ("198.51.100.1, 203.0.113.5, 10.0.0.3", 2, "203.0.113.5"),
        (" 2001:db8::1 ", 1, "2001:db8::1"),
        ("2001:DB8:0:0::1", 1, "2001:db8::1"),
        ("203.0.113.5", 2, None),  # did not come through both proxies
        ("", 1, None),
        ("unknown", 1, None),
        ("203.0.113.5:4711", 1, None),
        ("<script>", 1, None),
        ("203.0.113.5", 0, None),
    ],
)
def test_the_client_is_read_from_the_right(header: str, proxies: int, client: str | None) -> None:
    assert forwarded_client(header, proxies) == client


def _login(client: Client, email: str, password: str, forwarded_for: str) -> Any:
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


@pytest.mark.django_db
def test_behind_a_balancer_one_guessing_client_does_not_lock_out_the_others(
    settings: Any, make_user: Callable[..., User]
) -> None:
    settings.TRUSTED_PROXIES = 1
    user = make_user()
    guesser = Client()
    for number in range(30):
        _login(guesser, f"guess{number}@example.jp", "wrong", "203.0.113.66")
    assert _login(guesser, user.email, PASSWORD, "203.0.113.66").status_code == 429
    # A forged address in front of the real one does not get the guesser out of its limit.
    assert _login(guesser, user.email, PASSWORD, "192.0.2.1, 203.0.113.66").status_code == 429
    # Another visitor, through the same balancer, logs in.
    response = _login(Client(), user.email, PASSWORD, "198.51.100.20")
    assert response.status_code == 302


@pytest.mark.django_db
def test_served_directly_a_forged_header_changes_nothing(
    settings: Any, make_user: Callable[..., User]
) -> None:
    settings.TRUSTED_PROXIES = 0
    user = make_user()
    guesser = Client()
    for number in range(30):
        # A new forged address each time: the count is still per connection's address.
        _login(guesser, f"guess{number}@example.jp", "wrong", f"192.0.2.{number + 1}")
    assert _login(guesser, user.email, PASSWORD, "192.0.2.200").status_code == 429


@pytest.mark.django_db
def test_the_audit_log_records_the_client_behind_the_balancer(
    settings: Any, make_user: Callable[..., User]
) -> None:
    settings.TRUSTED_PROXIES = 1
    user = make_user()
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/settings/",
        {"full_name": "Taro Yamada", "language": "en"},
        REMOTE_ADDR=BALANCER,
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.update_profile", object_id=str(user.pk))
    assert event.ip_address == "198.51.100.20"
