"""Input validation for the audit log viewer's filters (all in the query string)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.core.forms import CleanCharField, Form
from partnership.review.audit_selectors import AuditFilters

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
# Dates far from now cannot be turned into Japan-time instants near the limits of datetime.
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2099, 12, 31)


class AuditFilterForm(Form):
    """Filters of the audit log. A value that is not valid is reported and ignored; the
    others still apply (see :meth:`filters`)."""

    actor = CleanCharField(
        label=_("Actor"),
        required=False,
        max_length=254,
        help_text=_("Part of the email address"),
    )
    company = CleanCharField(
        label=_("Company"),
        required=False,
        max_length=200,
        help_text=_("Corporate number or part of the name"),
    )
    action = forms.ChoiceField(label=_("Action"), required=False, choices=())
    date_from = forms.DateField(
        label=_("From (JST)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-01-31.")},
    )
    date_to = forms.DateField(
        label=_("To (JST)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date such as 2026-01-31.")},
    )

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [  # type: ignore[attr-defined]
            ("", _("All actions")),
            *actions,
        ]
        self.fields["action"].error_messages["invalid_choice"] = _(
            "There is no action “%(value)s”. Choose one from the list."
        )

    def _in_range(self, name: str) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get(name)
        if value is not None and not EARLIEST <= value <= LATEST:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return value

    def clean_date_from(self) -> dt.date | None:
        return self._in_range("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._in_range("date_to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> AuditFilters:
        """The valid filters; invalid values are left out."""
        self.is_valid()
        cleaned: dict[str, Any] = getattr(self, "cleaned_data", {})

        def valid(name: str) -> Any:
            return None if name in self.errors else cleaned.get(name)

        return AuditFilters(
            actor=valid("actor") or "",
            company=valid("company") or "",
            action=valid("action") or "",
            date_from=valid("date_from"),
            date_to=valid("date_to"),
        )


def filter_query(filters: AuditFilters) -> dict[str, str]:
    """The query-string parameters that reproduce ``filters`` (for links and the CSV)."""
    values = {
        "actor": filters.actor,
        "company": filters.company,
        "action": filters.action,
        "date_from": filters.date_from.isoformat() if filters.date_from else "",
        "date_to": filters.date_to.isoformat() if filters.date_to else "",
    }
    return {key: value for key, value in values.items() if value}
