"""Input validation for the renewal campaign pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.core.forms import CleanCharField, Form, LooseIntegerField
from partnership.review.campaign_selectors import STATUS_FILTERS
from partnership.review.campaign_services import BATCH_DEFAULT, BATCH_MAX, NOTE_MAX


class CampaignStartForm(Form):
    note = CleanCharField(
        label=_("Note for the staff (optional)"),
        help_text=_("Not shown to companies. For example, why this campaign is sent now."),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SendForm(Form):
    batch_size = LooseIntegerField(
        label=_("Number of companies to email now"),
        min_value=1,
        max_value=BATCH_MAX,
        initial=BATCH_DEFAULT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Interpolated per request, in the language of the page.
        self.fields["batch_size"].help_text = _(
            "Between 1 and %(max)d. Every member of each company is emailed. For large numbers, "
            "the command “manage.py send_renewal_emails” can send from the server instead."
        ) % {"max": BATCH_MAX}


class CampaignFilterForm(Form):
    status = forms.ChoiceField(label=_("Show"), choices=STATUS_FILTERS, required=False)

    def status_value(self) -> str:
        """The valid status filter, or "" (all) when it is missing or invalid."""
        if self.is_valid():
            return str(self.cleaned_data.get("status") or "")
        return ""
