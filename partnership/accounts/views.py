"""The account pages: sign-up, confirming the address, login, password reset and settings.

Views speak HTTP only: the forms check what was typed, the services in ``services.py`` make
every change (and write the audit trail), and ``ratelimits.py`` decides who must wait.
"""

from __future__ import annotations

from typing import Any, Literal, cast
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from partnership.accounts import ratelimits, services, tokens
from partnership.accounts.forms import (
    ChangePasswordForm,
    EmailChangeForm,
    LoginForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignupForm,
    current_language,
)
from partnership.accounts.models import User
from partnership.audit.services import RequestContext
from partnership.core.errors import DomainError

# Where the "check your email" page finds the address it names.
SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"


# --- helpers ---------------------------------------------------------------------------------


def url_in_language(url: str, language: str) -> str:
    """``url`` (a path on this site, possibly with a query) as it reads in ``language``:
    ``/mypage/`` becomes ``/en/mypage/`` for English. Paths that do not resolve stay as they
    are."""
    path_language = translation.get_language_from_path(urlsplit(url).path)
    with translation.override(path_language or settings.LANGUAGE_CODE):
        return translate_url(url, language)


SameSite = Literal["Lax", "Strict", "None"] | None


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """Remember the language like Django's ``set_language`` view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
    )


def _user_language(request: HttpRequest) -> str:
    return getattr(request.user, "language", "") or current_language()


def _safe_next(request: HttpRequest, value: str | None) -> str:
    """``value`` when it points to this site, else the empty string."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _home_after_login(request: HttpRequest) -> str:
    return url_in_language(resolve_url(settings.LOGIN_REDIRECT_URL), _user_language(request))


def _account(request: HttpRequest) -> User:
    """The signed-in user (views using this are behind ``login_required``)."""
    user = request.user
    assert isinstance(user, User)
    return user


def rate_limited(
    request: HttpRequest, exception: Exception | None = None, *, minutes: int = 60
) -> HttpResponse:
    """429 Too Many Requests, with a page that says how long to wait.

    Also ``RATELIMIT_VIEW``: any view using django-ratelimit's ``@ratelimit(block=True)``
    ends here through ``RatelimitMiddleware``.
    """
    response = render(
        request, "accounts/rate_limited.html", {"short_wait": minutes <= 5}, status=429
    )
    response["Retry-After"] = str(minutes * 60)
    return response


# --- sign-up and confirming the address ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_home_after_login(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if ratelimits.over_limit(request, "signup", ratelimits.SIGNUP_PER_IP):
            return rate_limited(request)
        if form.is_valid():
            data = form.cleaned_data
            # Counted only now: typing a weak password again must not lock an address out.
            if ratelimits.over_limit(
                request, "signup", ratelimits.SIGNUP_PER_EMAIL, email=data["email"]
            ):
                return rate_limited(request)
            user = services.user_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                language=data["language"],
                context=RequestContext.from_request(request),
            )
            if user is not None:
                auth_login(request, user)
            # The same page whether or not the address was new (see user_sign_up).
            request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
            response = redirect(url_in_language(reverse("accounts:signup_done"), data["language"]))
            set_language_cookie(response, data["language"])
            return response
    return render(request, "accounts/signup.html", {"form": form})


@require_safe
def signup_done(request: HttpRequest) -> HttpResponse:
    email = request.session.get(SIGNUP_EMAIL_SESSION_KEY)
    if not email:
        return redirect("accounts:signup")
    return render(request, "accounts/signup_done.html", {"email": email})


