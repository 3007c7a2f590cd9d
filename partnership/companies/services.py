"""Every write to companies goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from partnership.audit.services import RequestContext, audit_record
from partnership.companies.corporate_number import validate_corporate_number
from partnership.companies.models import Company
from partnership.core.errors import Conflict
from partnership.core.models import Industry, Prefecture
from partnership.core.text import clean_text

PROFILE_FIELDS = (
    "name",
    "name_kana",
    "name_en",
    "prefecture_id",
    "address",
    "industry_id",
    "capital_yen",
    "employees",
    "website",
)


def _clean_profile(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, value in fields.items():
        if key not in PROFILE_FIELDS:
            raise TypeError(f"unknown company field {key!r}")
        if isinstance(value, str):
            value = clean_text(value)
        cleaned[key] = value
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = str(_("Enter the company name."))
    prefecture = cleaned.get("prefecture_id")
    if "prefecture_id" in cleaned and not Prefecture.objects.filter(pk=prefecture).exists():
        errors["prefecture_id"] = str(_("Choose a prefecture."))
    industry = cleaned.get("industry_id")
    if industry and not Industry.objects.filter(pk=industry).exists():
        errors["industry_id"] = str(_("Choose an industry from the list."))
    for key in ("capital_yen", "employees"):
        value = cleaned.get(key)
        if value is not None and value < 0:
            errors[key] = str(_("Enter zero or a positive number."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _snapshot(company: Company) -> dict[str, Any]:
    return {field: getattr(company, field) for field in PROFILE_FIELDS}


@transaction.atomic
def company_register(
    *,
    corporate_number: str,
    name: str,
    prefecture_code: str,
    actor: Any | None = None,
    context: RequestContext | None = None,
    **profile: Any,
) -> Company:
    """Register a declarant company. The number is validated and normalised; a number that is
    already registered raises :class:`Conflict`."""
    number = validate_corporate_number(corporate_number)
    fields = _clean_profile({"name": name, "prefecture_id": prefecture_code, **profile})
    if Company.objects.filter(corporate_number=number).exists():
        raise Conflict(_("A company with this corporate number is already registered."))
    company = Company(corporate_number=number, **fields)
    company.refresh_search_fields()
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError:
        # Lost a race with another registration of the same number.
        raise Conflict(_("A company with this corporate number is already registered.")) from None
    audit_record(
        actor=actor,
        action="company.register",
        obj=company,
        company=company,
        after=_snapshot(company),
        context=context,
    )
    return company


@transaction.atomic
def company_update_profile(
    *,
    company: Company,
    actor: Any | None,
    context: RequestContext | None = None,
    **changes: Any,
) -> Company:
    """Change a company's profile fields (not its corporate number)."""
    fields = _clean_profile(changes)
    locked = Company.objects.select_for_update().get(pk=company.pk)
    before = _snapshot(locked)
    for key, value in fields.items():
        setattr(locked, key, value)
    locked.refresh_search_fields()
    locked.save()
    audit_record(
        actor=actor,
        action="company.update",
        obj=locked,
        company=locked,
        before=before,
        after=_snapshot(locked),
        context=context,
    )
    return locked
