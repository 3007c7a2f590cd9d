"""Renewal campaigns: start one for the current template, then email the companies in batches.

Sending is idempotent and resumable. Each company's notice is claimed, its emails handed to
the mail server and the notice marked handled in one small transaction of its own, so

- an SMTP failure rolls back only the company being emailed (it is retried on the next run),
  while every company emailed before it stays marked;
- re-running a batch, a whole campaign, or two runners at once never email a company twice
  (a notice is only picked while ``sent_at`` is empty, under a row lock on PostgreSQL; SQLite
  serialises writers anyway).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnership.accounts.models import Membership
from partnership.audit.services import RequestContext, audit_record
from partnership.companies.models import Company
from partnership.core.errors import DomainError, NotAllowed
from partnership.core.mail import reverse_in, send_user_mail
from partnership.core.text import clean_text
from partnership.declarations.models import Declaration, Status, TemplateVersion
from partnership.review.campaign_selectors import outdated_declarations, unfinished_campaign
from partnership.review.models import NoticeOutcome, RenewalCampaign, RenewalNotice

BATCH_DEFAULT = 500
BATCH_MAX = 5000
NOTE_MAX = 2000


class CampaignError(DomainError):
    code = "campaign_error"


def _require_administrator(actor: Any) -> None:
    if actor is None or not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Only administrators can do this."))


@transaction.atomic
def renewal_campaign_start(
    *,
    template: TemplateVersion,
    actor: Any,
    note: str = "",
    context: RequestContext | None = None,
) -> RenewalCampaign:
    """Start a campaign for the current template ``template``: one notice for every company
    whose published declaration uses an older template, fixed now. Nothing is emailed yet."""
    _require_administrator(actor)
    note = clean_text(note or "")
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": _("Use at most %(limit)d characters.") % {"limit": NOTE_MAX}}
        )
    # Serialises two administrators starting a campaign at the same moment.
    locked = TemplateVersion.objects.select_for_update().get(pk=template.pk)
    if not locked.is_current:
        raise CampaignError(
            _(
                "Template %(code)s is not the current version: campaigns ask companies to renew "
                "on the current one."
            )
            % {"code": locked.code}
        )
    running = unfinished_campaign(locked)
    if running is not None:
        raise CampaignError(
            _(
                "A campaign for template %(code)s is still sending (started %(date)s): finish "
                "it before starting another."
            )
            % {"code": locked.code, "date": timezone.localtime(running.created_at).date()}
        )
    targets = list(outdated_declarations(locked).values_list("pk", "company_id"))
    if not targets:
        raise CampaignError(
            _("Every published declaration already uses template %(code)s: there is no one to ask.")
            % {"code": locked.code}
        )
    campaign = RenewalCampaign.objects.create(
        template=locked, created_by=actor, created_at=timezone.now(), note=note
    )
    RenewalNotice.objects.bulk_create(
        (
            RenewalNotice(campaign=campaign, company_id=company_id, declaration_id=declaration_id)
            for declaration_id, company_id in targets
        ),
        batch_size=1000,
    )
    audit_record(
        actor=actor,
        action="renewal.start",
        obj=campaign,
        after={"template": locked.code, "targets": len(targets), "note": note},
        context=context,
    )
    return campaign


# --- sending ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handled:
    company_id: int
    outcome: str
    emails: int


def _next_pending(campaign: RenewalCampaign, count: int) -> list[int]:
    """Ids of the next ``count`` notices not yet handled, oldest company first (one sorted
    query per batch, not per company)."""
    return list(
        RenewalNotice.objects.filter(campaign=campaign, sent_at__isnull=True)
        .order_by("company__created_at", "company_id")
        .values_list("pk", flat=True)[:count]
    )


def _claim(notice_id: int) -> RenewalNotice | None:
    """Lock the notice if it is still unhandled; None when another runner has it or had it."""
    queryset = RenewalNotice.objects.filter(pk=notice_id, sent_at__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        # A notice another runner is sending is skipped, not waited for.
        return queryset.select_for_update(skip_locked=True).first()
    return queryset.select_for_update().first()


def _recipients(company_id: int) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.filter(company_id=company_id)
        .select_related("user")
        .order_by("user__email")
        if m.user.is_active
    ]


def _handle(campaign: RenewalCampaign, notice_id: int) -> Handled | None:
    """Claim one notice, email the company's members and mark the notice, atomically."""
    with transaction.atomic():
        notice = _claim(notice_id)
        if notice is None:
            return None
        company = Company.objects.get(pk=notice.company_id)
        rows = list(
            Declaration.objects.filter(company=company)
            .filter(status__in=[Status.PUBLISHED, Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
            .select_related("template")
        )
        published = next((d for d in rows if d.status == Status.PUBLISHED), None)
        in_progress = next((d for d in rows if d.status != Status.PUBLISHED), None)
        emails = 0
        if published is None:
            outcome = NoticeOutcome.NOT_PUBLISHED
        elif published.template_id == campaign.template_id:
            outcome = NoticeOutcome.RENEWED
        else:
            recipients = _recipients(company.pk)
            outcome = NoticeOutcome.SENT if recipients else NoticeOutcome.NO_RECIPIENT
            for user in recipients:
                language = user.language or settings.LANGUAGE_CODE
                send_user_mail(
                    user=user,
                    name="renewal_request",
                    context={
                        "company": company,
                        "declaration": published,
                        "old_template": published.template,
                        "template": campaign.template,
                        "renewal_started": in_progress is not None,
                        "company_url": reverse_in(
                            language,
                            "companies:home",
                            kwargs={"corporate_number": company.corporate_number},
                        ),
                    },
                    # Handed to the mail server inside this transaction: if sending fails, the
                    # notice stays unsent and the company is retried on the next run.
                    on_commit=False,
                )
                emails += 1
        notice.sent_at = timezone.now()
        notice.outcome = outcome
        notice.email_count = emails
        notice.save(update_fields=["sent_at", "outcome", "email_count"])
        return Handled(company_id=company.pk, outcome=str(outcome), emails=emails)


def renewal_send_batch(
    *,
    campaign: RenewalCampaign,
    batch_size: int = BATCH_DEFAULT,
    actor: Any = None,
    context: RequestContext | None = None,
) -> int:
    """Email the next ``batch_size`` companies of ``campaign`` not yet emailed, oldest company
    first, every active member in their own language. Returns how many companies were handled
    (0 when the campaign is finished).

    A company that renewed since the campaign started, or withdrew, is marked without an email;
    a company with no one to email is marked "no recipient". One audit event records the batch
    (also when a mail failure stops it half-way). ``actor`` None means the system (the
    management command)."""
    if actor is not None:
        _require_administrator(actor)
    if not isinstance(batch_size, int) or not 1 <= batch_size <= BATCH_MAX:
        raise ValidationError(
            {
                "batch_size": _("Send between 1 and %(limit)d emails at a time.")
                % {"limit": BATCH_MAX}
            }
        )
    handled: list[Handled] = []
    try:
        while len(handled) < batch_size:
            claimed = 0
            for notice_id in _next_pending(campaign, batch_size - len(handled)):
                result = _handle(campaign, notice_id)
                if result is not None:
                    handled.append(result)
                    claimed += 1
            if not claimed:
                break  # nothing left, or the rest is being sent by another runner
    finally:
        if handled:
            outcomes = Counter(h.outcome for h in handled)
            with transaction.atomic():
                audit_record(
                    actor=actor,
                    action="renewal.send_batch",
                    obj=campaign,
                    after={
                        "template": campaign.template.code,
                        "companies": len(handled),
                        "emails": sum(h.emails for h in handled),
                        "outcomes": dict(sorted(outcomes.items())),
                        "first_company": handled[0].company_id,
                        "last_company": handled[-1].company_id,
                    },
                    context=context,
                )
    return len(handled)
