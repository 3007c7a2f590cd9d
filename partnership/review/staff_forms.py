"""Input validation for the staff-accounts pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import Language, StaffRole
from partnership.core.forms import CleanCharField, Form

STAFF_ROLE_CHOICES = [
    (StaffRole.REVIEWER.value, StaffRole.REVIEWER.label),
    (StaffRole.ADMINISTRATOR.value, StaffRole.ADMINISTRATOR.label),
]


class StaffCreateForm(Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The person logs in with this address; the link to set a password goes there."),
    )
    full_name = CleanCharField(label=_("Full name"), max_length=100)
    staff_role = forms.ChoiceField(
        label=_("Role"),
        choices=STAFF_ROLE_CHOICES,
        initial=StaffRole.REVIEWER.value,
        widget=forms.RadioSelect,
        help_text=_(
            "Reviewers work the review queue. Administrators can also manage templates, "
            "staff accounts and removals."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=Language.choices,
        initial=Language.JA.value,
        widget=forms.RadioSelect,
        help_text=_("The language of the welcome email and of the pages after login."),
    )


NO_ROLE = "none"


class StaffRoleForm(Form):
    staff_role = forms.ChoiceField(
        label=_("New role"),
        choices=[
            *STAFF_ROLE_CHOICES,
            # The model's value for "none" is "", which a required field would take as empty.
            (NO_ROLE, _("No staff role (the account stays, as a company user's)")),
        ],
        widget=forms.RadioSelect,
    )
    # Set on the confirmation page: the change is made only when the second POST carries it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def role(self) -> str:
        """The chosen ``StaffRole`` value (the form must be valid)."""
        value: str = self.cleaned_data["staff_role"]
        return StaffRole.NONE.value if value == NO_ROLE else value


class ActiveForm(Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
