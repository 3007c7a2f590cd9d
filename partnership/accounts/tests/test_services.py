from __future__ import annotations

from collections.abc import Callable

import pytest

from partnership.accounts import tokens
from partnership.accounts.models import User
from partnership.accounts.services import user_create, user_sign_up, user_verify_email
from partnership.core.errors import InvalidTransition

pytestmark = pytest.mark.django_db


def test_accounts_made_by_the_system_can_start_confirmed() -> None:
    assert user_create(email="a@example.jp", password=None, email_verified=True).email_verified
    assert not user_create(email="b@example.jp", password=None).email_verified


def test_signing_up_with_a_registered_address_creates_nothing(
    make_account: Callable[..., User],
) -> None:
    make_account("taro@example.jp")
    result = user_sign_up(
        email=" Taro@Example.jp", password="whatever it is", full_name="x", language="en"
    )
    assert result is None
    assert User.objects.count() == 1


def test_an_email_change_token_is_not_a_verification_token(
    make_account: Callable[..., User],
) -> None:
    user = make_account(verified=False)
    token = tokens.make_email_change_token(
        user_id=user.pk, old_email=user.email, new_email=user.email, password_hash=user.password
    )
    with pytest.raises(tokens.BadToken):
        user_verify_email(token=token)


def test_an_inactive_account_cannot_be_confirmed(make_account: Callable[..., User]) -> None:
    user = make_account(verified=False)
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(InvalidTransition):
        user_verify_email(token=tokens.make_verify_token(user_id=user.pk, email=user.email))
