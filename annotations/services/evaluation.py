"""Claim matching measured through the database, as the app searches.

The evaluation set is stored as published fact-checks and its queries are answered by the
app's own search (``selectors.ranked_factchecks``).

``annotations.matching.evaluate`` measures the engine in memory (its words are BM25, with
no database); this measures what the app does: words from the database's full-text
search (PostgreSQL or SQLite), meaning from the stored vectors. The set's fact-checks of
our organisation ("Factcheck") become public claims (one article per language), the
others imported fact-checks. ``manage.py evaluate_matching`` runs it in a transaction
that it rolls back; the tests run it in their own database.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from dataclasses import replace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from annotations import fulltext, selectors
from annotations.matching import Settings, evaluate
from annotations.models import Article, Claim, ExternalFactCheck
from annotations.services import matching

OUR_ORGANISATION = "Factcheck"
SEPARATOR = "\n\n"
# Ranked this deep, to see where a claim's twins fall (as evaluate.measure does).
DEPTH = 50
BATCH = 100


def evaluation_set_load(
    fact_checks: Sequence[dict], *, model=None, compute_vectors: bool = True
) -> dict[tuple[str, int], str]:
    """Store the set's fact-checks (records of ``factchecks.jsonl``) as published ones:
    ours as public claims, the others as imported fact-checks; their vectors computed
    with ``model`` (default: the process's; False: none). Returns each stored one's ``(kind, pk)``
    with its id in the set."""
    owners: dict[tuple[str, int], str] = {}
    with transaction.atomic():
        now = timezone.now()
        run = f"{now:%Y%m%d%H%M%S%f}"
        author = get_user_model().objects.create_user(username=f"matching-evaluation-{run}")
        for language in ("fr", "en"):
            ours = [
                record
                for record in fact_checks
                if record["organisation"] == OUR_ORGANISATION and record["language"] == language
            ]
            if not ours:
                continue
            body = SEPARATOR.join(record["text"] for record in ours)
            article = Article.objects.create(
                title=f"Matching evaluation ({language})",
                body=body,
                language=language,
                content_hash=f"matching-evaluation-{language}-{run}",
                import_format=Article.ImportFormat.PASTED,
            )
            claims, start = [], 0
            for number, record in enumerate(ours):
                end = start + len(record["text"])
                claims.append(
                    Claim(
                        article=article,
                        start=start,
                        end=end,
                        quote=record["text"],
                        text=record["text"],
                        author=author,
                        status=Claim.Status.PUBLISHED,
                        published_at=now - datetime.timedelta(seconds=number),
                        checked_version=1,
                        checked_start=start,
                        checked_end=end,
                        checked_quote=record["text"],
                    )
                )
                start = end + len(SEPARATOR)
            for record, claim in zip(ours, Claim.objects.bulk_create(claims), strict=True):
                owners[(selectors.OURS, claim.pk)] = record["id"]
        theirs = [record for record in fact_checks if record["organisation"] != OUR_ORGANISATION]
        stored = ExternalFactCheck.objects.bulk_create(
            [
                ExternalFactCheck(
                    claim=record["text"],
                    rating=record["rating"],
                    review_url=f"https://checker.example/evaluation/{run}/{record['id']}",
                    organisation=record["organisation"],
                    published_on=datetime.date.fromisoformat(record["date"]),
                    language=record["language"],
                    source="tests/data/matching",
                )
                for record in theirs
            ],
            batch_size=500,
        )
        for record, fact_check in zip(theirs, stored, strict=True):
            owners[(selectors.EXTERNAL, fact_check.pk)] = record["id"]
    # The word search's document frequencies, as a deployment keeps them.
    fulltext.word_frequencies_refresh()
    if compute_vectors and model is not False:
        matching.vectors_compute(model=model or None)
    return owners


def evaluation_rankings(
    queries: Sequence[evaluate.Query],
    owners: dict[tuple[str, int], str],
    settings: Settings,
    *,
    model=None,
) -> list[list[str]]:
    """Each query's ranking (the set's ids, best first) by the app's search."""
    ranked: list[list[str]] = [[] for _ in queries]
    for language in ("fr", "en"):
        numbers = [n for n, query in enumerate(queries) if query.language == language]
        for first in range(0, len(numbers), BATCH):
            batch = numbers[first : first + BATCH]
            results = selectors.ranked_factchecks(
                [queries[n].text for n in batch],
                language=language,
                limit=DEPTH,
                model=model,
                settings=settings,
            )
            for number, matches in zip(batch, results, strict=True):
                ranked[number] = [owners[m.id] for m in matches if m.id in owners]
    return ranked


