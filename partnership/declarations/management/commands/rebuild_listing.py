"""Recreate the public listing's index (ListingEntry, ListingCount) from the declarations."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection

from partnership.declarations import listing_index


class Command(BaseCommand):
    help = (
        "Recreate the public listing's index from the published declarations (after a bulk "
        "load or a restore, or to repair it). Safe to run at any time; readers see the old "
        "index until it commits."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        total = listing_index.rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE declarations_listingentry")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {total:,} published declarations in {time.monotonic() - started:.1f} s."
            )
        )
