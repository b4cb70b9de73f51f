"""``manage.py import_claimreviews``: import other organisations' fact-checks (ClaimReview, CSV)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from annotations import services
from annotations.importing import claimreview
from annotations.importing.claimreview import RowError


class DryRun(Exception):
    """Raised inside the transaction of a dry run, so that nothing is kept."""


class Command(BaseCommand):
    help = (
        "Import other organisations' fact-checks from ClaimReview JSON-LD (a feed, JSON "
        "Lines, or web pages) or CSV files (claim, rating, url, organisation, date, "
        "language). A review already imported (same URL) is updated. Exits with status 1 "
        "if any row was refused; the good rows are stored all the same."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="check and count, store nothing")

    def handle(self, *args, paths, dry_run, verbosity, **options):
        created = updated = unchanged = 0
        refused: list[tuple[str, RowError]] = []
        progress = tqdm(paths, unit="file", disable=len(paths) < 2 or verbosity == 0)
        for raw in progress:
            path = Path(raw)
            progress.set_postfix_str(path.name)
            try:
                content = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                refused.append((raw, RowError("file", str(exc))))
                continue
            parsed = claimreview.parse(content, filename=path.name)
            try:
                with transaction.atomic():
                    result = services.external_factchecks_import(
                        rows=parsed.rows, source=path.name, refused=parsed.errors
                    )
                    if dry_run:
                        raise DryRun
            except DryRun:
                pass
            created += result.created
            updated += result.updated
            unchanged += result.unchanged
            refused.extend((raw, error) for error in result.refused)
        for raw, error in refused:
            self.stderr.write(self.style.ERROR(f"refused: {raw}: {error}"))
        summary = (
            f"{created} created, {updated} updated, {unchanged} unchanged, {len(refused)} refused."
        )
        if dry_run:
            summary = f"Dry run (nothing stored): {summary}"
        if refused:
            raise CommandError(summary, returncode=1)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary))
