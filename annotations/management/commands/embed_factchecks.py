"""``manage.py embed_factchecks``: compute claim matching's missing vectors (ours and imported)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from annotations import fulltext, services


class Command(BaseCommand):
    help = (
        "Compute the sentence vectors that claim matching lacks: published claims and "
        "imported fact-checks with no vector, or one of another model; and count the "
        "words of the published fact-checks again (PostgreSQL). Run it from cron "
        "when MATCHING_EMBED=command, or after changing the model."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="compute at most this many")

    def handle(self, *args, limit, verbosity, **options):
        # The word search's document frequencies (PostgreSQL), with or without the model.
        fulltext.word_frequencies_refresh()
        model = services.matching.embedder()
        if model is None:
            raise CommandError("The sentence-embedding model is not installed: see the README.")
        total = services.vectors_missing_count(model=model)
        if limit is not None:
            total = min(total, limit)
        with tqdm(total=total, unit="vector", disable=verbosity == 0 or total == 0) as bar:
            stored = services.vectors_compute(limit=limit, model=model, progress=bar.update)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"{stored} vectors computed ({model.model_id})."))
