"""The company's declaration pages: the steps, check-your-answers, submit, status, revise,
renew, withdraw, preview, PDF and the signed-PDF upload."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from partnership.accounts.models import User
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.conftest import template_data
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import (
    declaration_publish,
    declaration_return,
    template_version_import,
)

pytestmark = pytest.mark.django_db


def url(name: str, company: Company, version: int | None = None, **kwargs: Any) -> str:
    params: dict[str, Any] = {"corporate_number": company.corporate_number, **kwargs}
    if version is not None:
        params["version"] = version
    return reverse(f"declarations:{name}", kwargs=params)


def step_url(company: Company, version: int, step: str) -> str:
    return url("step", company, version, step=step)


COMPANY_STEP = {
    "company_name": "株式会社山田精工",
    "name": "株式会社山田精工",
    "name_kana": "ヤマダセイコウ",
    "name_en": "Yamada Seiko Co., Ltd.",
    "prefecture_id": "13",
    "address": "千代田区霞が関1-3-1",
    "industry_id": "E",
    "capital_yen": "３０，０００，０００",
    "employees": "120人",
    "website": "www.yamada-seiko.example.jp",
    "action": "continue",
}
SUPPLY_CHAIN_STEP = {
    "item__alpha": "on",
    "text__alpha": "取引先と技術交流会を年2回開きます。",
    "own__0__title": "地域の人材育成",
    "own__0__text": "地元の工業高校と連携します。",
    "action": "continue",
}
SIGNER_STEP = {
    "signer_title": "代表取締役社長",
    "signer_name": "山田 太郎",
    "signer_attested": "on",
    "document_date": "2026/1/5",
    "action": "continue",
}


@pytest.fixture
def signed_in(client: Client, owner: User) -> Client:
    client.force_login(owner)
    return client


def start_draft(client: Client, company: Company) -> Declaration:
    response = client.post(url("start", company))
    assert response.status_code == 302
    return Declaration.objects.get(company=company, status=Status.DRAFT)


def fill_every_step(client: Client, company: Company, draft: Declaration) -> None:
    v = draft.version
    response = client.post(step_url(company, v, "company"), COMPANY_STEP)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == step_url(company, v, "supply_chain")
    response = client.post(step_url(company, v, "supply_chain"), SUPPLY_CHAIN_STEP)
    assert response["Location"] == step_url(company, v, "promotion_standards")
    response = client.post(
        step_url(company, v, "promotion_standards"), {"confirmed": "on", "action": "continue"}
    )
    assert response["Location"] == step_url(company, v, "own_initiatives")
    response = client.post(
        step_url(company, v, "own_initiatives"), {"text": "", "action": "continue"}
    )
    assert response["Location"] == step_url(company, v, "signer")
    response = client.post(step_url(company, v, "signer"), SIGNER_STEP)
    assert response["Location"] == url("review", company, v)


def test_the_whole_form_then_submit(
    signed_in: Client,
    company: Company,
    owner: User,
    template: TemplateVersion,
    django_capture_on_commit_callbacks: Any,
) -> None:
    draft = start_draft(signed_in, company)
    fill_every_step(signed_in, company, draft)
    draft.refresh_from_db()
    company.refresh_from_db()
    assert company.capital_yen == 30_000_000 and company.employees == 120
    assert company.website == "https://www.yamada-seiko.example.jp"
    assert draft.answers["supply_chain"]["items"] == [
        {"key": "alpha", "text": "取引先と技術交流会を年2回開きます。"}
    ]
    assert draft.answers["supply_chain"]["own_items"][0]["title"] == "地域の人材育成"
    assert str(draft.document_date) == "2026-01-05"

    review = signed_in.get(url("review", company, draft.version))
    body = review.content.decode()
    assert review.status_code == 200
    assert "取引先と技術交流会を年2回開きます。" in body
    assert "Before you can submit" not in body and "提出の前に" not in body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url("submit", company, draft.version))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    status_page = signed_in.get(response["Location"]).content.decode()
    assert f"{company.corporate_number}-{draft.version}" in status_page
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [owner.email]
    assert f"{company.corporate_number}-{draft.version}" in message.subject
    assert "営業日" in message.body  # the expected review time, in Japanese


def test_a_missing_answer_is_reported_on_its_step_and_the_input_is_kept(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    data = {**SUPPLY_CHAIN_STEP, "item__beta": "on", "text__beta": ""}
    response = signed_in.post(step_url(company, draft.version, "supply_chain"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["form"].errors["text__beta"]
    assert "具体的な実施内容を記載してください" in body  # in the page's language
    assert "取引先と技術交流会を年2回開きます。" in body  # what was typed is still there
    assert "地域の人材育成" in body
    # …and it was saved as a draft as well.
    draft.refresh_from_db()
    assert {i["key"] for i in draft.answers["supply_chain"]["items"]} == {"alpha", "beta"}


def test_an_overlong_text_is_refused_without_losing_it(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    long_text = "あ" * 2001
    data = {**SUPPLY_CHAIN_STEP, "text__alpha": long_text}
    response = signed_in.post(step_url(company, draft.version, "supply_chain"), data)
    assert response.status_code == 200
    assert long_text in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}


def test_a_future_or_impossible_date_names_the_field(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    response = signed_in.post(
        step_url(company, draft.version, "signer"), {**SIGNER_STEP, "document_date": "2026-02-30"}
    )
    assert response.status_code == 200
    assert 'id="id_document_date"' in response.content.decode()
    assert response.context["form"].errors["document_date"]
    response = signed_in.post(
        step_url(company, draft.version, "signer"), {**SIGNER_STEP, "document_date": "2999-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["document_date"]
    # The rest of the step was saved.
    draft.refresh_from_db()
    assert draft.signer_name == "山田 太郎"


def test_save_and_finish_later_then_resume(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    response = signed_in.post(
        step_url(company, draft.version, "supply_chain"),
        {"item__alpha": "on", "text__alpha": "途中まで", "action": "save"},
    )
    assert response["Location"] == reverse("companies:home", args=[company.corporate_number])
    page = signed_in.get(step_url(company, draft.version, "supply_chain")).content.decode()
    assert "途中まで" in page


def test_add_own_item_row_keeps_the_input(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    response = signed_in.post(
        step_url(company, draft.version, "supply_chain"), {**SUPPLY_CHAIN_STEP, "add_own": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "own__1__title" in body and "地域の人材育成" in body


def test_submitting_an_incomplete_draft_lists_what_is_missing(
    signed_in: Client, company: Company, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    response = signed_in.post(url("submit", company, draft.version))
    assert response["Location"] == url("review", company, draft.version)
    review = signed_in.get(response["Location"])
    problems = review.context["problems"]
    assert any("signer" in p["url"] for p in problems)
    assert any("supply_chain" in p["url"] for p in problems)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_returned_declaration_shows_the_comment_and_can_be_resubmitted(
    signed_in: Client, company: Company, reviewer: User, template: TemplateVersion
) -> None:
    draft = start_draft(signed_in, company)
    fill_every_step(signed_in, company, draft)
    signed_in.post(url("submit", company, draft.version))
    declaration_return(
        declaration=draft, reviewer=reviewer, message="署名者の役職を正式名称で記入してください。"
    )
    page = signed_in.get(url("status", company, draft.version)).content.decode()
    assert "署名者の役職を正式名称で記入してください。" in page
    step_page = signed_in.get(step_url(company, draft.version, "signer")).content.decode()
    assert "署名者の役職を正式名称で記入してください。" in step_page
    signed_in.post(
        step_url(company, draft.version, "signer"),
        {**SIGNER_STEP, "signer_title": "代表取締役社長執行役員"},
    )
    signed_in.post(url("submit", company, draft.version))
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    actions = list(
        AuditEvent.objects.filter(object_id=str(draft.pk), action__startswith="declaration.")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "declaration.create",
        "declaration.submit",
        "declaration.return",
        "declaration.resubmit",
    ]


def test_revising_a_published_declaration_keeps_it_public(
    signed_in: Client,
    company: Company,
    reviewer: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    draft = start_draft(signed_in, company)
    assert draft.based_on == published
    assert draft.answers["supply_chain"]["items"] == published.answers["supply_chain"]["items"]
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    public = signed_in.get(reverse("registry:declaration", args=[company.corporate_number]))
    assert public.status_code == 200


def test_renewal_on_a_new_template_lists_dropped_items(
    signed_in: Client,
    company: Company,
    template: TemplateVersion,
    make_declaration: Callable[..., Declaration],
) -> None:
    old_answers = {
        "supply_chain": {
            "items": [
                {"key": "alpha", "text": "アルファの取組"},
                {"key": "gamma", "text": "ガンマの取組"},
            ],
            "own_items": [],
        },
        "promotion_standards": {"confirmed": True},
        "own_initiatives": {"text": ""},
    }
    make_declaration(company, Status.PUBLISHED, answers=old_answers)
    template_version_import(
        data=template_data(code="2027-01", items=("alpha", "beta", "delta")), make_current=True
    )
    draft = start_draft(signed_in, company)
    assert draft.template.code == "2027-01"
    assert [i["key"] for i in draft.answers["supply_chain"]["items"]] == ["alpha"]
    page = signed_in.get(step_url(company, draft.version, "supply_chain"))
    body = page.content.decode()
    assert "ガンマの取組" in body  # the dropped item, to redo
    assert page.context["new_items"] == {"delta"}
    # The confirmation must be given afresh on a new template.
    assert draft.answers["promotion_standards"] == {"confirmed": False}


def test_withdraw_needs_confirmation_and_shows_on_the_public_page(
    signed_in: Client, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    response = signed_in.post(url("withdraw", company, published.version), {"reason": "事業譲渡"})
    assert response.status_code == 200
    assert response.context["form"].errors["confirm"]
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED
    response = signed_in.post(
        url("withdraw", company, published.version), {"reason": "事業譲渡のため", "confirm": "on"}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Status.WITHDRAWN
    public = signed_in.get(reverse("registry:declaration", args=[company.corporate_number]))
    body = public.content.decode()
    assert "事業譲渡のため" in body
    assert published.ended_at is not None


def test_preview_and_pdf(
    signed_in: Client, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    declaration = make_declaration(company, Status.DRAFT)
    page = signed_in.get(url("preview", company, declaration.version))
    assert page.status_code == 200
    assert "株式会社山田精工" in page.content.decode()
    response = signed_in.get(url("pdf", company, declaration.version) + "?lang=ja")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "株式会社山田精工" in text


def _pdf_bytes() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, "signed")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_signed_pdf_upload_checks_the_content(
    signed_in: Client,
    company: Company,
    make_declaration: Callable[..., Declaration],
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    declaration = make_declaration(company, Status.DRAFT)
    upload = url("upload", company, declaration.version)
    fake = SimpleUploadedFile("declaration.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = signed_in.post(upload, {"signed_pdf": fake})
    assert response.status_code == 200
    assert response.context["form"].errors["signed_pdf"]
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.4\n garbage", "application/pdf")
    response = signed_in.post(upload, {"signed_pdf": broken})
    assert response.context["form"].errors["signed_pdf"]
    padding = b"0" * (10 * 1024 * 1024)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + padding, "application/pdf")
    response = signed_in.post(upload, {"signed_pdf": big})
    assert response.context["form"].errors["signed_pdf"]
    good = SimpleUploadedFile("scan.png", _pdf_bytes(), "image/png")  # named wrongly, still a PDF
    response = signed_in.post(upload, {"signed_pdf": good})
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.signed_pdf.name.endswith(".pdf")
    assert str(tmp_path) in declaration.signed_pdf.path
    download = signed_in.get(url("signed_pdf", company, declaration.version))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_published_email_is_in_the_users_language_and_carries_the_public_url(
    signed_in: Client,
    company: Company,
    owner: User,
    reviewer: User,
    template: TemplateVersion,
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner.language = "en"
    owner.save()
    draft = start_draft(signed_in, company)
    fill_every_step(signed_in, company, draft)
    signed_in.post(url("submit", company, draft.version))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        declaration_publish(declaration=draft, reviewer=reviewer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "published" in message.subject
    assert f"/en/declarations/{company.corporate_number}/" in message.body
