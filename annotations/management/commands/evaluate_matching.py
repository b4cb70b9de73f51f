"""``manage.py evaluate_matching``: claim matching's figures through the database's search."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from annotations import selectors, services
from annotations.matching import evaluate

GROUPS = ("all", "cross-language", "paraphrase", "translation", "number", "negation")


class Rollback(Exception):
    """Raised to undo the evaluation's rows."""


class Command(BaseCommand):
    help = (
        "Measure claim matching as the app searches (words: the database's full-text "
        "search; meaning: the stored vectors) on tests/data/matching: MAP@5 and recall@5 "
        "by configuration, half and kind of query. The set is stored in one transaction "
        "that is rolled back: nothing stays in the database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--words-only", action="store_true", help="leave the model out")

    def handle(self, *args, words_only, **options):
        fact_checks = evaluate.read_jsonl(evaluate.DATA / "factchecks.jsonl")
        _, queries = evaluate.load()
        model = False if words_only else (selectors.matching_model() or False)
        if model is False and not words_only:
            self.stderr.write("The model's package is not installed: words only.")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                owners = services.evaluation_set_load(fact_checks, model=model)
                selectors.candidate_cache.clear()
                loaded = time.perf_counter() - started
                results = services.evaluation_measure(queries, owners, model=model)
                raise Rollback
        except Rollback:
            pass
        finally:
            selectors.candidate_cache.clear()
        self.stdout.write(
            f"{len(fact_checks)} fact-checks, {len(queries)} queries, database "
            f"{connection.vendor}, model {model.model_id if model else 'none'} "
            f"(stored in {loaded:.1f} s, measured in {time.perf_counter() - started:.1f} s)\n"
        )
        header = ("configuration", "half", "group", "n", "MAP@5", "R@5", "twins below")
        self.stdout.write("{:18} {:8} {:15} {:>4}  {:>6}  {:>6}  {:>6}".format(*header))
        for (name, split), measured in results.items():
            for group in GROUPS:
                self.stdout.write(f"{name:18} {split:8} {group:15} {measured[group].row()}")
