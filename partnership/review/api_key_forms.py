"""Input validation for issuing API keys."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.api.services import MAX_RATE
from partnership.core.forms import CleanCharField, Form, LooseIntegerField


class ApiKeyIssueForm(Form):
    name = CleanCharField(
        label=_("Holder"),
        max_length=200,
        help_text=_("The organisation or system the key is for, e.g. a subsidy office."),
    )
    contact_email = forms.EmailField(
        label=_("Contact email (optional)"),
        required=False,
        max_length=254,
        help_text=_("Whom to tell before the key is revoked or its limit changes."),
    )
    requests_per_minute = LooseIntegerField(
        label=_("Requests per minute"),
        min_value=1,
        max_value=MAX_RATE,
        initial=600,
        help_text=_("Anonymous clients get the limit set by API_ANONYMOUS_RATE."),
    )
