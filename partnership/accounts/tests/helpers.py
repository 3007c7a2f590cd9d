"""Helpers shared by the account tests."""

from __future__ import annotations

import re

from django.conf import settings
from django.core import mail

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a much longer passphrase 42"


def links_in(message: mail.EmailMessage) -> list[str]:
    """The site paths linked from an email (``SITE_URL`` removed)."""
    return re.findall(re.escape(settings.SITE_URL) + r"(/\S*)", str(message.body))


def mail_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]
