"""Emails to a company's people when something happens to its declaration.

Called by the life-cycle services inside their transaction; the mail goes out after commit
(see partnership.core.mail), to every member of the company, each in their own language.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from partnership.accounts.models import Membership
from partnership.core.mail import reverse_in, send_user_mail
from partnership.declarations.models import Declaration


def reference_number(declaration: Declaration) -> str:
    """The reference a company quotes when it contacts the registry about a submission."""
    return f"{declaration.company.corporate_number}-{declaration.version}"


def _recipients(declaration: Declaration) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(company_id=declaration.company_id)
        .select_related("user")
        .order_by("user__email")
        if m.user.is_active
    ]


def _notify(declaration: Declaration, name: str, **context: Any) -> None:
    cn = declaration.company.corporate_number
    for user in _recipients(declaration):
        language = user.language or settings.LANGUAGE_CODE
        send_user_mail(
            user=user,
            name=name,
            context={
                "declaration": declaration,
                "company": declaration.company,
                "reference": reference_number(declaration),
                "status_url": reverse_in(
                    language,
                    "declarations:status",
                    kwargs={"corporate_number": cn, "version": declaration.version},
                ),
                "public_url": reverse_in(
                    language, "registry:declaration", kwargs={"corporate_number": cn}
                ),
                **context,
            },
        )


def notify_submitted(declaration: Declaration) -> None:
    _notify(declaration, "declaration_submitted", review_days=settings.REVIEW_TARGET_DAYS)


def notify_returned(declaration: Declaration, message: str) -> None:
    _notify(declaration, "declaration_returned", message=message)


def notify_published(declaration: Declaration) -> None:
    _notify(declaration, "declaration_published")


def notify_rejected(declaration: Declaration, reason: str) -> None:
    _notify(declaration, "declaration_rejected", reason=reason)


def notify_withdrawn(declaration: Declaration) -> None:
    _notify(declaration, "declaration_withdrawn")


def notify_removed(declaration: Declaration) -> None:
    _notify(declaration, "declaration_removed")
