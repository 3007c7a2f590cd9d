"""Input validation for the administrators' template pages. The services check the same rules
again (and the ones that need the database, such as unique codes and keys)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnership.core.forms import CleanCharField, Form
from partnership.declarations.models import SectionKind, TemplateSection
from partnership.declarations.template_services import (
    BODY_MAX,
    KEY_MAX,
    TITLE_MAX,
    clean_code,
    clean_item_key,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _title(label: Any, *, required: bool = True, lang: str = "ja") -> CleanCharField:
    return CleanCharField(
        label=label,
        max_length=TITLE_MAX,
        required=required,
        widget=forms.TextInput(attrs={"lang": lang}),
    )


def _body(label: Any, *, required: bool = False, lang: str = "ja", rows: int = 6) -> Any:
    return CleanCharField(
        label=label,
        max_length=BODY_MAX,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows, "lang": lang}),
    )


class TemplateCopyForm(Form):
    code = CleanCharField(
        label=_("New version code"),
        max_length=20,
        help_text=_("Year and month of the revision, such as 2027-01."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    effective_date = forms.DateField(
        label=_("Effective date"),
        help_text=_("From when the version applies. You can change it until it is made current."),
        widget=DATE_WIDGET,
    )

    def clean_code(self) -> str:
        try:
            return clean_code(self.cleaned_data["code"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["code"]) from None


class TemplateVersionForm(Form):
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_WIDGET)
    title_ja = _title(_("Title (Japanese)"))
    title_en = _title(_("Title (English)"), lang="en")
    preamble_ja = _body(_("Preamble (Japanese)"), required=True)
    preamble_en = _body(_("Preamble (English)"), required=True, lang="en")
    closing_ja = _body(_("Closing (Japanese)"), rows=2)
    closing_en = _body(_("Closing (English)"), lang="en", rows=2)


class SectionForm(Form):
    heading_ja = _title(_("Heading (Japanese)"))
    heading_en = _title(_("Heading (English)"), lang="en")
    body_ja = _body(_("Fixed text (Japanese)"), rows=10)
    body_en = _body(_("Fixed text (English)"), lang="en", rows=10)
    required = forms.BooleanField(label=_("Companies must answer this section"), required=False)
    allow_own_items = forms.BooleanField(
        label=_("Companies may add items of their own"), required=False
    )

    def __init__(self, *args: Any, section: TemplateSection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if section.kind != SectionKind.CHOICE:
            del self.fields["allow_own_items"]


class ItemForm(Form):
    label_ja = _title(_("Label (Japanese)"))
    label_en = _title(_("Label (English)"), lang="en")
    text_ja = _body(_("Text (Japanese)"))
    text_en = _body(_("Text (English)"), lang="en")


class ItemAddForm(ItemForm):
    key = CleanCharField(
        label=_("Key"),
        max_length=KEY_MAX,
        help_text=_(
            "The item's permanent identifier: lower-case letters a–z, digits and “_” or “-” "
            "between words, such as green_transformation. Answers are stored under it, and a "
            "later version keeps the same key for the same item, so it cannot be changed."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["key", "label_ja", "label_en", "text_ja", "text_en"]

    def clean_key(self) -> str:
        try:
            return clean_item_key(self.cleaned_data["key"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["key"]) from None


class MoveForm(Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
