"""Automatic pre-checks: each check's pass, warn and fail cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from partnership.companies.models import Company, Corporation
from partnership.conftest import template_data
from partnership.declarations.models import Declaration, Status
from partnership.declarations.prechecks import overall, run_prechecks
from partnership.declarations.services import template_version_import

pytestmark = pytest.mark.django_db


def outcomes(declaration: Declaration) -> dict[str, str]:
    return {c.key: c.outcome for c in run_prechecks(declaration)}


def test_all_pass_when_master_matches(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    Corporation.objects.create(
        corporate_number=company.corporate_number, name="株式会社山田精工", prefecture_code="13"
    )
    declaration = make_declaration(company, Status.SUBMITTED)
    checks = run_prechecks(declaration)
    assert {c.outcome for c in checks} == {"pass"}
    assert overall(checks) == "pass"
    assert all(c.message and c.label for c in checks)


@pytest.mark.parametrize(
    ("declared", "master", "expected"),
    [
        ("株式会社山田精工", "株式会社　山田精工", "pass"),  # spacing
        ("株式会社山田精工", "山田精工株式会社", "pass"),  # legal form before or after
        ("ＹＡＭＡＤＡ株式会社", "yamada株式会社", "pass"),  # width and case
        ("株式会社山田精工", "株式会社川村製作所", "warn"),
    ],
)
def test_name_matching_after_normalisation(
    company: Company,
    make_declaration: Callable[..., Declaration],
    declared: str,
    master: str,
    expected: str,
) -> None:
    Corporation.objects.create(corporate_number=company.corporate_number, name=master)
    declaration = make_declaration(company, Status.SUBMITTED, company_name=declared)
    assert outcomes(declaration)["master_name"] == expected


def test_closed_deleted_and_missing_master_rows(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(company, Status.SUBMITTED)
    assert outcomes(declaration)["master"] == "warn"
    row = Corporation.objects.create(
        corporate_number=company.corporate_number,
        name=company.name,
        prefecture_code="27",
        close_date=dt.date(2025, 3, 31),
    )
    result = outcomes(declaration)
    assert result["master"] == "fail" and result["master_prefecture"] == "warn"
    row.close_date = None
    row.deleted = True
    row.save()
    assert outcomes(declaration)["master"] == "fail"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("代表取締役社長", "pass"),
        ("代表執行役CEO", "pass"),
        ("代表社員", "pass"),
        ("理事長", "pass"),
        ("組合長", "pass"),
        ("Representative Director", "pass"),
        ("営業部長", "warn"),
        ("", "warn"),
    ],
)
def test_signer_title_suggests_authority(
    company: Company, make_declaration: Callable[..., Declaration], title: str, expected: str
) -> None:
    declaration = make_declaration(company, Status.SUBMITTED, signer_title=title)
    assert outcomes(declaration)["signer_title"] == expected


def test_incomplete_outdated_and_duplicate_pending(
    company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(company, Status.SUBMITTED, answers={})
    result = outcomes(declaration)
    assert result["complete"] == "fail"
    assert overall(run_prechecks(declaration)) == "fail"
    template_version_import(data=template_data(code="2027-01"), make_current=True)
    assert outcomes(declaration)["template"] == "warn"
    assert result["pending"] == "pass"
