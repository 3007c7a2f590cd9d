"""Emails at every status change the company cares about, to every member, in their language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from partnership.accounts.models import MembershipRole, User
from partnership.accounts.services import membership_grant
from partnership.companies.models import Company
from partnership.declarations import services
from partnership.declarations.models import Declaration, RemovalCategory, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(company: Company, owner: User, make_user: Callable[..., User]) -> list[User]:
    colleague = make_user(language="en")
    membership_grant(company=company, user=colleague, role=MembershipRole.MEMBER)
    return [owner, colleague]


def _sent(capture: Any, action: Callable[[], Any]) -> dict[str, Any]:
    mail.outbox.clear()
    with capture(execute=True):
        action()
    return {message.to[0]: message for message in mail.outbox}


def test_submission_return_resubmission_and_publication(
    company: Company,
    people: list[User],
    reviewer: User,
    make_declaration: Callable[..., Declaration],
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner, colleague = people
    draft = make_declaration(company, Status.DRAFT)
    reference = f"{company.corporate_number}-{draft.version}"

    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_submit(declaration=draft, actor=owner),
    )
    assert set(sent) == {owner.email, colleague.email}
    assert reference in sent[owner.email].subject and "受付" in sent[owner.email].subject
    assert "received" in sent[colleague.email].subject
    assert "5 working days" in sent[colleague.email].body

    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_return(
            declaration=draft, reviewer=reviewer, message="代表者の役職を記入してください。"
        ),
    )
    assert "代表者の役職を記入してください。" in sent[owner.email].body
    assert "代表者の役職を記入してください。" in sent[colleague.email].body
    assert reviewer.email not in sent[owner.email].body  # staff stay anonymous

    draft.refresh_from_db()
    services.declaration_resubmit(declaration=draft, actor=owner)
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_publish(declaration=draft, reviewer=reviewer),
    )
    assert f"/declarations/{company.corporate_number}/" in sent[owner.email].body
    assert f"/en/declarations/{company.corporate_number}/" in sent[colleague.email].body


def test_rejection_withdrawal_and_removal_carry_their_reasons(
    company: Company,
    people: list[User],
    reviewer: User,
    administrator: User,
    make_declaration: Callable[..., Declaration],
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner, colleague = people
    submitted = make_declaration(company, Status.SUBMITTED)
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_reject(
            declaration=submitted, reviewer=reviewer, reason="法人番号が別の法人のものです。"
        ),
    )
    assert "法人番号が別の法人のものです。" in sent[owner.email].body
    assert "could not be accepted" in sent[colleague.email].subject

    published = make_declaration(company, Status.PUBLISHED)
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_withdraw(declaration=published, actor=owner, reason=""),
    )
    assert "取り下げ" in sent[owner.email].subject
    assert "withdrawn" in sent[colleague.email].subject

    other = make_declaration(company, Status.PUBLISHED)
    sent = _sent(
        django_capture_on_commit_callbacks,
        lambda: services.declaration_remove(
            declaration=other,
            administrator=administrator,
            category=RemovalCategory.NOT_HONOURED,
            reason="下請代金の支払遅延が確認されました。",
        ),
    )
    assert "下請代金の支払遅延が確認されました。" in sent[owner.email].body
    assert "removed" in sent[colleague.email].subject
    with translation.override("en"):
        assert str(RemovalCategory.NOT_HONOURED.label) in sent[colleague.email].body


def test_no_mail_when_the_transition_fails(
    company: Company,
    people: list[User],
    make_declaration: Callable[..., Declaration],
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner, _ = people
    incomplete = make_declaration(company, Status.DRAFT, signer_name="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.declaration_submit(declaration=incomplete, actor=owner)
    assert mail.outbox == []
