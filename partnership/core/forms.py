"""Form fields that accept what people in Japan actually type."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partnership.core.text import clean_text

_GROUPING_RE = re.compile(r"[,\s_'円人]")


class Form(forms.Form):
    """Project base form: no colon after labels (labels stand on their own line)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class CleanCharField(forms.CharField):
    """A CharField whose value is cleaned like every stored text (NFC, no control characters,
    trimmed) before the length is checked."""

    def to_python(self, value: Any) -> str:
        return clean_text(super().to_python(value) or "")


class LooseIntegerInput(forms.TextInput):
    input_type = "text"


class LooseIntegerField(forms.IntegerField):
    """An integer typed with full-width digits, thousands separators or a unit (円, 人)."""

    widget = LooseIntegerInput

    default_error_messages = {"invalid": _("Enter a whole number, such as 10000000.")}

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = _GROUPING_RE.sub("", unicodedata.normalize("NFKC", value))
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # A text box with a numeric keyboard: <input type=number> rejects "1,000" and 全角.
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.pop("step", None)
        attrs["inputmode"] = "numeric"
        return attrs


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the named fields where they exist."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
