"""``manage.py import_article``: import article files (text or HTML) or folders of them.

With ``--revision-of ID`` the file is a new version of article ID; with ``--update``
each file whose source URL (else publisher and title) matches an article becomes its
new version. A new version re-anchors the article's claims (``services.versions``).
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotations import importing, selectors, services
from annotations.models import Article, Claim

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
        "already present changes nothing. --revision-of imports a file as a new version "
        "of an article, --update each file that matches an article (same source URL, "
        "else same publisher and title); their claims follow the text. Exits with status "
        "1 if any file failed."
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
        parser.add_argument(
            "--user", help="username recorded as the importer (required for new versions)"
        )
        parser.add_argument(
            "--revision-of",
            type=int,
            metavar="ARTICLE_ID",
            help="import the file as a new version of this article",
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="a file matching an article (source URL, else publisher and title) becomes "
            "its new version; other files are imported as new articles",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="import a new version even when it has almost nothing in common with "
            "the current text (it looks like another article)",
        )

    def _target(self, revision_of: int | None) -> Article | None:
        if revision_of is None:
            return None
        try:
            return selectors.article_detail(revision_of)
        except Article.DoesNotExist:
            raise CommandError(f"No article {revision_of}.") from None

    def _new_version(
        self, path, article, parsed, import_format, importer, force
    ) -> tuple[str, bool]:
        """Import one file as a new version of ``article``: the line that says so, and
        whether a version was made."""
        try:
            result = services.article_new_version(
                article=article,
                parsed=parsed,
                import_format=import_format,
                imported_by=importer,
                force=force,
            )
        except services.VersionRefused as exc:
            hint = " Use --force to import it anyway." if exc.code == "unrelated" else ""
            raise importing.ArticleParseError(exc.code, f"{exc}{hint}") from None
        if not result.created:
            return f"already the current version: {path} -> article {article.pk}", False
        states = ", ".join(
            f"{result.states.get(state, 0)} {state}" for state in Claim.Anchor.values
        )
        line = (
            f"new version: {path} -> article {article.pk} version {result.version.number} "
            f"({result.sentence_count} sentences; claims: {states})"
        )
        return line, True

    def handle(
        self,
        *args,
        paths,
        time_zone,
        language,
        user,
        verbosity,
        revision_of=None,
        update=False,
        force=False,
        **options,
    ):
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
        target = self._target(revision_of)
        if target is not None and len(files) != 1:
            raise CommandError("--revision-of takes one file: the new version.")
        if (target is not None or update) and importer is None:
            raise CommandError(
                "Name the importer with --user: the claims' histories record who imported "
                "a new version."
            )

        imported, present, failed, versions = [], [], [], []
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
                article = target
                if article is None and update:
                    article = selectors.matching_article(parsed)
                    earlier = article and selectors.version_of_text(article, parsed)
                    if earlier:  # an old file again: not a new version
                        present.append((path, article))
                        continue
                if article is not None:
                    versions.append(
                        self._new_version(path, article, parsed, import_format, importer, force)
                    )
                    continue
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
            for line, _ in versions:
                self.stdout.write(line)
        for path, reason in failed:
            self.stderr.write(self.style.ERROR(f"failed: {path}: {reason}"))
        summary = f"{len(imported)} imported, {len(present)} already present, {len(failed)} failed."
        if target is not None or update:
            made = sum(1 for _, created in versions if created)
            summary = f"{made} new version(s), {summary}"
        if failed:
            raise CommandError(summary, returncode=1)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary))
