"""Input validation for the review queue and decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from partnership.core.forms import CleanCharField, Form
from partnership.declarations.models import PrecheckOutcome, RemovalCategory, Status

WAITING_CHOICES = [
    ("", _("Any")),
    ("3", _("More than 3 days")),
    ("7", _("More than 7 days")),
    ("14", _("More than 14 days")),
]
ASSIGNED_CHOICES = [
    ("", _("Anyone or no one")),
    ("me", _("Assigned to me")),
    ("none", _("Not assigned")),
    ("others", _("Assigned to someone else")),
]
QUEUE_STATUSES = [
    (Status.SUBMITTED.value, Status.SUBMITTED.label),
    (Status.RETURNED.value, Status.RETURNED.label),
]


class QueueFilterForm(Form):
    """Filters of the review queue; every value comes from the query string, so each view of
    the queue can be shared as a link. Invalid values are reported and ignored."""

    status = forms.ChoiceField(label=_("Status"), choices=QUEUE_STATUSES, required=False)
    waiting = forms.ChoiceField(label=_("Waiting"), choices=WAITING_CHOICES, required=False)
    template = forms.ChoiceField(label=_("Template"), choices=(), required=False)
    prefecture = forms.ChoiceField(label=_("Prefecture"), choices=(), required=False)
    outcome = forms.ChoiceField(
        label=_("Pre-checks"),
        choices=[("", _("Any")), *PrecheckOutcome.choices],
        required=False,
    )
    assigned = forms.ChoiceField(label=_("Assigned"), choices=ASSIGNED_CHOICES, required=False)

    def __init__(
        self,
        *args: Any,
        templates: list[str],
        prefectures: list[Any],
        reviewers: Sequence[Any] = (),
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.fields["assigned"].choices = [  # type: ignore[attr-defined]
            *ASSIGNED_CHOICES,
            *((str(r.pk), r.full_name or r.email) for r in reviewers),
        ]
        self.fields["template"].choices = [("", _("Any")), *((c, c) for c in templates)]  # type: ignore[attr-defined]
        self.fields["prefecture"].choices = [  # type: ignore[attr-defined]
            ("", _("Any")),
            *((p.code, p.name) for p in prefectures),
        ]

    def values(self) -> dict[str, str]:
        """The valid filters (invalid ones dropped)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: str(cleaned.get(name) or "")
            for name in self.fields
            if name not in self.errors and cleaned.get(name)
        }


OUT_OF_DATE = _("This page is out of date. Reload it and try again.")


def parse_seen(value: str) -> dt.datetime | None:
    """The submission time a reviewer's page showed (a hidden field); None when none was
    sent. Raises ValueError when one was sent that is not a time (a broken or altered form):
    ``parse_datetime`` itself raises for "2026-02-30T10:00" and returns None for "x"."""
    if not value:
        return None
    moment = parse_datetime(value)
    if moment is None:
        raise ValueError(value)
    return moment


class DecisionForm(Form):
    DECISIONS = [
        ("publish", _("Approve and publish")),
        ("return", _("Return to the company for changes")),
        ("reject", _("Reject")),
    ]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    message = CleanCharField(
        label=_("Message to the company"),
        required=False,
        max_length=4000,
        help_text=_(
            "Required when you return or reject: say exactly what to change, or why. The company "
            "sees this text in its status page and in an email."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    submitted_at = forms.CharField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["seen"] = parse_seen(data.get("submitted_at") or "")
        except ValueError:
            self.add_error(None, OUT_OF_DATE)
        if data.get("decision") in ("return", "reject") and not data.get("message"):
            self.add_error(
                "message",
                _("Write what the company should change.")
                if data.get("decision") == "return"
                else _("Write the reason for the rejection."),
            )
        return data


class RemovalForm(Form):
    category = forms.ChoiceField(
        label=_("Reason category (shown publicly)"), choices=RemovalCategory.choices
    )
    reason = CleanCharField(
        label=_("Reason (shown publicly)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm that this declaration is to be removed from publication. The public page "
            "will show the removal with today's date and this reason."
        ),
        error_messages={"required": _("Tick the box to confirm the removal.")},
    )


class CompanySearchForm(Form):
    q = forms.CharField(label=_("Corporate number or name"), max_length=200, required=False)
