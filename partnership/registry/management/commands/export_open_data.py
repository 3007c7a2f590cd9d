"""Regenerate the open-data files (register, publication history, Atom feed, manifest).

    manage.py export_open_data                 # into settings.OPEN_DATA_DIR (var/open-data/)
    manage.py export_open_data --dir /srv/open-data

Run it on a schedule (e.g. nightly, or hourly) on one machine; the site serves whatever the
last run wrote. Safe to run while the site is up: every file is replaced atomically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from partnership.registry.open_data import export_open_data


class Command(BaseCommand):
    help = "Write the open-data files (CSV, JSON Lines, Atom feed, manifest) for download."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            type=Path,
            default=None,
            help=f"target folder (default: OPEN_DATA_DIR, now {settings.OPEN_DATA_DIR})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["dir"] or Path(settings.OPEN_DATA_DIR)
        try:
            manifest = export_open_data(directory, out=self.stdout)
        except OSError as exc:
            raise CommandError(f"cannot write the open data to {directory}: {exc}") from exc
        for info in manifest.files.values():
            self.stdout.write(
                f"  {info.name}: {info.rows:,} rows, {filesizeformat(info.bytes)}, "
                f"sha256 {info.sha256[:16]}…"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Open data written to {directory} at {manifest.generated_at.isoformat()}."
            )
        )
