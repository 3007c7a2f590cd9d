"""python manage.py import_corporations FILE [FILE …]"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from partnership.companies.master_import import (
    ImportStats,
    MasterFileError,
    MasterImporter,
    inspect_file,
)

PROGRESS_EVERY = 2.0  # seconds between progress lines
REASONS_SHOWN = 5


class Command(BaseCommand):
    help = (
        "Load the National Tax Agency's corporate-number files (full dumps or difference "
        "files, .zip or .csv, 28 or 30 columns) into the corporation master. Rows are applied "
        "in file order, the newest state of each number wins, and unchanged rows are not "
        "written. Source: 国税庁法人番号公表サイト（国税庁）, Public Data License 1.0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help=".zip or .csv file")
        parser.add_argument(
            "--quiet",
            action="store_true",
            help="no progress lines, and the summary on one line",
        )
        parser.add_argument(
            "--batch-size", type=int, default=20_000, help="rows per transaction (default 20000)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        quiet = bool(options["quiet"]) or verbosity == 0
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        problems: list[str] = []
        for path in options["files"]:
            try:
                inspect_file(path)
            except MasterFileError as error:
                problems.append(str(error))
        if problems:
            raise CommandError(
                "Nothing was imported: " + ("\n" if len(problems) > 1 else "") + "\n".join(problems)
            )

        last = [time.monotonic()]

        def progress(stats: ImportStats, label: str) -> None:
            now = time.monotonic()
            if now - last[0] < PROGRESS_EVERY:
                return
            last[0] = now
            self.stderr.write(
                f"{label}: {stats.rows:,} rows, {stats.rows_per_second:,.0f} rows/s "
                f"({stats.inserted:,} inserted, {stats.updated:,} updated)"
            )

        importer = MasterImporter(
            batch_size=options["batch_size"], progress=None if quiet else progress
        )
        stats = importer.import_files(options["files"])
        if verbosity > 0:
            self._summary(stats, one_line=bool(options["quiet"]), all_reasons=verbosity > 1)
        if stats.failures:
            raise CommandError(
                "Some files could not be read to the end:\n" + "\n".join(stats.failures)
            )

    def _summary(self, stats: ImportStats, *, one_line: bool, all_reasons: bool) -> None:
        counts = {
            "files": stats.files,
            "rows read": stats.rows,
            "inserted": stats.inserted,
            "updated": stats.updated,
            "unchanged": stats.unchanged,
            "closed": stats.closed,
            "deleted": stats.deleted,
            "outdated": stats.outdated,
            "rejected": stats.rejected,
        }
        if one_line:
            text = ", ".join(f"{key} {value:,}" for key, value in counts.items())
            self.stdout.write(f"Corporation master: {text} ({stats.seconds:.1f} s).")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Corporation master import finished in {stats.seconds:.1f} s "
                f"({stats.rows_per_second:,.0f} rows/s)."
            )
        )
        for key, value in counts.items():
            self.stdout.write(f"  {key:<10} {value:>12,}")
        self.stdout.write(
            "  (inserted/updated/unchanged count corporations; closed/deleted: now closed or "
            "deleted and not before; outdated: rows older than the state already known, skipped)"
        )
        if stats.rejections:
            shown = stats.rejections if all_reasons else stats.rejections[:REASONS_SHOWN]
            self.stdout.write(self.style.WARNING(f"Rejected rows (first {len(shown)}):"))
            for rejection in shown:
                self.stdout.write(f"  {rejection}")
            if stats.rejected > len(shown):
                more = stats.rejected - len(shown)
                hint = "" if all_reasons else " (-v 2 lists up to 100)"
                self.stdout.write(f"  … and {more:,} more{hint}")
