"""The steps of the declaration form, built from the template version (never hard-coded).

Each step's form turns the posted fields into the part of the declaration it edits
(``answers`` for one section, the signer fields, …). Length limits are hard errors (nothing
is saved and the input is shown again); completeness (a chosen item without a text, a missing
signer) is checked by the same rules as submission, for this step only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.companies.forms import CompanyProfileForm
from partnership.core.forms import CleanCharField, Form
from partnership.declarations.answers import (
    FREE_TEXT_MAX,
    ITEM_TEXT_MAX,
    OWN_ITEMS_MAX,
    OWN_TITLE_MAX,
)
from partnership.declarations.models import SectionKind, TemplateSection

SIGNER_MAX = 100


class DeclarationCompanyForm(CompanyProfileForm):
    """Step 1: the company's profile, and its name as it will appear on the document."""

    company_name = CleanCharField(
        label=_("Company name on the declaration"),
        max_length=200,
        help_text=_("Usually the registered name. It is printed above the signer's name."),
    )

    field_order = ["company_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry_id"].required = True


def _localized(obj: Any, field: str, language: str) -> str:
    return str(getattr(obj, f"{field}_en" if language == "en" else f"{field}_ja"))


class ChoiceSectionForm(Form):
    """A section where the company chooses items from the catalogue and writes, for each, what
    it will concretely do; it may add items of its own."""

    def __init__(
        self,
        *args: Any,
        section: TemplateSection,
        answer: dict[str, Any],
        language: str,
        extra_own: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        chosen = {item["key"]: item.get("text", "") for item in answer.get("items", [])}
        self.catalogue = list(section.items.all())
        for item in self.catalogue:
            self.fields[f"item__{item.key}"] = forms.BooleanField(
                label=_localized(item, "label", language),
                required=False,
                initial=item.key in chosen,
            )
            self.fields[f"text__{item.key}"] = CleanCharField(
                label=_("What the company will do: %(item)s")
                % {"item": _localized(item, "label", language)},
                required=False,
                max_length=ITEM_TEXT_MAX,
                initial=chosen.get(item.key, ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        own = list(answer.get("own_items", [])) if section.allow_own_items else []
        rows = min(OWN_ITEMS_MAX, len(own) + extra_own) if section.allow_own_items else 0
        if self.is_bound:
            # Keep every row the person posted (plus any they asked to add).
            posted = [
                int(m.group(1))
                for key in self.data
                if (m := re.fullmatch(r"own__(\d+)__title", key))
            ]
            rows = min(OWN_ITEMS_MAX, max([rows, *(i + 1 for i in posted)]))
        self.own_rows = rows
        for index in range(rows):
            entry = own[index] if index < len(own) else {}
            self.fields[f"own__{index}__title"] = CleanCharField(
                label=_("Your own item %(n)d: title") % {"n": index + 1},
                required=False,
                max_length=OWN_TITLE_MAX,
                initial=entry.get("title", ""),
            )
            self.fields[f"own__{index}__text"] = CleanCharField(
                label=_("Your own item %(n)d: what the company will do") % {"n": index + 1},
                required=False,
                max_length=ITEM_TEXT_MAX,
                initial=entry.get("text", ""),
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def item_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (item, self[f"item__{item.key}"], self[f"text__{item.key}"]) for item in self.catalogue
        ]

    def own_item_rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [
            (i + 1, self[f"own__{i}__title"], self[f"own__{i}__text"]) for i in range(self.own_rows)
        ]

    def answer(self) -> dict[str, Any]:
        data = self.cleaned_data
        items = [
            {"key": item.key, "text": data.get(f"text__{item.key}", "")}
            for item in self.catalogue
            if data.get(f"item__{item.key}")
        ]
        own = [
            {"title": data.get(f"own__{i}__title", ""), "text": data.get(f"own__{i}__text", "")}
            for i in range(self.own_rows)
            if data.get(f"own__{i}__title") or data.get(f"own__{i}__text")
        ]
        return {"items": items, "own_items": own}

    def field_for_path(self, path: str) -> str | None:
        """The form field behind an answers error path such as ``sc.items.alpha.text``."""
        parts = path.split(".")[1:]
        if parts[:1] == ["items"] and len(parts) == 3:
            return f"text__{parts[1]}"
        if parts[:1] == ["own_items"] and len(parts) == 3:
            return f"own__{parts[1]}__{parts[2]}"
        return None


class ConfirmSectionForm(Form):
    """A section whose fixed text the company confirms as it stands (it cannot change it)."""

    confirmed = forms.BooleanField(
        label=_("We confirm that the company will comply with all of the above."),
        required=False,
    )

    def __init__(
        self, *args: Any, section: TemplateSection, answer: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields["confirmed"].initial = bool(answer.get("confirmed"))

    def answer(self) -> dict[str, Any]:
        return {"confirmed": bool(self.cleaned_data.get("confirmed"))}

    def field_for_path(self, path: str) -> str | None:
        return "confirmed"


class FreeSectionForm(Form):
    """A section of free text (e.g. the company's own further initiatives)."""

    text = CleanCharField(
        label=_("Text"),
        required=False,
        max_length=FREE_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(
        self, *args: Any, section: TemplateSection, answer: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.fields["text"].initial = answer.get("text", "")

    def answer(self) -> dict[str, Any]:
        return {"text": self.cleaned_data.get("text", "")}

    def field_for_path(self, path: str) -> str | None:
        return "text"


SECTION_FORMS: dict[str, type[Form]] = {
    SectionKind.CHOICE: ChoiceSectionForm,
    SectionKind.CONFIRM: ConfirmSectionForm,
    SectionKind.FREE: FreeSectionForm,
}

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class LooseDateField(forms.DateField):
    """A date as ISO (what <input type=date> sends) or as typed: 2026/4/1, 2026年4月1日,
    with full-width digits."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_error_messages = {
        "invalid": _("Enter a real date, for example 2026-04-01."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value)
            match = _DATE_RE.match(text)
            if match:
                try:
                    return dt.date(*(int(g) for g in match.groups()))
                except ValueError:
                    raise forms.ValidationError(
                        self.error_messages["invalid"], code="invalid"
                    ) from None
        return super().to_python(value)


class SignerForm(Form):
    """The person with representative authority in whose name the company declares."""

    signer_title = CleanCharField(
        label=_("Signer's title"),
        max_length=SIGNER_MAX,
        required=False,
        help_text=_("A title with authority to represent the company, e.g. 代表取締役社長."),
    )
    signer_name = CleanCharField(
        label=_("Signer's name"),
        max_length=SIGNER_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    signer_attested = forms.BooleanField(
        label=_(
            "I confirm that the signer has the authority to represent the company and has "
            "approved this declaration."
        ),
        required=False,
    )
    document_date = LooseDateField(
        label=_("Date of the declaration"),
        required=False,
        help_text=_("The date printed on the declaration. It cannot be in the future."),
    )

    def changes(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class WithdrawForm(Form):
    reason = CleanCharField(
        label=_("Reason for withdrawing (shown on the public page)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that the declaration will no longer be published, and that the public "
            "page will show it as withdrawn with today's date."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm the withdrawal.")},
    )


class SignedPdfForm(Form):
    signed_pdf = forms.FileField(
        label=_("Signed declaration (PDF, at most 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
