"""Send a renewal campaign's emails from the server, in batches, with progress.

    manage.py send_renewal_emails --campaign 3                  # the next batch (500 companies)
    manage.py send_renewal_emails --campaign 3 --batch-size 1000 --all   # everything left

Safe to interrupt and to run again: companies already emailed are never emailed again.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.review.campaign_selectors import campaign_progress
from partnership.review.campaign_services import BATCH_DEFAULT, BATCH_MAX, renewal_send_batch
from partnership.review.models import RenewalCampaign


class Command(BaseCommand):
    help = "Email the companies of a renewal campaign that have not been emailed yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--campaign", type=int, required=True, help="campaign id")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_DEFAULT,
            help=f"companies per batch (1–{BATCH_MAX}, default {BATCH_DEFAULT})",
        )
        parser.add_argument(
            "--all", action="store_true", help="keep sending batches until every company is done"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size: int = options["batch_size"]
        if not 1 <= batch_size <= BATCH_MAX:
            raise CommandError(f"--batch-size must be between 1 and {BATCH_MAX}")
        try:
            campaign = RenewalCampaign.objects.select_related("template").get(
                pk=options["campaign"]
            )
        except RenewalCampaign.DoesNotExist:
            raise CommandError(f"no renewal campaign with id {options['campaign']}") from None
        start = campaign_progress(campaign)
        self.stdout.write(
            f"Campaign {campaign.pk} (template {campaign.template.code}): "
            f"{start.targets} companies, {start.pending} not yet emailed."
        )
        started = time.monotonic()
        batches = handled = 0
        while True:
            count = renewal_send_batch(campaign=campaign, batch_size=batch_size)
            if count == 0:
                break
            batches += 1
            handled += count
            done = start.handled + handled
            self.stdout.write(
                f"  batch {batches}: {count} companies "
                f"({done}/{start.targets} done, {time.monotonic() - started:.1f}s)"
            )
            self.stdout.flush()
            if not options["all"]:
                break
        end = campaign_progress(campaign)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {handled} companies handled in this run. Campaign: {end.emailed} "
                f"emailed ({end.emails} emails), {end.no_recipient} with no one to email, "
                f"{end.handled - end.emailed - end.no_recipient} skipped (renewed or withdrawn), "
                f"{end.pending} not yet emailed; {end.renewed} renewed, "
                f"{end.in_progress} in progress, {end.not_started} not started."
            )
        )
