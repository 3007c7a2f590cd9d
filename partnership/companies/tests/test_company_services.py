from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnership.companies.corporate_number import CorporateNumberError
from partnership.companies.models import Company
from partnership.companies.services import company_register, company_update_profile
from partnership.core.errors import Conflict

pytestmark = pytest.mark.django_db


def test_register_normalises_the_number_and_the_search_text() -> None:
    company = company_register(
        corporate_number="５－８３５６－７８２５－６２４６",
        name=" 株式会社ﾃｽﾄ ",
        name_kana="テスト",
        name_en="TEST Co., Ltd.",
        prefecture_code="27",
        industry_id="E",
        capital_yen=10_000_000,
    )
    assert company.corporate_number == "5835678256246"
    assert company.name == "株式会社ﾃｽﾄ"  # stored as typed (tidied), folded only for search
    assert "株式会社てすと" in company.search_text
    assert "testco.,ltd." in company.search_text
    assert company.sort_key == "てすと"


def test_register_rejects_bad_numbers_duplicates_and_unknown_reference_codes(
    company: Company,
) -> None:
    with pytest.raises(CorporateNumberError):
        company_register(corporate_number="2835678256246", name="x", prefecture_code="13")
    with pytest.raises(Conflict):
        company_register(corporate_number=company.corporate_number, name="x", prefecture_code="13")
    with pytest.raises(ValidationError) as excinfo:
        company_register(
            corporate_number="5835678256246", name="", prefecture_code="48", industry_id="Z"
        )
    assert set(excinfo.value.message_dict) == {"name", "prefecture_id", "industry_id"}


def test_update_profile_refreshes_search_text_and_is_audited(company: Company, owner: Any) -> None:
    from partnership.audit.models import AuditEvent

    updated = company_update_profile(
        company=company, actor=owner, name_kana="ヤマダセイコウショ", employees=42
    )
    assert "やまだせいこうしょ" in updated.search_text
    event = AuditEvent.objects.filter(action="company.update").get()
    assert event.before["employees"] is None
    assert event.after["employees"] == 42


def test_database_refuses_a_malformed_corporate_number(company: Company) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Company.objects.filter(pk=company.pk).update(corporate_number="12345")
