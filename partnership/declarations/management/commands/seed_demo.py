"""python manage.py seed_demo --companies N --seed S"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.companies.models import Company
from partnership.core.dates import jst_today
from partnership.declarations.demo.builder import DemoBuilder

EARLIEST_AS_OF = dt.date(2026, 2, 1)


class Command(BaseCommand):
    help = (
        "Build a realistic, deterministic demo registry: companies, declarations in every "
        "status on two template versions with their histories, and demo users."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, default=3000, help="number of companies")
        parser.add_argument(
            "--seed", type=int, default=2020, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="the demo's 'today' (YYYY-MM-DD, Japan time; default: today)",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if any company exists already"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="seed even though DEBUG is off (demo users have well-known passwords: never "
            "use this on a production registry)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError("seed_demo creates users with known passwords; run it with DEBUG=1.")
        if options["companies"] < 1:
            raise CommandError("--companies must be at least 1")
        as_of = options["as_of"] or jst_today()
        if as_of < EARLIEST_AS_OF:
            raise CommandError(
                f"--as-of must be {EARLIEST_AS_OF} or later (after the 2026-01 template)"
            )
        if Company.objects.exists():
            if options["if_empty"]:
                self.stdout.write("The registry already has companies: demo data not loaded.")
                return
            raise CommandError("The registry is not empty. Use a fresh database (or --if-empty).")
        started = time.monotonic()
        totals = DemoBuilder(
            companies=options["companies"], seed=options["seed"], as_of=as_of, out=self.stdout
        ).build()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in totals.items())
        self.stdout.write(self.style.SUCCESS(f"Demo registry built in {elapsed:.1f}s: {summary}."))
