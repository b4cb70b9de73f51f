"""``manage.py import_article``: import article files (text or HTML) or folders of them."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotations import importing, services

IMPORTABLE_SUFFIXES = {".txt", ".text", ".html", ".htm"}


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given; directories contribute their .txt and .html files, sorted."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.suffix.lower() in IMPORTABLE_SUFFIXES)
            )
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = (
        "Import articles from plain-text (.txt, in the layout of samples/) or HTML files. "
        "Directories are searched for .txt and .html files. Importing an article that is "
        "already present changes nothing. Exits with status 1 if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
        parser.add_argument(
            "--time-zone",
            default=settings.TIME_ZONE,
            help="time zone of the bylines' times (default: %(default)s)",
        )
        parser.add_argument(
            "--language", choices=["fr", "en"], help="language of the text (default: detect)"
        )
        parser.add_argument("--user", help="username recorded as the importer")

    def handle(self, *args, paths, time_zone, language, user, verbosity, **options):
        try:
            tz = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"Unknown time zone: {time_zone!r}") from None
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No user named {user!r}.") from None
        files = expand_paths(paths)
        if not files:
            raise CommandError("No .txt or .html file found in the given paths.")

        imported, present, failed = [], [], []
        progress = tqdm(files, unit="file", disable=len(files) < 2 or verbosity == 0)
        for path in progress:
            progress.set_postfix_str(path.name)
            try:
                with path.open("rb") as file:
                    import_format, parsed = importing.read_upload(
                        file,
                        filename=path.name,
                        size=path.stat().st_size,
                        default_timezone=tz,
                        max_bytes=settings.IMPORT_MAX_BYTES,
                        language=language,
                    )
                result = services.article_import(
                    parsed=parsed, import_format=import_format, imported_by=importer
                )
            except OSError as exc:
                failed.append((path, exc.strerror or str(exc)))
                continue
            except importing.ArticleParseError as exc:
                failed.append((path, str(exc)))
                continue
            article = result.article
            (imported if result.created else present).append((path, article))
            for note in result.notes:
                self.stderr.write(f"{path}: {note}")

        if verbosity:
            for path, article in imported:
                count = article.sentences.count()
                self.stdout.write(
                    f"imported: {path} -> article {article.pk} "
                    f"“{article.title}” ({count} sentences)"
                )
            for path, article in present:
                self.stdout.write(f"already present: {path} -> article {article.pk}")
        for path, reason in failed:
            self.stderr.write(self.style.ERROR(f"failed: {path}: {reason}"))
        summary = f"{len(imported)} imported, {len(present)} already present, {len(failed)} failed."
        if failed:
            raise CommandError(summary, returncode=1)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary))
