"""Signed links sent by email: confirm an address, confirm a change of address.

The tokens are signed with ``SECRET_KEY`` (``django.core.signing``), carry no secret and expire
after ``TOKEN_MAX_AGE``. Each kind has its own salt, so a token of one kind is never accepted
for another. They carry the address they were made for: once the account's address changes,
every older link stops working. An email-change link also carries a fingerprint of the
password hash, so setting a new password cancels a change someone else asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

TOKEN_MAX_AGE = dt.timedelta(days=3)
VERIFY_SALT = "partnership.accounts.verify-email"
EMAIL_CHANGE_SALT = "partnership.accounts.email-change"

# Re-exported so that callers catch these without importing django.core.signing.
BadToken = signing.BadSignature
ExpiredToken = signing.SignatureExpired


@dataclass(frozen=True)
class VerifyToken:
    user_id: int
    email: str


@dataclass(frozen=True)
class EmailChangeToken:
    user_id: int
    old_email: str
    new_email: str
    password_fingerprint: str


def _signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt)


def _load(token: str, salt: str, keys: tuple[str, ...]) -> dict[str, object]:
    payload = _signer(salt).unsign_object(token, max_age=TOKEN_MAX_AGE)
    if not isinstance(payload, dict) or any(key not in payload for key in keys):
        raise BadToken("Malformed token")
    if not isinstance(payload["u"], int) or not all(
        isinstance(payload[key], str) for key in keys if key != "u"
    ):
        raise BadToken("Malformed token")
    return payload


def make_verify_token(*, user_id: int, email: str) -> str:
    return _signer(VERIFY_SALT).sign_object({"u": user_id, "e": email})


def read_verify_token(token: str) -> VerifyToken:
    """The content of a verification token. Raises ``ExpiredToken`` or ``BadToken``."""
    payload = _load(token, VERIFY_SALT, ("u", "e"))
    return VerifyToken(user_id=payload["u"], email=payload["e"])  # type: ignore[arg-type]


def _password_fingerprint(password_hash: str) -> str:
    return salted_hmac(EMAIL_CHANGE_SALT, password_hash, algorithm="sha256").hexdigest()[:20]


def make_email_change_token(
    *, user_id: int, old_email: str, new_email: str, password_hash: str
) -> str:
    payload = {
        "u": user_id,
        "o": old_email,
        "n": new_email,
        "p": _password_fingerprint(password_hash),
    }
    return _signer(EMAIL_CHANGE_SALT).sign_object(payload)


def read_email_change_token(token: str) -> EmailChangeToken:
    """The content of an email-change token. Raises ``ExpiredToken`` or ``BadToken``."""
    payload = _load(token, EMAIL_CHANGE_SALT, ("u", "o", "n", "p"))
    return EmailChangeToken(
        user_id=payload["u"],  # type: ignore[arg-type]
        old_email=payload["o"],  # type: ignore[arg-type]
        new_email=payload["n"],  # type: ignore[arg-type]
        password_fingerprint=payload["p"],  # type: ignore[arg-type]
    )


def password_matches(token: EmailChangeToken, password_hash: str) -> bool:
    """True while the account's password is the one it had when the link was made."""
    return constant_time_compare(token.password_fingerprint, _password_fingerprint(password_hash))
