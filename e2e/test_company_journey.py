"""The declarant's journey in a real browser, in Japanese and in English."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from partnership.accounts.models import MembershipRole, StaffRole, User
from partnership.accounts.services import membership_grant, user_create
from partnership.companies.models import Company, Corporation
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
    choose_items,
    claim_company,
    continue_to,
    fill_signer,
    make_number,
    prefix,
    sign_in,
    sign_up,
    start_declaration,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "ja": {
        "submitted": "提出済み",
        "withdrawn": "取下げ",
    },
    "en": {
        "submitted": "Submitted",
        "withdrawn": "Withdrawn",
    },
}


@pytest.mark.parametrize("language", ["ja", "en"])
def test_sign_up_claim_fill_every_step_and_submit(
    live_server: Any, page: Any, shoot: Any, language: str
) -> None:
    load_demo_templates()
    number = make_number(700000000001 if language == "ja" else 700000000002)
    Corporation.objects.create(
        corporate_number=number,
        name="株式会社ひかり精機",
        name_kana="ヒカリセイキ",
        name_en="Hikari Seiki Co., Ltd.",
        prefecture_code="27",
        prefecture_name="大阪府",
        city_name="大阪市北区",
        street="中之島１丁目３番２０号",
    )
    base = live_server.url + prefix(language)
    email = f"tanaka-{language}@hikari.example.jp"

    sign_up(page, live_server.url, language, email=email, full_name="田中 一郎", shoot=shoot)
    assert User.objects.get(email=email).email_verified

    # Claim the company by its corporate number; its details are prefilled from the master.
    page.goto(base + "/mypage/")
    shoot("my page, empty")
    profile = {"industry_id": "E", "capital_yen": "50,000,000", "employees": "85"}
    claim_company(page, base, number, profile, shoot)
    shoot("company home")
    assert Company.objects.get(corporate_number=number).name == "株式会社ひかり精機"

    # Start and fill every step.
    start_declaration(page)
    shoot("step company")
    continue_to(page, "steps/supply_chain")
    choose_items(
        page,
        {"open_innovation": "大学と共同で新素材の加工技術を開発し、成果を取引先と共有します。"},
    )
    page.check("#id_item__it_implementation")  # chosen, but its text is forgotten
    page.fill("#id_own__0__title", "地域の技能伝承")
    page.fill("#id_own__0__text", "熟練工の技能を動画で記録し、協力会社にも公開します。")
    page.click("button[value=continue]")
    # The error is shown on the step and nothing typed is lost.
    page.wait_for_selector("#error-summary")
    shoot("step with an error")
    assert page.is_visible("#error-summary")
    assert "大学と共同で" in page.input_value("#id_text__open_innovation")
    assert page.input_value("#id_own__0__title") == "地域の技能伝承"
    page.fill("#id_text__it_implementation", "生産管理システムの導入を協力会社と共同で進めます。")
    continue_to(page, "steps/promotion_standards")
    shoot("step promotion standards")
    page.check("#id_confirmed")
    continue_to(page, "steps/own_initiatives")
    page.fill("#id_text", "取引先向けの相談窓口を設けます。")
    shoot("step own initiatives")
    continue_to(page, "steps/signer")
    fill_signer(page, title="代表取締役社長", name="田中 一郎", date="2026-11-20")
    shoot("step signer")
    continue_to(page, "review")
    shoot("check your answers")
    assert not page.is_visible("#error-summary")
    assert "地域の技能伝承" in page.content()

    # Submit.
    mail.outbox.clear()
    submit(page)
    shoot("submitted")
    assert TEXT[language]["submitted"] in page.inner_text(".badge")
    declaration = Declaration.objects.get(company__corporate_number=number)
    assert declaration.status == Status.SUBMITTED
    confirmation = next(m for m in mail.outbox if m.to == [email])
    assert f"{number}-1" in confirmation.subject


def _published(company: Company, owner: User, reviewer: User) -> Declaration:
    import datetime as dt

    draft = declaration_create_draft(company=company, actor=owner)
    section_answers = {
        "supply_chain": {
            "items": [{"key": "open_innovation", "text": "共同研究を進めます。"}],
            "own_items": [],
        },
        "promotion_standards": {"confirmed": True},
        "own_initiatives": {"text": ""},
    }
    declaration_update_draft(
        declaration=draft,
        actor=owner,
        changes={
            "answers": section_answers,
            "signer_title": "代表取締役",
            "signer_name": "鈴木 次郎",
            "signer_attested": True,
            "document_date": dt.date(2026, 11, 1),
        },
    )
    declaration_submit(declaration=draft, actor=owner)
    return declaration_publish(declaration=draft, reviewer=reviewer)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_revise_one_published_declaration_and_withdraw_another(
    live_server: Any, page: Any, shoot: Any, language: str
) -> None:
    load_demo_templates()
    owner = user_create(
        email=f"suzuki-{language}@example.jp",
        password=PASSWORD,
        full_name="鈴木 次郎",
        language=language,
        email_verified=True,
    )
    reviewer = user_create(
        email=f"reviewer-{language}@example.jp", password=PASSWORD, staff_role=StaffRole.REVIEWER
    )
    revised = company_register(
        corporate_number=make_number(710000000001), name="株式会社みなと物流", prefecture_code="14"
    )
    withdrawn = company_register(
        corporate_number=make_number(710000000002), name="合同会社さくら工房", prefecture_code="26"
    )
    for company in (revised, withdrawn):
        membership_grant(company=company, user=owner, role=MembershipRole.OWNER)
        _published(company, owner, reviewer)
    base = live_server.url + prefix(language)

    sign_in(page, base, owner.email)
    page.wait_for_url(re.compile(r"/mypage/$"))
    shoot("my page with two companies")

    # Revise: a new version prefilled from the published one, which stays public.
    page.goto(base + f"/mypage/companies/{revised.corporate_number}/")
    start_declaration(page)
    assert "/declarations/2/steps/company/" in page.url
    mine = base + f"/mypage/companies/{revised.corporate_number}/declarations"
    page.goto(mine + "/2/steps/supply_chain/")
    assert page.input_value("#id_text__open_innovation") == "共同研究を進めます。"
    page.fill("#id_text__open_innovation", "共同研究の成果を取引先と分かち合います。")
    shoot("revising a section")
    page.click("button[value=continue]")
    # A new version carries a new date and attestation.
    page.goto(base + f"/mypage/companies/{revised.corporate_number}/declarations/2/steps/signer/")
    assert page.input_value("#id_signer_name") == "鈴木 次郎"
    page.check("#id_signer_attested")
    page.fill("#id_document_date", "2026-11-24")
    continue_to(page, "review")
    shoot("revision check page")
    assert not page.is_visible("#error-summary")
    submit(page)
    assert page.url.endswith("/declarations/2/")
    shoot("revision submitted")
    statuses = dict(Declaration.objects.filter(company=revised).values_list("version", "status"))
    assert statuses == {1: Status.PUBLISHED, 2: Status.SUBMITTED}
    page.goto(base + f"/declarations/{revised.corporate_number}/")
    assert "共同研究を進めます。" in page.content()  # the published version is still public

    # Withdraw the other one, with confirmation.
    page.goto(base + f"/mypage/companies/{withdrawn.corporate_number}/declarations/1/withdraw/")
    page.fill("#id_reason", "事業を譲渡したため")
    page.click("main button[type=submit]")
    page.wait_for_selector("#error-summary")
    shoot("withdraw needs confirmation")
    assert page.input_value("#id_reason") == "事業を譲渡したため"
    page.check("#id_confirm")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/declarations/1/$"))
    shoot("withdrawn")
    page.goto(base + f"/declarations/{withdrawn.corporate_number}/")
    shoot("public page of the withdrawn declaration")
    assert TEXT[language]["withdrawn"] in page.inner_text(".badge")
    assert "事業を譲渡したため" in page.content()