def evaluation_measure(
    queries: Sequence[evaluate.Query],
    owners: dict[tuple[str, int], str],
    *,
    model=None,
    settings: Settings | None = None,
    configurations: Sequence[str] | None = None,
) -> dict[tuple[str, str], dict[str, evaluate.Figures]]:
    """The figures of each configuration (words, meaning, fused; with and without the
    claim checks; the meaning ones only with a model), for both halves and each:
    ``{(configuration, half): {group: Figures}}``, as ``evaluate.report`` gives them.
    ``configurations``: only these (default: all)."""
    settings = settings or Settings()
    model = (model if model is not None else selectors.matching_model()) or False
    results = {}
    for name, configuration in evaluate.signals(settings, bool(model)).items():
        if configurations is not None and name not in configurations:
            continue
        ranked = evaluation_rankings(queries, owners, configuration, model=model)
        for split in ("both", "tune", "heldout"):
            pairs = [
                (query, ranking)
                for query, ranking in zip(queries, ranked, strict=True)
                if split == "both" or query.split == split
            ]
            results[(name, split)] = {
                group: evaluate.figures((q, r) for q, r in pairs if keep(q))
                for group, keep in evaluate.GROUPS.items()
            }
    return results


# The fusion's settings searched by ``evaluation_tune``: the in-memory evaluation's grid,
# widened towards its best corner (small k, light words).
TUNING_GRID = {
    "rrf_k": (2, 5, 10, 30, 60),
    "word_weight": (0.0, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0),
    "penalty": (0.0, 0.1, 0.25, 0.5, 0.75),
}


def evaluation_tune(
    queries: Sequence[evaluate.Query],
    owners: dict[tuple[str, int], str],
    *,
    model=None,
    split: str = "tune",
) -> list[tuple[Settings, dict[str, dict[str, evaluate.Figures]]]]:
    """Every setting of ``TUNING_GRID`` (fused, with the claim checks), best first by the
    MAP@5 of the queries of ``split`` (the tuning half): each with its figures on
    ``tune``, ``heldout`` and ``both``. The two rankings are read from the database once
    (``DEPTH`` deep); each setting only fuses them again."""
    model = (model if model is not None else selectors.matching_model()) or False
    base = Settings(candidates=DEPTH)
    read: list[tuple[str, list[int], list[str], selectors.Rankings]] = []
    for language in ("fr", "en"):
        numbers = [n for n, query in enumerate(queries) if query.language == language]
        for first in range(0, len(numbers), BATCH):
            batch = numbers[first : first + BATCH]
            texts = [queries[n].text for n in batch]
            read.append((language, batch, texts, selectors.factcheck_rankings(texts, model=model)))
    results = []
    for rrf_k, word_weight, penalty in itertools.product(*TUNING_GRID.values()):
        settings = replace(base, rrf_k=rrf_k, word_weight=word_weight, penalty=penalty)
        ranked: list[list[str]] = [[] for _ in queries]
        for language, batch, texts, rankings in read:
            fused = selectors.fused_rankings(
                texts, rankings, language=language, limit=DEPTH, settings=settings
            )
            for number, matches in zip(batch, fused, strict=True):
                ranked[number] = [owners[m.id] for m in matches if m.id in owners]
        measured = {}
        for half in ("tune", "heldout", "both"):
            pairs = [
                (query, ranking)
                for query, ranking in zip(queries, ranked, strict=True)
                if half == "both" or query.split == half
            ]
            measured[half] = {
                group: evaluate.figures((q, r) for q, r in pairs if keep(q))
                for group, keep in evaluate.GROUPS.items()
            }
        results.append((settings, measured))
    results.sort(key=lambda item: -item[1][split]["all"].map5)
    return results
