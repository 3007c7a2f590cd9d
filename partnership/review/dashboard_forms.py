"""Input validation for the operations dashboard (the period, in the query string)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.core.forms import Form
from partnership.review.dashboard_selectors import DEFAULT_PERIOD

# One per dashboard_selectors.PERIODS.
PERIOD_CHOICES = [
    (str(30), _("Last 30 days")),
    (str(90), _("Last 90 days")),
    (str(365), _("Last 365 days")),
]


class PeriodForm(Form):
    period = forms.TypedChoiceField(
        label=_("Period"),
        choices=PERIOD_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose 30, 90 or 365 days.")},
    )

    def period_days(self) -> int:
        """The chosen period, or the default when none or an invalid one was given."""
        if self.is_valid() and self.cleaned_data["period"]:
            return int(self.cleaned_data["period"])
        return DEFAULT_PERIOD
