"""``{% two_factor_status user as status %}``: whether a staff member has set up two-factor
authentication, for the account settings page."""

from __future__ import annotations

from typing import Any

from django import template

from partnership.accounts.two_factor_services import backup_codes_left, has_two_factor

register = template.Library()


@register.simple_tag
def two_factor_status(user: Any) -> dict[str, Any]:
    enabled = has_two_factor(user)
    return {"enabled": enabled, "backup_codes_left": backup_codes_left(user) if enabled else 0}
