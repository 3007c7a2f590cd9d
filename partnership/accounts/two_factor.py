"""Two-factor authentication for staff: entering a code, setting up an authenticator app,
and backup codes.

The staff console (``decorators.staff_required``) and the Django admin send staff whose
session has not passed the second factor to ``accounts:two_factor``. Staff without an
authenticator app are sent on to set one up (``accounts:two_factor_setup``); confirming it
verifies the session and shows ten single-use backup codes once
(``accounts:two_factor_backup_codes``). Views speak HTTP only: the services in
``two_factor_services.py`` make every change and write the audit trail.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from qrcode.image.svg import SvgPathImage

from partnership.accounts import ratelimits
from partnership.accounts import two_factor_services as services
from partnership.accounts.forms import BackupCodeForm, OneTimeCodeForm
from partnership.accounts.models import User
from partnership.accounts.views import _safe_next, rate_limited
from partnership.audit.services import RequestContext
from partnership.core.errors import DomainError

# Counted on every code typed (checking and setting up alike): a 6-digit code must not be
# guessable. Per signed-in user, and per client address like the login.
TWO_FACTOR = (("user", "10/5m"), ("ip", "30/5m"))
# Backup codes just made, kept in the session only until the next page shows them once.
NEW_CODES_SESSION_KEY = "accounts_two_factor_new_codes"
# Where a verified staff member goes when no ``next`` was given: the review queue.
STAFF_HOME = "review:queue"


# --- helpers ---------------------------------------------------------------------------------


def _staff(request: HttpRequest) -> User:
    """The signed-in staff member; anyone else gets 403 (views are behind
    ``login_required``)."""
    user = request.user
    if not isinstance(user, User) or not user.is_reviewer:
        raise PermissionDenied
    return user


def _is_verified(request: HttpRequest) -> bool:
    """Has this session passed the second factor? (``OTPMiddleware`` adds ``is_verified``.)"""
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _next(request: HttpRequest) -> str:
    return _safe_next(request, request.POST.get("next") or request.GET.get("next"))


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _staff_home() -> str:
    try:
        return reverse(STAFF_HOME)
    except NoReverseMatch:  # the staff console is not installed
        return reverse("accounts:settings")


def _verify_session(request: HttpRequest, device: Device) -> None:
    """Mark this session as having passed the second factor, under a new session key (the
    session now grants more than before: never keep one an attacker may have planted)."""
    request.session.cycle_key()
    otp_login(request, device)


def _wrong_code(form: OneTimeCodeForm | BackupCodeForm, check: services.CodeCheck) -> None:
    if check.retry_after:
        message = ngettext(
            "There have been several wrong codes in a row. Wait %(seconds)d second and try again.",
            "There have been several wrong codes in a row. Wait %(seconds)d seconds and try again.",
            check.retry_after,
        ) % {"seconds": check.retry_after}
    elif isinstance(form, BackupCodeForm):
        message = _("This backup code is not correct, or it has already been used.")
    else:
        message = _(
            "This code is not correct or has expired. Enter the code your authenticator app "
            "shows now; if it is refused again, check that the clock of your phone is set "
            "automatically."
        )
    form.add_error("code", message)


def qr_code_svg(data: str, *, label: str) -> SafeString:
    """``data`` as a QR code in inline SVG, drawn here (no script, no outside service)."""
    image = qrcode.make(data, image_factory=SvgPathImage, box_size=10, border=4)
    svg = image.get_image()
    svg.set("role", "img")
    svg.set("aria-label", label)
    svg.set("width", "220")
    svg.set("height", "220")
    # A white background with the quiet zone, so that phones read it on any page colour.
    background = ET.Element("rect", width="100%", height="100%", fill="#ffffff")
    svg.insert(0, background)
    # Safe: the markup is built by ElementTree, which escapes every attribute value.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308


# --- entering a code -------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask a staff member for the code from their authenticator app (or a backup code)."""
    user = _staff(request)
    next_url = _next(request)
    if not services.has_two_factor(user):
        return redirect(_with_next(reverse("accounts:two_factor_setup"), next_url))
    if request.method == "GET" and _is_verified(request):
        return redirect(next_url or _staff_home())
    backup = (request.POST.get("method") or request.GET.get("method")) == "backup"
    form_class = BackupCodeForm if backup else OneTimeCodeForm
    form = form_class(request.POST or None)
    if request.method == "POST":
        if ratelimits.over_limit(request, "two_factor", TWO_FACTOR):
            return rate_limited(request, minutes=5)
        if form.is_valid():
            check = services.two_factor_verify(
                user=user,
                token=form.cleaned_data["code"],
                backup=backup,
                context=RequestContext.from_request(request),
            )
            if check.ok:
                _verify_session(request, check.device)
                if backup and check.backup_codes_left is not None and check.backup_codes_left <= 3:
                    messages.warning(
                        request,
                        ngettext(
                            "You have %(count)d backup code left. Make new ones in your "
                            "account settings.",
                            "You have %(count)d backup codes left. Make new ones in your "
                            "account settings.",
                            check.backup_codes_left,
                        )
                        % {"count": check.backup_codes_left},
                    )
                return redirect(next_url or _staff_home())
            _wrong_code(form, check)
    other_method = {"next": next_url} if next_url else {}
    if not backup:
        other_method["method"] = "backup"
    other_url = reverse("accounts:two_factor")
    if other_method:
        other_url += "?" + urlencode(other_method)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "backup": backup, "other_method_url": other_url},
    )


