"""Issuing and revoking API keys (administrators only; audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnership.api.models import ApiKey, digest, new_key
from partnership.audit.services import RequestContext, audit_record
from partnership.core.errors import InvalidTransition, NotAllowed

MAX_RATE = 100_000


def _require_administrator(actor: Any) -> None:
    if not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Only an administrator can manage API keys."))


@transaction.atomic
def api_key_issue(
    *,
    actor: Any,
    name: str,
    contact_email: str = "",
    requests_per_minute: int = 600,
    context: RequestContext | None = None,
) -> tuple[ApiKey, str]:
    """Create a key; returns it with the full secret, which is shown once and never stored."""
    _require_administrator(actor)
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Enter who the key is for.")
    elif len(name) > 200:
        errors["name"] = _("Use at most 200 characters.")
    if not 1 <= requests_per_minute <= MAX_RATE:
        errors["requests_per_minute"] = _("Enter a number from 1 to %(max)s.") % {
            "max": f"{MAX_RATE:,}"
        }
    if errors:
        raise ValidationError(errors)
    prefix, key = new_key()
    api_key = ApiKey.objects.create(
        name=name,
        contact_email=contact_email,
        prefix=prefix,
        key_digest=digest(key),
        requests_per_minute=requests_per_minute,
        created_by=actor,
        created_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="api_key.issue",
        obj=api_key,
        after={"name": name, "prefix": prefix, "requests_per_minute": requests_per_minute},
        context=context,
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, actor: Any, api_key: ApiKey, context: RequestContext | None = None) -> ApiKey:
    _require_administrator(actor)
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if locked.revoked_at is not None:
        raise InvalidTransition(_("This key is already revoked."))
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(
        actor=actor,
        action="api_key.revoke",
        obj=locked,
        before={"revoked_at": None},
        after={"revoked_at": locked.revoked_at.isoformat()},
        context=context,
    )
    return locked


def api_key_for(key: str) -> ApiKey | None:
    """The active key with this secret, or None."""
    if not key.startswith("prk_") or len(key) > 100:
        return None
    return ApiKey.objects.active().filter(key_digest=digest(key)).first()
