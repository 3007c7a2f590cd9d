"""A reviewer with a second factor returns a revision, the company fixes and resubmits it, the
reviewer approves it, the public page shows the new version and the audit log shows who did
what — in a real browser, in Japanese and English."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from partnership.accounts.models import MembershipRole, StaffRole
from partnership.accounts.services import membership_grant, user_create
from partnership.companies.services import company_register
from partnership.declarations.demo.builder import load_demo_templates
from partnership.declarations.models import Declaration, Status
from partnership.declarations.services import (
    declaration_create_draft,
    declaration_publish,
    declaration_submit,
    declaration_update_draft,
)

from .helpers import (
    PASSWORD,
    continue_to,
    make_number,
    pass_second_factor,
    prefix,
    sign_in,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "supply_chain": {
        "items": [{"key": "open_innovation", "text": "大学との共同研究を続けます。"}],
        "own_items": [],
    },
    "promotion_standards": {"confirmed": True},
    "own_initiatives": {"text": ""},
}


def _declare(company: Any, owner: Any, text: str, signer_title: str) -> Declaration:
    draft = declaration_create_draft(company=company, actor=owner)
    answers = {**ANSWERS, "supply_chain": {"items": [{"key": "open_innovation", "text": text}]}}
    declaration_update_draft(
        declaration=draft,
        actor=owner,
        changes={
            "answers": answers,
            "signer_title": signer_title,
            "signer_name": "高橋 三郎",
            "signer_attested": True,
            "document_date": dt.date(2026, 11, 2),
        },
    )
    return declaration_submit(declaration=draft, actor=owner)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_return_fix_resubmit_approve_and_audit(
    live_server: Any, new_page: Any, page: Any, shoot: Any, language: str
) -> None:
    load_demo_templates()
    base = live_server.url + prefix(language)
    owner = user_create(
        email=f"takahashi-{language}@example.jp",
        password=PASSWORD,
        full_name="高橋 三郎",
        language=language,
        email_verified=True,
    )
    reviewer = user_create(
        email=f"reviewer-{language}@example.jp",
        password=PASSWORD,
        full_name="審査 花子",
        language=language,
        staff_role=StaffRole.REVIEWER,
        email_verified=True,
    )
    device = TOTPDevice.objects.create(user=reviewer, name="phone", confirmed=True)
    company = company_register(
        corporate_number=make_number(720000000001 if language == "ja" else 720000000002),
        name="株式会社あさひ電機",
        prefecture_code="23",
    )
    membership_grant(company=company, user=owner, role=MembershipRole.OWNER)
    first = _declare(company, owner, "大学との共同研究を続けます。", "代表取締役")
    declaration_publish(declaration=first, reviewer=reviewer)
    revision = declaration_create_draft(company=company, actor=owner, based_on=first)
    declaration_update_draft(
        declaration=revision,
        actor=owner,
        changes={
            "answers": {
                **ANSWERS,
                "supply_chain": {
                    "items": [
                        {"key": "open_innovation", "text": "共同研究の成果を取引先と共有します。"}
                    ]
                },
            },
            "signer_title": "部長",  # not a representative: the reviewer will return it
            "signer_name": "高橋 三郎",
            "signer_attested": True,
            "document_date": dt.date(2026, 11, 20),
        },
    )
    declaration_submit(declaration=revision, actor=owner)

    # The reviewer signs in with password and a one-time code.
    sign_in(page, base, reviewer.email)
    pass_second_factor(page, device, shoot)
    shoot("review queue")
    page.click(f"a[href$='/staff/declarations/{revision.pk}/']")
    page.wait_for_url(re.compile(rf"/staff/declarations/{revision.pk}/$"))
    shoot("review page")
    assert "部長" in page.content()
    page.check("input[name=decision][value=return]")
    page.fill("#id_message", "署名者は代表権のある方としてください。")
    page.click("form[action$='/decide/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))
    shoot("returned")

    # The company sees the comment, fixes the signer and resubmits.
    company_page = new_page()
    sign_in(company_page, base, owner.email)
    steps = f"{base}/mypage/companies/{company.corporate_number}/declarations/2"
    company_page.goto(steps + "/")
    assert "署名者は代表権のある方としてください。" in company_page.content()
    company_page.goto(steps + "/steps/signer/")
    company_page.fill("#id_signer_title", "代表取締役社長")
    continue_to(company_page, "review")
    submit(company_page)
    assert company_page.url.endswith("/declarations/2/")

    # The reviewer approves; the public page shows the new version.
    page.goto(f"{base}/staff/declarations/{revision.pk}/")
    assert "代表取締役社長" in page.content()
    page.check("input[name=decision][value=publish]")
    page.click("form[action$='/decide/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))
    revision.refresh_from_db()
    assert revision.status == Status.PUBLISHED
    page.goto(f"{base}/declarations/{company.corporate_number}/")
    shoot("public page with the new version")
    assert "共同研究の成果を取引先と共有します。" in page.content()

    # The audit log lists each step with its actor.
    page.goto(f"{base}/staff/audit/?company={company.corporate_number}")
    shoot("audit log")
    rows = page.inner_text("main")
    for action in ("declaration.return", "declaration.resubmit", "declaration.publish"):
        assert action in rows
    assert reviewer.email in rows
    assert owner.email in rows
