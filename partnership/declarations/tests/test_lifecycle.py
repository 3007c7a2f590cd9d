"""Every allowed and every forbidden transition of the declaration life cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.audit.models import AuditEvent
from partnership.core.errors import InvalidTransition, NotAllowed
from partnership.declarations import services
from partnership.declarations.models import Declaration, ReviewAction, ReviewKind, Status

pytestmark = pytest.mark.django_db

# action -> (statuses it is allowed from, resulting status or None when the row is deleted)
TRANSITIONS: dict[str, tuple[set[str], str | None]] = {
    "edit": ({Status.DRAFT, Status.RETURNED}, None),
    "discard": ({Status.DRAFT}, None),
    "submit": ({Status.DRAFT}, Status.SUBMITTED),
    "resubmit": ({Status.RETURNED}, Status.SUBMITTED),
    "return": ({Status.SUBMITTED}, Status.RETURNED),
    "publish": ({Status.SUBMITTED}, Status.PUBLISHED),
    "reject": ({Status.SUBMITTED}, Status.REJECTED),
    "withdraw": ({Status.PUBLISHED}, Status.WITHDRAWN),
    "remove": ({Status.PUBLISHED}, Status.REMOVED),
}


def perform(
    action: str, declaration: Declaration, owner: Any, reviewer: Any, administrator: Any
) -> Any:
    match action:
        case "edit":
            return services.declaration_update_draft(
                declaration=declaration, actor=owner, changes={"signer_name": "佐藤　花子"}
            )
        case "discard":
            return services.declaration_discard(declaration=declaration, actor=owner)
        case "submit":
            return services.declaration_submit(declaration=declaration, actor=owner)
        case "resubmit":
            return services.declaration_resubmit(declaration=declaration, actor=owner)
        case "return":
            return services.declaration_return(
                declaration=declaration, reviewer=reviewer, message="Please fix item 1."
            )
        case "publish":
            return services.declaration_publish(declaration=declaration, reviewer=reviewer)
        case "reject":
            return services.declaration_reject(
                declaration=declaration, reviewer=reviewer, reason="Not a company."
            )
        case "withdraw":
            return services.declaration_withdraw(
                declaration=declaration, actor=owner, reason="Merged."
            )
        case "remove":
            return services.declaration_remove(
                declaration=declaration,
                administrator=administrator,
                category="not_honoured",
                reason="Found unfair.",
            )
    raise AssertionError(action)


CASES = [(action, status) for action in TRANSITIONS for status in Status.values]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_transition_table(
    action: str,
    status: str,
    company: Any,
    owner: Any,
    reviewer: Any,
    administrator: Any,
    make_declaration: Callable[..., Declaration],
) -> None:
    allowed, result = TRANSITIONS[action]
    declaration = make_declaration(company, status)
    events_before = AuditEvent.objects.count()
    if status in allowed:
        perform(action, declaration, owner, reviewer, administrator)
        if action == "discard":
            assert not Declaration.objects.filter(pk=declaration.pk).exists()
        else:
            declaration.refresh_from_db()
            assert declaration.status == (result or status)
        if action != "edit":
            assert AuditEvent.objects.count() > events_before
    else:
        with pytest.raises(InvalidTransition):
            perform(action, declaration, owner, reviewer, administrator)
        declaration.refresh_from_db()
        assert declaration.status == status
        assert AuditEvent.objects.count() == events_before


def test_full_journey_draft_to_published_with_a_return(
    company: Any, owner: Any, reviewer: Any, template: Any
) -> None:
    draft = services.declaration_create_draft(company=company, actor=owner)
    assert draft.version == 1
    assert draft.template == template
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_submit(declaration=draft, actor=owner)
    assert {
        "supply_chain.items",
        "promotion_standards.confirmed",
        "signer_title",
        "document_date",
    } <= set(excinfo.value.message_dict)
    services.declaration_update_draft(
        declaration=draft,
        actor=owner,
        changes={
            "answers": {
                "supply_chain": {
                    "items": [{"key": "beta", "text": "共同で省エネ設備を導入します。"}]
                },
                "promotion_standards": {"confirmed": True},
            },
            "signer_title": "代表取締役社長",
            "signer_name": "山田　太郎",
            "signer_attested": True,
            "document_date": dt.date(2026, 2, 1),
        },
    )
    submitted = services.declaration_submit(declaration=draft, actor=owner)
    assert submitted.status == Status.SUBMITTED and submitted.submitted_at is not None
    returned = services.declaration_return(
        declaration=submitted, reviewer=reviewer, message="署名者の役職を確認してください。"
    )
    assert returned.status == Status.RETURNED
    assert (
        ReviewAction.objects.get(declaration=returned).message == "署名者の役職を確認してください。"
    )
    services.declaration_update_draft(
        declaration=returned, actor=owner, changes={"signer_title": "代表取締役"}
    )
    resubmitted = services.declaration_resubmit(declaration=returned, actor=owner)
    published = services.declaration_publish(declaration=resubmitted, reviewer=reviewer)
    assert published.status == Status.PUBLISHED
    assert published.published_at == published.decided_at
    actions = list(
        AuditEvent.objects.filter(
            object_type="declarations.declaration", object_id=str(published.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "declaration.create",
        "declaration.submit",
        "declaration.return",
        "declaration.resubmit",
        "declaration.publish",
    ]


def test_publishing_a_new_version_supersedes_the_old_one_at_the_same_instant(
    company: Any, owner: Any, reviewer: Any, make_declaration: Callable[..., Declaration]
) -> None:
    old = make_declaration(company, Status.PUBLISHED)
    new = make_declaration(company, Status.SUBMITTED)
    services.declaration_publish(declaration=new, reviewer=reviewer)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert new.status == Status.PUBLISHED
    assert old.ended_at == new.published_at
    assert Declaration.objects.published().filter(company=company).count() == 1


def test_revision_draft_keeps_the_published_version_public(
    company: Any, owner: Any, make_declaration: Callable[..., Declaration]
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    draft = services.declaration_create_draft(company=company, actor=owner, based_on=published)
    assert draft.version == published.version + 1
    assert draft.answers["supply_chain"]["items"] == published.answers["supply_chain"]["items"]
    # Same template, same fixed text: the confirmation carries over (on a new template it must
    # be given again; see the renewal test).
    assert draft.answers["promotion_standards"] == {"confirmed": True}
    published.refresh_from_db()
    assert published.status == Status.PUBLISHED


def test_only_one_declaration_in_progress(company: Any, owner: Any, template: Any) -> None:
    services.declaration_create_draft(company=company, actor=owner)
    with pytest.raises(InvalidTransition):
        services.declaration_create_draft(company=company, actor=owner)


def test_renewal_maps_answers_by_stable_key_and_reports_dropped_items(
    company: Any, owner: Any, make_declaration: Callable[..., Declaration]
) -> None:
    from partnership.conftest import template_data
    from partnership.declarations.services import answers_carry_over, template_version_import

    old = make_declaration(
        company,
        Status.PUBLISHED,
        answers={
            "supply_chain": {
                "items": [{"key": "alpha", "text": "A"}, {"key": "gamma", "text": "G"}]
            },
            "promotion_standards": {"confirmed": True},
        },
    )
    newer = template_version_import(
        data=template_data("2027-01", items=("alpha", "beta", "delta")), make_current=True
    )
    mapped, dropped = answers_carry_over(old.answers, newer)
    assert mapped["supply_chain"]["items"] == [{"key": "alpha", "text": "A"}]
    assert dropped == [("supply_chain", "gamma")]
    draft = services.declaration_create_draft(company=company, actor=owner, based_on=old)
    assert draft.template == newer
    # The fixed text may have changed with the template: it must be confirmed again.
    assert draft.answers["promotion_standards"] == {"confirmed": False}


def test_company_actions_need_membership(
    company: Any, make_company: Any, make_user: Any, make_declaration: Callable[..., Declaration]
) -> None:
    stranger = make_user(company=make_company(name="他社株式会社"))
    draft = make_declaration(company, Status.DRAFT)
    with pytest.raises(NotAllowed):
        services.declaration_submit(declaration=draft, actor=stranger)
    with pytest.raises(NotAllowed):
        services.declaration_create_draft(company=company, actor=stranger)


def test_reviewer_actions_need_a_reviewer_and_removal_an_administrator(
    company: Any, owner: Any, reviewer: Any, make_declaration: Callable[..., Declaration]
) -> None:
    submitted = make_declaration(company, Status.SUBMITTED)
    with pytest.raises(NotAllowed):
        services.declaration_publish(declaration=submitted, reviewer=owner)
    submitted.delete()
    published = make_declaration(company, Status.PUBLISHED)
    with pytest.raises(NotAllowed):
        services.declaration_remove(
            declaration=published, administrator=reviewer, category="other", reason="x"
        )


def test_return_and_reject_require_a_message(
    company: Any, reviewer: Any, make_declaration: Callable[..., Declaration]
) -> None:
    submitted = make_declaration(company, Status.SUBMITTED)
    with pytest.raises(ValidationError):
        services.declaration_return(declaration=submitted, reviewer=reviewer, message="   ")
    with pytest.raises(ValidationError):
        services.declaration_reject(declaration=submitted, reviewer=reviewer, reason="")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_removal_records_public_reason(
    company: Any, administrator: Any, make_declaration: Callable[..., Declaration]
) -> None:
    published = make_declaration(company, Status.PUBLISHED)
    removed = services.declaration_remove(
        declaration=published,
        administrator=administrator,
        category="not_honoured",
        reason="支払条件が宣言に反していた。",
    )
    assert removed.end_reason_category == "not_honoured"
    assert removed.end_reason == "支払条件が宣言に反していた。"
    assert ReviewAction.objects.filter(declaration=removed, kind=ReviewKind.REMOVED).exists()
    with pytest.raises(ValidationError):
        services.declaration_remove(
            declaration=removed, administrator=administrator, category="bogus", reason="x"
        )


def test_document_date_in_the_future_is_refused(
    company: Any, owner: Any, make_declaration: Callable[..., Declaration]
) -> None:
    tomorrow = timezone.now().date() + dt.timedelta(days=2)
    draft = make_declaration(company, Status.DRAFT, document_date=tomorrow)
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_submit(declaration=draft, actor=owner)
    assert "document_date" in excinfo.value.message_dict


def test_invalid_transition_message_is_plain_and_translated(
    company: Any, reviewer: Any, make_declaration: Callable[..., Declaration]
) -> None:
    from django.utils import translation

    published = make_declaration(company, Status.PUBLISHED)
    with translation.override("ja"), pytest.raises(InvalidTransition) as excinfo:
        services.declaration_publish(declaration=published, reviewer=reviewer)
    assert excinfo.value.code == "invalid_transition"
    with translation.override("en"), pytest.raises(InvalidTransition) as excinfo:
        services.declaration_publish(declaration=published, reviewer=reviewer)
    assert "reload" in str(excinfo.value)
