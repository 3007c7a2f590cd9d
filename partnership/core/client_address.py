"""The client's address behind load balancers and reverse proxies.

The rate limits (login, sign-up, two-factor codes, verification uploads, the API) count per
client address, and the audit log records it, all from ``REMOTE_ADDR``. Behind a proxy that
is the proxy's own address, so every visitor would share one count (and the first 30 failed
logins anywhere would lock everyone out for five minutes). gunicorn does not take the
client's address from ``X-Forwarded-For`` (only from the PROXY protocol), so the application
does it, for exactly as many proxies as the operator says are in front (``TRUSTED_PROXIES``).

Each proxy appends the address it received the request from to ``X-Forwarded-For``. With N
trusted proxies, the N-th address from the right was written by the outermost of them and is
the client; anything to its left came from the client and is ignored, so it cannot be forged.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def forwarded_client(forwarded_for: str, trusted_proxies: int) -> str | None:
    """The client address in an ``X-Forwarded-For`` value written through ``trusted_proxies``
    proxies, or None when the value does not hold one (too few entries: the request did not
    come through all of them; or not an IP address)."""
    if trusted_proxies < 1:
        return None
    entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
    if len(entries) < trusted_proxies:
        return None
    candidate = entries[-trusted_proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class ClientAddressMiddleware:
    """Set ``REMOTE_ADDR`` to the client's address when ``TRUSTED_PROXIES`` proxies are in
    front (see the module's docstring); with ``TRUSTED_PROXIES = 0`` (direct serving, the
    default) nothing changes. Listed first in ``MIDDLEWARE``, so everything sees the client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = int(getattr(settings, "TRUSTED_PROXIES", 0))
        if trusted:
            client = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted)
            if client is not None:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
