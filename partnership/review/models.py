"""Renewal campaigns: asking every company whose published declaration uses an older template
to renew it on the current one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RenewalCampaign(models.Model):
    """One round of renewal requests for ``template``. The companies to ask are fixed when the
    campaign starts (one :class:`RenewalNotice` each) and emailed in batches."""

    template = models.ForeignKey(
        "declarations.TemplateVersion",
        on_delete=models.PROTECT,
        related_name="renewal_campaigns",
        verbose_name=_("template version"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started at"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("renewal campaign")
        verbose_name_plural = _("renewal campaigns")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.template.code} #{self.pk}"


class NoticeOutcome(models.TextChoices):
    SENT = "sent", _("Emailed")
    NO_RECIPIENT = "no_recipient", _("No one to email")
    RENEWED = "renewed", _("Already renewed; not emailed")
    NOT_PUBLISHED = "not_published", _("No longer published; not emailed")


class RenewalNotice(models.Model):
    """One company to ask in a campaign, with the outdated declaration it had when the
    campaign started. ``sent_at`` is set in the same transaction as its emails are handed to
    the mail server, so a company is never emailed twice by the same campaign."""

    campaign = models.ForeignKey(RenewalCampaign, on_delete=models.CASCADE, related_name="notices")
    company = models.ForeignKey(
        "companies.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("company")
    )
    declaration = models.ForeignKey(
        "declarations.Declaration",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("outdated declaration"),
    )
    sent_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    email_count = models.PositiveIntegerField(_("emails sent"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=NoticeOutcome.choices, blank=True
    )

    class Meta:
        verbose_name = _("renewal request")
        verbose_name_plural = _("renewal requests")
        ordering = ["campaign", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "company"], name="renewal_notice_unique_company"
            ),
            models.CheckConstraint(
                condition=(Q(sent_at__isnull=True) & Q(outcome=""))
                | (Q(sent_at__isnull=False) & Q(outcome__in=[o.value for o in NoticeOutcome])),
                name="renewal_notice_outcome_iff_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "sent_at"], name="renewal_notice_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} → {self.company_id}"
