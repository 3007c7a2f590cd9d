"""Account forms. They validate what was typed; the services in ``services.py`` do the rest."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from partnership.accounts.models import Language, User
from partnership.core.text import clean_text


def normalize_email(value: str) -> str:
    """The form in which addresses are stored: trimmed and lower case."""
    return User.objects.normalize_email(value.strip()).lower()


class AccountForm(forms.Form):
    """Labels stand on their own line, so no colon after them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EmailAddressField(forms.EmailField):
    """An email address, stored in lower case so that one person has one account."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return normalize_email(super().to_python(value) or "")


class FullNameField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Full name"))
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault(
            "help_text", _("Shown to the other members of your companies and to reviewers.")
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "name"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value) or "")


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Language"))
        kwargs.setdefault("choices", Language.choices)
        kwargs.setdefault(
            "help_text",
            _("The language of the pages after you log in and of every email we send you."),
        )
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(**kwargs)


def current_language() -> str:
    """The language of the page being shown, as one of the account languages."""
    language = (get_language() or "ja")[:2]
    return language if language in Language.values else Language.JA


class SignupForm(SetPasswordMixin, AccountForm):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("We will send a link to this address to confirm it is yours."),
    )
    full_name = FullNameField(required=True)
    password1, password2 = SetPasswordMixin.create_password_fields()
    language = LanguageField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()

    def clean(self) -> dict[str, Any]:
        self.validate_passwords()
        cleaned = super().clean() or {}
        if "password2" in cleaned and not self.has_error("password2"):
            # The similarity check compares the password with the address and the name.
            candidate = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
            self.validate_password_for_user(candidate, "password1")
        return cleaned


class LoginForm(AuthenticationForm):
    """Django's login form, with an email box that ignores the case of the address."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("Email address")
        username.widget = forms.EmailInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "none",
                "autofocus": True,
                "maxlength": 254,
            }
        )

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data.get("username") or "")


class PasswordResetRequestForm(PasswordResetForm):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("The address you log in with."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")


class ProfileForm(AccountForm):
    full_name = FullNameField(required=True)
    language = LanguageField()


class EmailChangeForm(AccountForm):
    """A new address, confirmed with the current password (a stolen session alone must not
    be enough to take an account over)."""

    new_email = EmailAddressField(
        label=_("New email address"),
        help_text=_(
            "We will send a link to this address; the change takes effect when you open it."
        ),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email: str = self.cleaned_data["new_email"]
        if email == self.user.email:
            raise ValidationError(_("This is already your email address."), code="same_email")
        if User.objects.filter(email=email).exclude(pk=self.user.pk).exists():
            raise ValidationError(
                _("This email address is already used by another account."), code="email_taken"
            )
        return email

    @sensitive_variables("password")
    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("The password is not correct. Enter the password you log in with."),
                code="password_incorrect",
            )
        return password


# --- two-factor authentication (staff) ------------------------------------------------------


def _compact_code(value: str) -> str:
    """What was typed, without the spaces and hyphens people add when copying a code, with
    full-width characters (typed with a Japanese input method) made half-width."""
    value = unicodedata.normalize("NFKC", value or "")
    return re.sub(r"[\s\-‐‑–—−ー]", "", value)


class OneTimeCodeForm(AccountForm):
    """The 6-digit code shown by the staff member's authenticator app."""

    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "The 6-digit code shown in your authenticator app. It changes every 30 seconds."
        ),
        max_length=20,
        error_messages={"required": _("Enter the 6-digit code shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "size": 10,
            }
        ),
    )

    def clean_code(self) -> str:
        code = _compact_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[0-9]{6}", code):
            raise ValidationError(
                _("Enter the 6 digits shown in your authenticator app, for example 123456."),
                code="invalid",
            )
        return code


class BackupCodeForm(AccountForm):
    """One of the staff member's single-use backup codes (8 letters and digits)."""

    code = forms.CharField(
        label=_("Backup code"),
        help_text=_(
            "One of the backup codes you printed or stored when you set up two-factor "
            "authentication, for example abcd-efgh. Each code works only once."
        ),
        max_length=20,
        error_messages={"required": _("Enter one of your backup codes.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
                "size": 12,
            }
        ),
    )

    def clean_code(self) -> str:
        code = _compact_code(self.cleaned_data["code"]).lower()
        if not re.fullmatch(r"[a-z2-7]{8}", code):
            raise ValidationError(
                _("Enter a backup code: 8 letters and digits, for example abcd-efgh."),
                code="invalid",
            )
        return code
