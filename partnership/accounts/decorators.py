"""View decorators for the company side of the site."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse

View = Callable[..., HttpResponseBase]


def verified_email_required(view: View) -> View:
    """Let only signed-in users who confirmed their email address through.

    Anonymous visitors go to the login page (and come back afterwards); signed-in users whose
    address is not confirmed yet go to ``accounts:verify_pending``, which explains why and
    offers to send the link again. Company data is only ever shown to people we can reach.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not getattr(user, "email_verified", False):
            pending = reverse("accounts:verify_pending")
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{pending}?{query}")
        return view(request, *args, **kwargs)

    return wrapped
