"""``manage.py evaluate_matching``: claim matching's figures through the database's search."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from annotations import selectors, services
from annotations.matching import Settings, evaluate

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
        parser.add_argument(
            "--tune",
            action="store_true",
            help="search the fusion's settings on the tuning half (fused, with the checks) "
            "and show the best ones, with their figures on both halves",
        )

    def handle(self, *args, words_only, tune, **options):
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
                if tune and model:
                    tuned = services.evaluation_tune(queries, owners, model=model)
                else:
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
        if tune and model:
            self.write_tuning(tuned)
            return
        header = ("configuration", "half", "group", "n", "MAP@5", "R@5", "twins below")
        self.stdout.write("{:18} {:8} {:15} {:>4}  {:>6}  {:>6}  {:>6}".format(*header))
        for (name, split), measured in results.items():
            for group in GROUPS:
                self.stdout.write(f"{name:18} {split:8} {group:15} {measured[group].row()}")

    def write_tuning(self, tuned, shown: int = 15) -> None:
        """The best settings on the tuning half, and the figures of the current ones."""
        current = Settings()
        self.stdout.write(
            "rrf_k  words  penalty   tune MAP@5  held-out MAP@5  held-out cross R@5  "
            "both MAP@5  both cross R@5"
        )
        for rank, (settings, measured) in enumerate(tuned):
            now = (settings.rrf_k, settings.word_weight, settings.penalty) == (
                current.rrf_k,
                current.word_weight,
                current.penalty,
            )
            if rank >= shown and not now:
                continue
            self.stdout.write(
                f"{settings.rrf_k:5d}  {settings.word_weight:5.2f}  {settings.penalty:7.2f}   "
                f"{measured['tune']['all'].map5:10.3f}  "
                f"{measured['heldout']['all'].map5:14.3f}  "
                f"{measured['heldout']['cross-language'].recall5:18.3f}  "
                f"{measured['both']['all'].map5:10.3f}  "
                f"{measured['both']['cross-language'].recall5:14.3f}"
                + ("  (current)" if now else "")
            )