@require_safe
def verify(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.user_verify_email(token=token, context=RequestContext.from_request(request))
    except tokens.ExpiredToken:
        return render(request, "accounts/verify_failed.html", {"expired": True}, status=400)
    except tokens.BadToken:
        return render(request, "accounts/verify_failed.html", {"expired": False}, status=400)
    except DomainError as error:
        return render(
            request,
            "accounts/verify_failed.html",
            {"expired": False, "message": str(error)},
            status=400,
        )
    signed_in_as_owner = request.user.is_authenticated and request.user.pk == user.pk
    return render(
        request,
        "accounts/verify_done.html",
        {
            "verified_user": user,
            "signed_in_as_owner": signed_in_as_owner,
            "continue_url": _home_after_login(request) if signed_in_as_owner else "",
        },
    )


@login_required
@require_safe
def verify_pending(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    next_url = _safe_next(request, request.GET.get("next"))
    if user.email_verified:
        return redirect(next_url or _home_after_login(request))
    return render(request, "accounts/verify_pending.html", {"next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def verify_resend(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    pending = reverse("accounts:verify_pending")
    if next_url:
        pending = f"{pending}?{urlencode({'next': next_url})}"
    if request.method != "POST":
        return redirect(pending)
    if user.email_verified:
        messages.info(request, _("Your email address is already confirmed."))
        return redirect(next_url or _home_after_login(request))
    if ratelimits.over_limit(request, "verify_resend", ratelimits.VERIFY_RESEND):
        return rate_limited(request)
    services.user_send_verification(user=user)
    messages.success(
        request,
        _("We have sent a new link to %(email)s. It is valid for 3 days.") % {"email": user.email},
    )
    return redirect(pending)


# --- login and password reset ----------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, rate limited, landing in the language the user chose."""

    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("username", "")
        if ratelimits.over_limit(request, "login", ratelimits.LOGIN, email=email):
            return rate_limited(request, minutes=5)
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        url = self.get_redirect_url()
        if not url:
            # Staff land on their console (which asks for the second factor); companies on
            # their page.
            user = self.request.user
            url = reverse("review:queue") if getattr(user, "is_reviewer", False) else ""
        return url_in_language(url or super().get_success_url(), _user_language(self.request))

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        set_language_cookie(response, _user_language(self.request))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same whether or not the address has an
    account."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = request.POST.get("email", "")
        if ratelimits.over_limit(request, "password_reset", ratelimits.PASSWORD_RESET, email=email):
            return rate_limited(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_send_password_reset(email=form.cleaned_data["email"])
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_set_password(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            reset=True,
            context=RequestContext.from_request(self.request),
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


# --- settings ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    form = ProfileForm(
        request.POST or None, initial={"full_name": user.full_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        updated = services.user_update_profile(
            user=user,
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
            actor=user,
            context=RequestContext.from_request(request),
        )
        with translation.override(updated.language):
            messages.success(request, _("Your settings have been saved."))
            response = redirect(reverse("accounts:settings"))
        set_language_cookie(response, updated.language)
        return response
    return render(request, "accounts/settings.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change the password; the session stays signed in."""

    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:settings")

    def form_valid(self, form: Any) -> HttpResponse:
        services.user_set_password(
            user=form.user,
            password=form.cleaned_data["new_password1"],
            context=RequestContext.from_request(self.request),
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


@login_required
@require_http_methods(["GET", "POST"])
def email_change(request: HttpRequest) -> HttpResponse:
    user = _account(request)
    form = EmailChangeForm(user, request.POST or None)
    if request.method == "POST":
        # Counted before the password is checked: this form must not help guess it.
        if ratelimits.over_limit(request, "email_change", ratelimits.EMAIL_CHANGE):
            return rate_limited(request)
        if form.is_valid():
            new_email = form.cleaned_data["new_email"]
            try:
                services.user_request_email_change(
                    user=user, new_email=new_email, context=RequestContext.from_request(request)
                )
            except DomainError as error:
                form.add_error("new_email", str(error))
            else:
                messages.success(
                    request,
                    _(
                        "We have sent a link to %(email)s. Your address changes when you open "
                        "it; until then you keep using %(current)s."
                    )
                    % {"email": new_email, "current": user.email},
                )
                return redirect("accounts:settings")
    return render(request, "accounts/email_change.html", {"form": form})


@require_safe
def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.user_change_email(token=token, context=RequestContext.from_request(request))
    except tokens.ExpiredToken:
        message = _("This link has expired: links to confirm a new address are valid for 3 days.")
        return render(
            request, "accounts/email_change_failed.html", {"message": message}, status=400
        )
    except tokens.BadToken:
        message = _("This link is not valid. Check that you copied the whole link from the email.")
        return render(
            request, "accounts/email_change_failed.html", {"message": message}, status=400
        )
    except DomainError as error:
        return render(
            request, "accounts/email_change_failed.html", {"message": str(error)}, status=400
        )
    return render(
        request,
        "accounts/email_change_done.html",
        {
            "changed_user": user,
            "signed_in_as_owner": request.user.is_authenticated and request.user.pk == user.pk,
        },
    )
