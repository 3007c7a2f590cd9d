"""Rate limits on the account pages (login, sign-up, password reset, emails we send).

Counts live in the default cache (shared between app processes when ``REDIS_URL`` is set).
Each limit counts by client address and, where the request names an account, by that email
address too, so neither many addresses from one client nor many clients on one address get
far. Over the limit the views answer 429 with a page that says to wait (``views.rate_limited``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

# (what is counted, rate) per action; "ip" is the client address, "email" the address typed.
LOGIN = (("ip", "30/5m"), ("email", "10/5m"))
# Sign-up counts the address only once the form is valid (an email is about to be sent).
SIGNUP_PER_IP = (("ip", "20/h"),)
SIGNUP_PER_EMAIL = (("email", "5/h"),)
PASSWORD_RESET = (("ip", "20/h"), ("email", "5/h"))
# Per signed-in user: sending the confirmation link again, asking for a change of address.
VERIFY_RESEND = (("user", "5/h"),)
# Counted on every attempt, since the form checks the current password.
EMAIL_CHANGE = (("user", "10/h"),)


def _value(request: HttpRequest, kind: str, email: str) -> str:
    if kind == "user":
        return str(request.user.pk) if request.user.is_authenticated else ""
    return email.strip().lower()


def over_limit(
    request: HttpRequest, action: str, rules: Iterable[tuple[str, str]], *, email: str = ""
) -> bool:
    """Count this request against every rule of ``action``; True when any limit is exceeded.

    Every rule is counted even when an earlier one is already exceeded, so that the counts
    stay right. Rules keyed on an empty value (no email typed) are skipped.
    """
    limited = False
    for kind, rate in rules:
        key: object
        if kind == "ip":
            key = "ip"  # REMOTE_ADDR; IPv6 clients are counted per /64 network
        else:
            value = _value(request, kind, email)
            if not value:
                continue
            key = lambda _group, _request, value=value: value  # noqa: E731
        if is_ratelimited(
            request, group=f"accounts.{action}.{kind}", key=key, rate=rate, increment=True
        ):
            limited = True
    return limited
