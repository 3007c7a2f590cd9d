"""The review queue, the review page, decisions, bulk approval and removal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnership.accounts.models import User
from partnership.companies.models import Company, Corporation
from partnership.conftest import sign_in_staff
from partnership.declarations import services
from partnership.declarations.models import Declaration, ReviewAction, Status
from partnership.declarations.services import declaration_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client, reviewer: User) -> Client:
    sign_in_staff(client, reviewer)
    return client


def submitted(
    make_declaration: Callable[..., Declaration], company: Company, owner: User, **fields: Any
) -> Declaration:
    draft = make_declaration(company, Status.DRAFT, **fields)
    return declaration_submit(declaration=draft, actor=owner)


def test_queue_lists_oldest_first_with_counts(
    staff: Client,
    make_company: Callable[..., Company],
    make_user: Callable[..., User],
    make_declaration: Callable[..., Declaration],
) -> None:
    companies = [make_company(name=f"株式会社テスト{i}") for i in range(3)]
    declarations = []
    for index, company in enumerate(companies):
        owner = make_user(company=company)
        declaration = submitted(make_declaration, company, owner)
        Declaration.objects.filter(pk=declaration.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=10 - index)
        )
        declarations.append(declaration)
    response = staff.get(reverse("review:queue"))
    assert response.status_code == 200
    names = [item["declaration"].company.name for item in response.context["items"]]
    assert names == ["株式会社テスト0", "株式会社テスト1", "株式会社テスト2"]
    assert response.context["items"][0]["age_days"] == 10
    # Not in the corporation master: every one has a warning.
    assert response.context["counts"] == {"pass": 0, "warn": 3, "fail": 0}


def test_queue_filters_and_invalid_filters(
    staff: Client,
    reviewer: User,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = submitted(make_declaration, company, owner)
    services.declaration_assign(declaration=declaration, reviewer=reviewer, assignee=reviewer)
    assert staff.get(reverse("review:queue") + "?assigned=me").context["total"] == 1
    assert staff.get(reverse("review:queue") + "?assigned=none").context["total"] == 0
    assert staff.get(reverse("review:queue") + "?prefecture=13").context["total"] == 1
    assert staff.get(reverse("review:queue") + "?prefecture=27").context["total"] == 0
    assert staff.get(reverse("review:queue") + "?waiting=7").context["total"] == 0
    assert (
        staff.get(reverse("review:queue") + "?outcome=warn&template=2026-01").context["total"] == 1
    )
    response = staff.get(reverse("review:queue") + "?prefecture=99&outcome=nonsense&page=abc")
    assert response.status_code == 200
    assert set(response.context["invalid"]) == {"prefecture", "outcome"}
    assert response.context["total"] == 1  # the invalid filters were ignored


def test_review_page_shows_prechecks_and_changes(
    staff: Client,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    Corporation.objects.create(
        corporate_number=company.corporate_number,
        name="株式会社　山田精工",
        prefecture_code="13",
    )
    make_declaration(company, Status.PUBLISHED)
    answers = {
        "supply_chain": {
            "items": [{"key": "alpha", "text": "技術交流会を年4回開きます。"}],
            "own_items": [],
        },
        "promotion_standards": {"confirmed": True},
        "own_initiatives": {"text": ""},
    }
    declaration = submitted(
        make_declaration, company, owner, answers=answers, signer_title="営業部長"
    )
    response = staff.get(reverse("review:review", args=[declaration.pk]))
    assert response.status_code == 200
    checks = {c.key: c.outcome for c in response.context["checks"]}
    assert checks["corporate_number"] == "pass"
    assert checks["master"] == "pass"
    assert checks["master_name"] == "pass"  # matches after normalisation
    assert checks["signer_title"] == "warn"  # 営業部長 has no representative authority
    assert checks["complete"] == "pass"
    changes = response.context["changes"]
    assert any(c.kind == "changed" and "4" in c.new for c in changes)
    body = response.content.decode()
    assert "<ins>" in body


def test_return_needs_a_comment_then_the_company_is_told(
    staff: Client,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = submitted(make_declaration, company, owner)
    url = reverse("review:decide", args=[declaration.pk])
    seen = declaration.submitted_at.isoformat()
    response = staff.post(url, {"decision": "return", "message": "", "submitted_at": seen})
    assert response.status_code == 400
    assert response.context["form"].errors["message"]
    response = staff.post(
        url, {"decision": "return", "message": "役職名を正式に", "submitted_at": seen}
    )
    assert response.status_code == 302
    declaration.refresh_from_db()
    assert declaration.status == Status.RETURNED
    assert ReviewAction.objects.get(declaration=declaration).message == "役職名を正式に"


def test_a_stale_decision_is_refused_with_a_clear_message(
    client: Client,
    reviewer: User,
    make_user: Callable[..., User],
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = submitted(make_declaration, company, owner)
    seen = declaration.submitted_at.isoformat()
    other = make_user(staff_role="reviewer")
    services.declaration_publish(declaration=declaration, reviewer=other)
    sign_in_staff(client, reviewer)
    response = client.post(
        reverse("review:decide", args=[declaration.pk]),
        {"decision": "reject", "message": "理由", "submitted_at": seen},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "公表中" in text or "published" in text.lower()
    declaration.refresh_from_db()
    assert declaration.status == Status.PUBLISHED
    assert ReviewAction.objects.filter(declaration=declaration).count() == 1


def test_a_decision_on_content_changed_since_it_was_opened_is_refused(
    staff: Client,
    reviewer: User,
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    declaration = submitted(make_declaration, company, owner)
    seen = declaration.submitted_at.isoformat()
    services.declaration_return(declaration=declaration, reviewer=reviewer, message="直して")
    declaration.refresh_from_db()
    services.declaration_resubmit(declaration=declaration, actor=owner)
    staff.post(
        reverse("review:decide", args=[declaration.pk]),
        {"decision": "publish", "message": "", "submitted_at": seen},
    )
    declaration.refresh_from_db()
    assert declaration.status == Status.SUBMITTED  # not published blindly


def test_bulk_approval_confirms_then_publishes_only_passing_items(
    staff: Client,
    make_company: Callable[..., Company],
    make_user: Callable[..., User],
    make_declaration: Callable[..., Declaration],
) -> None:
    passing, warning = [], []
    for index in range(3):
        company = make_company(name=f"株式会社バルク{index}")
        Corporation.objects.create(
            corporate_number=company.corporate_number, name=company.name, prefecture_code="13"
        )
        passing.append(submitted(make_declaration, company, make_user(company=company)))
    other = make_company(name="株式会社ケイコク")
    warning.append(submitted(make_declaration, other, make_user(company=other)))
    assert {d.precheck_outcome for d in passing} == {"pass"}
    ids = [str(d.pk) for d in [*passing, *warning]]
    response = staff.post(reverse("review:bulk_approve"), {"ids": ids})
    assert response.status_code == 200  # the confirmation page
    assert len(response.context["candidates"]) == 3 and response.context["skipped"] == 1
    assert Declaration.objects.filter(status=Status.PUBLISHED).count() == 0
    response = staff.post(reverse("review:bulk_approve"), {"ids": ids, "confirm": "yes"})
    assert response.status_code == 302
    assert Declaration.objects.filter(status=Status.PUBLISHED).count() == 3
    assert Declaration.objects.get(pk=warning[0].pk).status == Status.SUBMITTED


def test_removal_is_for_administrators_and_shows_publicly(
    client: Client,
    reviewer: User,
    administrator: User,
    company: Company,
    make_declaration: Callable[..., Declaration],
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    url = reverse("review:remove", args=[published.pk])
    sign_in_staff(client, reviewer)
    assert client.get(url).status_code == 403
    sign_in_staff(client, administrator)
    response = client.post(url, {"category": "not_honoured", "reason": "支払遅延"})
    assert response.status_code == 200 and response.context["form"].errors["confirm"]
    response = client.post(
        url, {"category": "not_honoured", "reason": "支払遅延が確認されました", "confirm": "on"}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == Status.REMOVED
    page = client.get(reverse("registry:declaration", args=[company.corporate_number]))
    assert "支払遅延が確認されました" in page.content.decode()


def test_company_lookup_by_number_prefix_and_name(
    staff: Client, company: Company, make_declaration: Callable[..., Declaration]
) -> None:
    make_declaration(company, Status.PUBLISHED)
    response = staff.get(reverse("review:companies") + f"?q={company.corporate_number[:6]}")
    assert [c.pk for c in response.context["results"]] == [company.pk]
    response = staff.get(reverse("review:companies") + "?q=やまだ")  # hiragana finds the kana
    assert [c.pk for c in response.context["results"]] == [company.pk]


def test_queue_filters_by_a_named_reviewer(
    staff: Client,
    reviewer: User,
    make_user: Callable[..., User],
    company: Company,
    owner: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    colleague = make_user(staff_role="reviewer", full_name="同僚 次郎")
    declaration = submitted(make_declaration, company, owner)
    services.declaration_assign(declaration=declaration, reviewer=colleague, assignee=colleague)
    response = staff.get(reverse("review:queue") + f"?assigned={colleague.pk}")
    assert response.context["total"] == 1
    assert "同僚 次郎" in response.content.decode()
    assert staff.get(reverse("review:queue") + f"?assigned={reviewer.pk}").context["total"] == 0
