"""Renewal campaigns: the fixed target list, batched and resumable sending without duplicates,
emails in each member's language, and tracking."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from partnership.accounts.models import MembershipRole, User
from partnership.accounts.services import membership_grant
from partnership.accounts.testing import verify_staff
from partnership.audit.models import AuditEvent
from partnership.companies.models import Company
from partnership.conftest import template_data
from partnership.core.errors import DomainError, NotAllowed
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.declarations.services import template_version_import
from partnership.review import campaign_services
from partnership.review.campaign_selectors import campaign_progress, campaign_table
from partnership.review.campaign_services import renewal_campaign_start, renewal_send_batch
from partnership.review.models import NoticeOutcome, RenewalCampaign, RenewalNotice


@pytest.fixture(autouse=True)
def _english_pages() -> None:
    """These tests read the English wording: ``reverse`` gives the /en/ pages."""
    from django.utils import translation

    translation.activate("en")


@pytest.fixture
def new_template(template: TemplateVersion) -> TemplateVersion:
    """2027-01 made current after ``template`` (2026-01) was."""
    return template_version_import(
        data=template_data("2027-01", items=("alpha", "beta", "delta")), make_current=True
    )


@pytest.fixture
def registry(
    template: TemplateVersion,
    make_company: Callable[..., Company],
    make_user: Callable[..., User],
    make_declaration: Callable[..., Declaration],
) -> dict[str, Any]:
    """Four companies published on 2026-01 (one member each), and companies that are not
    outdated: a draft only, a withdrawn declaration."""
    outdated = []
    for index in range(4):
        company = make_company(name=f"株式会社旧様式{index}")
        make_user(company=company)
        make_declaration(company, Status.PUBLISHED)
        outdated.append(company)
    draft_only = make_company(name="株式会社下書き")
    make_user(company=draft_only)
    make_declaration(draft_only, Status.DRAFT)
    withdrawn = make_company(name="株式会社取下げ")
    make_declaration(withdrawn, Status.WITHDRAWN)
    return {"outdated": outdated, "draft_only": draft_only, "withdrawn": withdrawn}


def _start(template: TemplateVersion, administrator: User) -> RenewalCampaign:
    return renewal_campaign_start(template=template, actor=administrator, note="2027 revision")


def _per_address() -> Counter[str]:
    return Counter(address for message in mail.outbox for address in message.to)


def _emails_of(company: Company) -> set[str]:
    return set(company.memberships.values_list("user__email", flat=True))


def _renew(
    company: Company,
    template: TemplateVersion,
    make_declaration: Callable[..., Declaration],
    status: str = Status.PUBLISHED,
) -> Declaration:
    """Give ``company`` a declaration on ``template`` (published ones supersede the old)."""
    if status == Status.PUBLISHED:
        Declaration.objects.filter(company=company, status=Status.PUBLISHED).update(
            status=Status.SUPERSEDED, ended_at=timezone.now()
        )
    return make_declaration(company, status, template=template)


# --- starting --------------------------------------------------------------------------------


def test_campaign_targets_exactly_the_companies_with_an_outdated_published_declaration(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_company: Callable[..., Company],
    make_declaration: Callable[..., Declaration],
) -> None:
    already = make_company(name="株式会社新様式")
    make_declaration(already, Status.PUBLISHED, template=new_template)

    campaign = _start(new_template, administrator)

    targets = set(campaign.notices.values_list("company_id", flat=True))
    assert targets == {c.pk for c in registry["outdated"]}
    notice = campaign.notices.get(company=registry["outdated"][0])
    assert notice.declaration.template.code == "2026-01"
    assert (notice.sent_at, notice.email_count, notice.outcome) == (None, 0, "")
    assert len(mail.outbox) == 0
    event = AuditEvent.objects.get(action="renewal.start")
    assert event.after["targets"] == 4


def test_campaign_only_for_the_current_template_and_once_at_a_time(
    registry: dict[str, Any],
    template: TemplateVersion,
    new_template: TemplateVersion,
    administrator: User,
    reviewer: User,
) -> None:
    with pytest.raises(DomainError, match="not the current version"):
        _start(template, administrator)
    with pytest.raises(NotAllowed):
        _start(new_template, reviewer)
    campaign = _start(new_template, administrator)
    with pytest.raises(DomainError, match="still sending"):
        _start(new_template, administrator)
    renewal_send_batch(campaign=campaign, batch_size=10)
    # Finished: a reminder campaign may start, for the companies still outdated.
    assert _start(new_template, administrator).notices.count() == 4


def test_no_campaign_when_nobody_is_outdated(
    template: TemplateVersion, administrator: User
) -> None:
    with pytest.raises(DomainError, match="no one to ask"):
        _start(template, administrator)


# --- sending ---------------------------------------------------------------------------------


def test_batches_go_to_the_next_companies_oldest_first(
    registry: dict[str, Any], new_template: TemplateVersion, administrator: User
) -> None:
    first, second, *_ = registry["outdated"]
    campaign = _start(new_template, administrator)

    assert renewal_send_batch(campaign=campaign, batch_size=2, actor=administrator) == 2
    assert set(_per_address()) == _emails_of(first) | _emails_of(second)

    assert renewal_send_batch(campaign=campaign, batch_size=2, actor=administrator) == 2
    assert set(_per_address()) == set().union(*(_emails_of(c) for c in registry["outdated"]))
    assert not set(_per_address()) & _emails_of(registry["draft_only"])

    assert renewal_send_batch(campaign=campaign, batch_size=2, actor=administrator) == 0
    assert len(mail.outbox) == 4
    assert not campaign.notices.filter(sent_at__isnull=True).exists()
    assert set(campaign.notices.values_list("outcome", flat=True)) == {NoticeOutcome.SENT}
    # One audit event per batch that handled something.
    events = AuditEvent.objects.filter(action="renewal.send_batch").order_by("id")
    assert [e.after["companies"] for e in events] == [2, 2]
    assert events[0].actor == administrator


def test_rerunning_the_whole_campaign_sends_no_duplicate_email(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_user: Callable[..., User],
) -> None:
    for company in registry["outdated"]:
        membership_grant(company=company, user=make_user(), role=MembershipRole.MEMBER)
    campaign = _start(new_template, administrator)

    while renewal_send_batch(campaign=campaign, batch_size=3):
        pass
    sent = _per_address()
    assert len(sent) == 8
    assert set(sent.values()) == {1}

    for _ in range(3):
        assert renewal_send_batch(campaign=campaign, batch_size=5000) == 0
    call_command("send_renewal_emails", campaign=campaign.pk, all=True, stdout=StringIO())
    assert _per_address() == sent
    assert sum(campaign.notices.values_list("email_count", flat=True)) == 8


def test_a_mail_failure_stops_the_batch_and_the_next_run_resumes(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second, *_ = registry["outdated"]
    campaign = _start(new_template, administrator)
    real_send = campaign_services.send_user_mail
    broken = _emails_of(second)

    def flaky(*, user: Any, **kwargs: Any) -> None:
        if user.email in broken:
            raise OSError("SMTP server went away")
        real_send(user=user, **kwargs)

    monkeypatch.setattr(campaign_services, "send_user_mail", flaky)
    with pytest.raises(OSError, match="went away"):
        renewal_send_batch(campaign=campaign, batch_size=10)
    assert set(_per_address()) == _emails_of(first)
    assert campaign.notices.get(company=first).sent_at is not None
    assert campaign.notices.get(company=second).sent_at is None
    assert AuditEvent.objects.get(action="renewal.send_batch").after["companies"] == 1

    monkeypatch.setattr(campaign_services, "send_user_mail", real_send)
    assert renewal_send_batch(campaign=campaign, batch_size=10) == 3
    assert set(_per_address().values()) == {1}
    assert len(_per_address()) == 4


def test_every_member_is_emailed_in_their_own_language(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_user: Callable[..., User],
) -> None:
    company = registry["outdated"][0]
    english = make_user(language="en", full_name="Jane Smith")
    membership_grant(company=company, user=english, role=MembershipRole.MEMBER)
    japanese = company.memberships.exclude(user=english).get().user
    campaign = _start(new_template, administrator)

    renewal_send_batch(campaign=campaign, batch_size=1)

    assert campaign.notices.get(company=company).email_count == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    en, ja = by_address[english.email], by_address[japanese.email]
    with translation.override("ja"):
        home = reverse("companies:home", kwargs={"corporate_number": company.corporate_number})
    assert "Please renew" in en.subject
    assert "Dear Jane Smith" in en.body
    assert "template 2027-01" in en.body and "2026-01" in en.body
    assert f"{settings.SITE_URL}/en{home}" in en.body
    assert "【更新のお願い】" in ja.subject
    assert company.name in ja.subject
    assert "様式 2027-01" in ja.body and "様" in ja.body
    assert f"{settings.SITE_URL}{home}" in ja.body and "/en/" not in ja.body
    assert "送信専用" in ja.body  # the signature


def test_company_without_members_is_recorded_as_no_recipient(
    registry: dict[str, Any], new_template: TemplateVersion, administrator: User
) -> None:
    lonely = registry["outdated"][1]
    lonely.memberships.all().delete()
    campaign = _start(new_template, administrator)

    renewal_send_batch(campaign=campaign, batch_size=10)

    notice = campaign.notices.get(company=lonely)
    assert notice.sent_at is not None
    assert (notice.outcome, notice.email_count) == (NoticeOutcome.NO_RECIPIENT, 0)
    assert campaign_progress(campaign).no_recipient == 1
    assert renewal_send_batch(campaign=campaign, batch_size=10) == 0


def test_company_that_renewed_before_its_turn_is_not_emailed(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    first, second, *_ = registry["outdated"]
    campaign = _start(new_template, administrator)
    _renew(first, new_template, make_declaration)
    _renew(second, new_template, make_declaration, status=Status.DRAFT)

    renewal_send_batch(campaign=campaign, batch_size=10)

    assert campaign.notices.get(company=first).outcome == NoticeOutcome.RENEWED
    assert not set(_per_address()) & _emails_of(first)
    # A company in the middle of renewing is reminded to finish.
    (reminder,) = [m for m in mail.outbox if m.to[0] in _emails_of(second)]
    assert "更新の手続きはすでに開始されています" in reminder.body


def test_batch_size_is_bounded(
    registry: dict[str, Any], new_template: TemplateVersion, administrator: User
) -> None:
    campaign = _start(new_template, administrator)
    for size in (0, 5001):
        with pytest.raises(ValidationError, match="between 1 and 5000"):
            renewal_send_batch(campaign=campaign, batch_size=size)


# --- tracking --------------------------------------------------------------------------------


def test_tracking_counts_after_one_company_renews(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_declaration: Callable[..., Declaration],
) -> None:
    first, second, third, fourth = registry["outdated"]
    campaign = _start(new_template, administrator)
    renewal_send_batch(campaign=campaign, batch_size=3)

    renewed = _renew(first, new_template, make_declaration)
    _renew(second, new_template, make_declaration, status=Status.SUBMITTED)

    progress = campaign_progress(campaign)
    assert (progress.targets, progress.emailed, progress.pending) == (4, 3, 1)
    assert (progress.renewed, progress.in_progress, progress.not_started) == (1, 1, 2)
    assert progress.renewed_percent == 25
    assert [n.company_id for n in campaign_table(campaign, "renewed")] == [first.pk]
    assert campaign_table(campaign, "renewed")[0].renewed_at == renewed.published_at
    assert [n.company_id for n in campaign_table(campaign, "in_progress")] == [second.pk]
    assert {n.company_id for n in campaign_table(campaign, "not_started")} == {
        third.pk,
        fourth.pk,
    }
    assert [n.company_id for n in campaign_table(campaign, "not_emailed")] == [fourth.pk]
    assert campaign_table(campaign, "").count() == 4


# --- pages and command -------------------------------------------------------------------------


@pytest.fixture
def admin_client(client: Client, administrator: User) -> Client:
    verify_staff(client, administrator)
    return client


def test_campaign_pages_start_confirm_and_send(
    admin_client: Client, registry: dict[str, Any], new_template: TemplateVersion
) -> None:
    listing = admin_client.get(reverse("review:campaigns"))
    assert listing.status_code == 200
    assert "4 companies have a published declaration" in listing.content.decode()

    started = admin_client.post(reverse("review:campaigns"), {"note": "First round"})
    campaign = RenewalCampaign.objects.get()
    assert started["Location"] == reverse("review:campaign", args=[campaign.pk])
    assert campaign.note == "First round"

    page = admin_client.get(reverse("review:campaign", args=[campaign.pk]))
    assert page.status_code == 200
    assert page.context["progress"].targets == 4
    assert page.context["staff_section"] == "campaigns"

    send = reverse("review:campaign_send", args=[campaign.pk])
    too_many = admin_client.post(send, {"batch_size": "5001"})
    assert too_many.status_code == 200
    assert len(mail.outbox) == 0

    confirm = admin_client.post(send, {"batch_size": "3"})
    assert confirm.status_code == 200
    assert "You are about to ask 3 companies" in confirm.content.decode()
    assert len(mail.outbox) == 0

    done = admin_client.post(send, {"batch_size": "3", "confirm": "yes", "handled": "0"})
    assert done.status_code == 302
    assert len(mail.outbox) == 3

    # Submitting the same confirmation again (a double click) asks again instead of sending.
    again = admin_client.post(send, {"batch_size": "3", "confirm": "yes", "handled": "0"})
    assert again.status_code == 200
    assert "in the meantime" in again.content.decode()
    assert len(mail.outbox) == 3

    filtered = admin_client.get(
        reverse("review:campaign", args=[campaign.pk]), {"status": "not_emailed"}
    )
    assert filtered.context["page"].paginator.count == 1
    nonsense = admin_client.get(reverse("review:campaign", args=[campaign.pk]), {"status": "x"})
    assert nonsense.context["page"].paginator.count == 4


def test_command_sends_everything_with_progress_and_a_summary(
    registry: dict[str, Any], new_template: TemplateVersion, administrator: User
) -> None:
    campaign = _start(new_template, administrator)
    out = StringIO()
    call_command("send_renewal_emails", campaign=campaign.pk, batch_size=3, all=True, stdout=out)
    output = out.getvalue()
    assert "batch 1: 3 companies" in output
    assert "batch 2: 1 companies" in output
    assert "4 emailed" in output
    assert len(mail.outbox) == 4
    # Without --all: one batch only (a reminder campaign, now that the first is finished).
    campaign2 = _start(new_template, administrator)
    out = StringIO()
    call_command("send_renewal_emails", campaign=campaign2.pk, batch_size=1, stdout=out)
    assert "batch 1: 1 companies" in out.getvalue()
    assert "batch 2" not in out.getvalue()


def test_command_rejects_unknown_campaign(db: None) -> None:
    with pytest.raises(CommandError, match="no renewal campaign"):
        call_command("send_renewal_emails", campaign=999, stdout=StringIO())


def test_notices_are_unique_per_campaign_and_company(
    registry: dict[str, Any], new_template: TemplateVersion, administrator: User
) -> None:
    campaign = _start(new_template, administrator)
    notice = campaign.notices.first()
    assert notice is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        RenewalNotice.objects.create(
            campaign=campaign, company=notice.company, declaration=notice.declaration
        )


def test_sent_dates_are_shown(
    admin_client: Client,
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
) -> None:
    campaign = _start(new_template, administrator)
    renewal_send_batch(campaign=campaign, batch_size=1)
    page = admin_client.get(reverse("review:campaign", args=[campaign.pk])).content.decode()
    notice = campaign.notices.get(sent_at__isnull=False)
    assert timezone.localtime(notice.sent_at).strftime("%Y-%m-%d %H:%M") in page
    assert "Emailed (1 person)" in page


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runners_at_once_never_email_a_company_twice(
    registry: dict[str, Any],
    new_template: TemplateVersion,
    administrator: User,
    make_company: Callable[..., Company],
    make_user: Callable[..., User],
    make_declaration: Callable[..., Declaration],
) -> None:
    from partnership.declarations.tests.test_concurrency import race

    for index in range(20):
        company = make_company(name=f"株式会社並行{index}")
        make_user(company=company)
        make_declaration(company, Status.PUBLISHED)
    campaign = _start(new_template, administrator)

    def run_all() -> int:
        total = 0
        while count := renewal_send_batch(campaign=campaign, batch_size=3):
            total += count
        return total

    results = race(run_all, run_all)

    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 24
    assert len(_per_address()) == 24
    assert set(_per_address().values()) == {1}
    assert not campaign.notices.filter(sent_at__isnull=True).exists()
