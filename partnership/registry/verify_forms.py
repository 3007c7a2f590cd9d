"""The two forms of the verification page: one number on a date (sent by GET, so that an
answer has a URL), and a CSV file of numbers on a date (POST, answered with a CSV file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnership.companies.corporate_number import validate_corporate_number
from partnership.core.dates import jst_today
from partnership.core.forms import Form
from partnership.declarations.forms import LooseDateField
from partnership.registry.verify_csv import MAX_BYTES, MAX_ROWS, read_numbers

# The registry has no answer to give before this day; it also keeps every day in range of
# the date arithmetic (the last day of year 9999 has no next day).
EARLIEST = dt.date(2000, 1, 1)


class VerifyDateField(LooseDateField):
    """The day to answer for; empty means today in Japan."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Date"))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> dt.date:
        day = super().clean(value) or jst_today()
        today = jst_today()
        if not EARLIEST <= day <= today:
            raise forms.ValidationError(
                gettext("Enter a date from %(earliest)s to today (%(today)s).")
                % {"earliest": EARLIEST.isoformat(), "today": today.isoformat()},
                code="range",
            )
        return day


def _date_as_iso(data: Any) -> Any:
    """A copy of ``data`` whose date is today when missing, and in ISO form when it can be
    read: what the date box shows after the answer (``<input type=date>`` shows ISO only)."""
    data = data.copy()
    raw = str(data.get("date", "")).strip()
    if not raw:
        data["date"] = jst_today().isoformat()
    else:
        try:
            day = LooseDateField().to_python(raw)
        except forms.ValidationError:
            day = None
        if day is not None:
            data["date"] = day.isoformat()
    return data


class VerifyOneForm(Form):
    number = forms.CharField(
        label=_("Corporate number (13 digits)"),
        help_text=_("Hyphens, spaces and full-width digits are fine."),
        max_length=40,
        error_messages={"required": _("Enter a corporate number.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    date = VerifyDateField(help_text=_("Japan time. Today unless you choose another day."))

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "one-%s")
        kwargs.setdefault("initial", {"date": jst_today()})
        super().__init__(None if data is None else _date_as_iso(data), **kwargs)

    def clean_number(self) -> str:
        return validate_corporate_number(self.cleaned_data["number"])


class VerifyFileForm(Form):
    """A CSV file of corporate numbers. ``too_large`` is set by the view when the upload was
    stopped at the size limit (the file is then not in ``files``); ``refused`` is a reason
    not to read the file at all (shown as the form's error, the date kept)."""

    date = VerifyDateField(help_text=_("Japan time. Every number is checked on this day."))
    file = forms.FileField(
        label=_("CSV file"),
        error_messages={
            "required": _("Choose a CSV file of corporate numbers."),
            "empty": _("The file is empty."),
        },
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.tsv,text/csv,text/plain"}),
    )

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        too_large: bool = False,
        refused: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", "csv-%s")
        kwargs.setdefault("initial", {"date": jst_today()})
        super().__init__(None if data is None else _date_as_iso(data), files, **kwargs)
        self.too_large = too_large
        self.refused = refused
        # Formatted here, in the language of the request (a lazy string formatted at import
        # time would stay in the default language).
        self.fields["file"].help_text = gettext(
            "UTF-8 or Shift_JIS, up to %(rows)s rows and %(size)s MB. The format is explained "
            "below."
        ) % {"rows": f"{MAX_ROWS:,}", "size": MAX_BYTES // (1024 * 1024)}
        if too_large or refused:
            self.fields["file"].required = False

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        if self.refused:
            return None
        if self.too_large or (upload is not None and (upload.size or 0) > MAX_BYTES):
            raise forms.ValidationError(
                gettext("The file is larger than %(size)s MB. Split it into smaller files.")
                % {"size": MAX_BYTES // (1024 * 1024)},
                code="too_large",
            )
        if upload is not None:
            data = upload.read()
            self.cleaned_data["numbers"] = read_numbers(data)
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.refused:
            raise forms.ValidationError(self.refused, code="refused")
        return cleaned

    @property
    def numbers(self) -> list[str]:
        return list(self.cleaned_data.get("numbers", []))
