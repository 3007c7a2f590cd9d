"""Emails to people, in their own language, through Django's mail framework.

Each email is two templates under ``templates/emails/``: ``<name>.subject.txt`` (one line) and
``<name>.body.txt``. They are rendered with the recipient's language active, so ``{% translate %}``
and ``{% url %}`` (which then carries the ``/en/`` prefix) follow the recipient, not the sender.
Mail is sent after the surrounding transaction commits, so a rolled-back change never emails.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute_url(path: str) -> str:
    """``SITE_URL`` + ``path`` (a path from ``reverse``)."""
    return f"{settings.SITE_URL}{path}"


def reverse_in(language: str, viewname: str, **kwargs: Any) -> str:
    """An absolute URL for ``viewname`` in ``language`` (``/en/…`` for English)."""
    with translation.override(language):
        return absolute_url(reverse(viewname, **kwargs))


def render_mail(name: str, language: str, context: dict[str, Any]) -> tuple[str, str]:
    """Subject and body of email ``name`` in ``language``."""
    with translation.override(language):
        ctx = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = str(render_to_string(f"emails/{name}.subject.txt", ctx))
        body = str(render_to_string(f"emails/{name}.body.txt", ctx))
    return " ".join(subject.split()), body.strip() + "\n"


def send_mail_to(
    *,
    email: str,
    language: str,
    name: str,
    context: dict[str, Any],
    on_commit: bool = True,
) -> None:
    """Render email ``name`` in ``language`` and send it to ``email``."""
    subject, body = render_mail(name, language, context)
    message = EmailMessage(subject=subject, body=body, to=[email])

    def send() -> None:
        message.send(fail_silently=False)

    if on_commit:
        transaction.on_commit(send)
    else:
        send()


def send_user_mail(
    *, user: Any, name: str, context: dict[str, Any], on_commit: bool = True
) -> None:
    """Send email ``name`` to ``user`` in the language they chose."""
    send_mail_to(
        email=user.email,
        language=getattr(user, "language", "") or settings.LANGUAGE_CODE,
        name=name,
        context={"user": user, **context},
        on_commit=on_commit,
    )
