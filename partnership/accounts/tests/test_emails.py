"""Every account email exists in Japanese and English and carries its link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from partnership.accounts.models import User
from partnership.core.mail import render_mail

LINK = "https://registry.example.jp/accounts/some/link/"
WHEN = timezone.make_aware(dt.datetime(2026, 12, 1, 9, 30))

EMAILS: dict[str, dict[str, Any]] = {
    "account_verify": {"verify_url": LINK, "expires": WHEN},
    "account_signup_exists": {"login_url": LINK, "reset_url": LINK + "reset/"},
    "password_reset": {"reset_url": LINK, "expires": WHEN},
    "account_password_changed": {"reset_url": LINK, "changed_at": WHEN},
    "email_change_confirm": {
        "confirm_url": LINK,
        "expires": WHEN,
        "old_email": "old@example.jp",
        "new_email": "new@example.jp",
    },
    "email_change_notice": {
        "reset_url": LINK,
        "old_email": "old@example.jp",
        "new_email": "new@example.jp",
    },
}


@pytest.mark.parametrize("name", sorted(EMAILS))
def test_each_email_exists_in_both_languages_and_carries_its_link(name: str) -> None:
    user = User(email="o'brien@example.jp", full_name="O'Brien & 山田")
    context = {"user": user, **EMAILS[name]}
    ja_subject, ja_body = render_mail(name, "ja", context)
    en_subject, en_body = render_mail(name, "en", context)

    assert ja_subject and en_subject
    assert ja_subject != en_subject
    assert ja_body != en_body
    assert "\n" not in ja_subject and "\n" not in en_subject
    for body in (ja_body, en_body):
        assert LINK in body
        assert "O'Brien & 山田" in body  # plain text: nothing HTML-escaped
        assert "{{" not in body and "{%" not in body and "None" not in body
    assert "O'Brien & 山田 様" in ja_body
    assert "パートナーシップ構築宣言 登録・公表システム" in ja_body
    assert "Dear O'Brien & 山田," in en_body
    assert "Partnership Building Declaration Registry" in en_body
    if "expires" in context:
        assert "2026年12月1日" in ja_body
        assert "Dec. 1, 2026" in en_body


def test_a_user_without_a_name_is_addressed_by_email() -> None:
    user = User(email="taro@example.jp", full_name="")
    _, body = render_mail(
        "account_verify", "ja", {"user": user, "verify_url": LINK, "expires": WHEN}
    )
    assert body.startswith("taro@example.jp 様")