# --- setting up an authenticator app ---------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code (and the secret) of a new authenticator app; a code from the app
    confirms it."""
    user = _staff(request)
    next_url = _next(request)
    verified = _is_verified(request)
    if services.has_two_factor(user) and not verified:
        # Replacing the app takes a code from the current one (or a backup code) first.
        return redirect(_with_next(reverse("accounts:two_factor"), request.get_full_path()))
    device = services.totp_device_pending(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST":
        if ratelimits.over_limit(request, "two_factor", TWO_FACTOR):
            return rate_limited(request, minutes=5)
        if form.is_valid():
            try:
                check = services.two_factor_enrol(
                    user=user,
                    token=form.cleaned_data["code"],
                    session_verified=verified,
                    context=RequestContext.from_request(request),
                )
            except DomainError as error:  # another app was confirmed meanwhile
                form.add_error("code", str(error))
                check = services.CodeCheck()
            if check.ok:
                _verify_session(request, check.device)
                request.session[NEW_CODES_SESSION_KEY] = check.backup_codes
                messages.success(request, _("Two-factor authentication is set up."))
                return redirect(_with_next(reverse("accounts:two_factor_backup_codes"), next_url))
            elif not form.has_error("code"):
                _wrong_code(form, check)
            device = services.totp_device_pending(user=user)
    config_url = device.config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "replacing": services.has_two_factor(user),
            "qr_code": qr_code_svg(
                config_url, label=_("QR code for setting up your authenticator app")
            ),
            "config_url": config_url,
            "secret": services.totp_secret(device),
        },
    )


# --- backup codes ----------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes, shown once (after setting up, or when asked for: the old ones then
    stop working)."""
    user = _staff(request)
    next_url = _next(request)
    here = reverse("accounts:two_factor_backup_codes")
    if not _is_verified(request):
        return redirect(_with_next(reverse("accounts:two_factor"), _with_next(here, next_url)))
    if request.method == "POST":
        codes = services.backup_codes_regenerate(
            user=user, context=RequestContext.from_request(request)
        )
        request.session[NEW_CODES_SESSION_KEY] = codes
        messages.success(
            request, _("New backup codes are ready. The codes you had before no longer work.")
        )
        return redirect(_with_next(here, next_url))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None) or []
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {
            "codes": [services.format_backup_code(code) for code in codes],
            "codes_left": services.backup_codes_left(user),
            "next": next_url,
            "continue_url": next_url or _staff_home(),
        },
    )
