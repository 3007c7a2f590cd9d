"""View decorators: company pages (verified email) and the staff console (role + second factor)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
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


def staff_required(role: str) -> Callable[[View], View]:
    """Let through only staff with ``role`` ("reviewer": reviewers and administrators;
    "administrator": administrators) whose session has passed the second factor.

    Anonymous visitors go to the login page; signed-in people without the role get 403; staff
    who have not yet entered a one-time code (or not yet enrolled an authenticator) go to
    ``accounts:two_factor``, which sends them on to enrolment when they have no device."""
    if role not in ("reviewer", "administrator"):
        raise ValueError(f"unknown staff role {role!r}")

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = (
                getattr(user, "is_administrator", False)
                if role == "administrator"
                else getattr(user, "is_reviewer", False)
            )
            if not allowed:
                raise PermissionDenied
            if not getattr(user, "is_verified", lambda: False)():
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('accounts:two_factor')}?{query}")
            return view(request, *args, **kwargs)

        # Read by the authorization tests, which check every staff route carries a role.
        wrapped.staff_role = role  # type: ignore[attr-defined]
        return wrapped

    return decorator


reviewer_required = staff_required("reviewer")
administrator_required = staff_required("administrator")
