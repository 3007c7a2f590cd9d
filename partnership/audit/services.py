"""Writing audit events. Called by every other service, inside its transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from partnership.audit.models import AuditEvent


@dataclass(frozen=True)
class RequestContext:
    """Where an action came from: set by views, absent for commands and the shell."""

    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request: Any) -> RequestContext:
        """The client address as the web server saw it (a proxy in front must set
        REMOTE_ADDR, e.g. gunicorn's ``--forwarded-allow-ips``) and its user agent."""
        return cls(
            ip_address=request.META.get("REMOTE_ADDR") or None,
            user_agent=str(request.META.get("HTTP_USER_AGENT", ""))[:300],
        )


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model,
    company: Any | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    context: RequestContext | None = None,
    at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one audit event for ``action`` done by ``actor`` (None = the system) on ``obj``."""
    context = context or RequestContext()
    return AuditEvent.objects.create(
        created_at=at or timezone.now(),
        actor=actor,
        actor_label=str(actor) if actor is not None else "system",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        company=company,
        before=before,
        after=after,
        ip_address=context.ip_address,
        user_agent=context.user_agent[:300],
    )
