"""Input validation for the company pages (the rules themselves live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import MembershipRole
from partnership.companies.corporate_number import validate_corporate_number
from partnership.core.forms import CleanCharField, Form, LooseIntegerField
from partnership.core.models import Industry, Prefecture


class CorporateNumberForm(Form):
    corporate_number = forms.CharField(
        label=_("Corporate number (13 digits)"),
        help_text=_(
            "The 13-digit number the National Tax Agency assigned to the company. Hyphens, "
            "spaces and full-width digits are fine."
        ),
        max_length=40,
        error_messages={"required": _("Enter a corporate number.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_corporate_number(self) -> str:
        return validate_corporate_number(self.cleaned_data["corporate_number"])


def _prefecture_choices() -> list[tuple[str, Any]]:
    return [("", _("Choose…")), *((p.code, p.name) for p in Prefecture.objects.all())]


def _industry_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Choose…")),
        *((i.code, f"{i.code} {i.name}") for i in Industry.objects.all()),
    ]


class CompanyProfileForm(Form):
    name = CleanCharField(
        label=_("Company name"),
        max_length=200,
        help_text=_("As registered, e.g. 株式会社山田精工."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    name_kana = CleanCharField(
        label=_("Reading of the name (katakana)"),
        max_length=200,
        required=False,
        help_text=_("Used for sorting and for search, e.g. ヤマダセイコウ."),
    )
    name_en = CleanCharField(label=_("English name"), max_length=200, required=False)
    prefecture_id = forms.ChoiceField(label=_("Prefecture of the head office"), choices=())
    address = CleanCharField(
        label=_("Address of the head office"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    industry_id = forms.ChoiceField(
        label=_("Industry (JSIC major division)"), choices=(), required=False
    )
    capital_yen = LooseIntegerField(
        label=_("Capital (yen)"),
        required=False,
        min_value=0,
        max_value=10**15,
        help_text=_("In yen, e.g. 10,000,000. Leave empty when the company has no capital."),
    )
    employees = LooseIntegerField(
        label=_("Employees"), required=False, min_value=0, max_value=10**7
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=300,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prefecture_id"].choices = _prefecture_choices()  # type: ignore[attr-defined]
        self.fields["industry_id"].choices = _industry_choices()  # type: ignore[attr-defined]

    def profile(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["industry_id"] = data.get("industry_id") or None
        return data


class InvitationForm(Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        help_text=_("Owners can also invite and remove members."),
    )


class RoleForm(Form):
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices)
