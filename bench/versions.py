"""The benchmark of a new version: re-anchoring an article's claims against importing it.

A 2,000-sentence article with 1,000 claims (one every other sentence) gets a new version
in which 5 % of its sentences are edited (a word changed, the sentence removed, or a new
sentence added after it, a third each). Measured, from the parsed text in both cases:

- importing that version as an article (segment and store: ``services.article_import``);
- importing it as the new version of the article (``services.article_new_version``:
  the same work, plus the re-anchoring of the 1,000 claims and their writes).

The target: the new version costs at most twice the import.

``make bench`` runs it with everything else; ``python -m bench.versions`` runs it alone
(on the benchmark's own database, as ``make bench`` chooses it) and keeps its figures in
``bench/results/versions.json``, by database and label (``--label``), with the load of
the machine when it ran.

Each measured call runs as ``timeit`` runs its statement: after a full garbage
collection, with the collector off until it returns. Otherwise a collection of the whole
process's objects (tens of milliseconds, once the benchmark has made a few articles)
falls on one call or another by chance, and the ratio of two medians moves with it.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import random
import statistics
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

SENTENCES = 2_000
CLAIMS = 1_000
EDITED = 0.05
TARGET_RATIO = 2


def sizes(smoke: bool) -> dict:
    """The measurement's sizes: the real ones, or a tiny run that checks the harness."""
    if smoke:
        return {"runs": 1, "sentences": 100, "claims": 40}
    return {"runs": 3}


def edited_paragraphs(
    rng: random.Random, paragraphs: list[list[str]], *, share: float, topic: str
) -> tuple[list[list[str]], dict[str, int]]:
    """The paragraphs with ``share`` of their sentences edited, and how many of each edit."""
    from bench import text

    positions = [(p, i) for p, sentences in enumerate(paragraphs) for i in range(len(sentences))]
    chosen = set(rng.sample(positions, round(len(positions) * share)))
    counts = {"reworded": 0, "removed": 0, "added": 0}
    edited = []
    for p, sentences in enumerate(paragraphs):
        kept = []
        for i, sentence in enumerate(sentences):
            if (p, i) not in chosen:
                kept.append(sentence)
                continue
            kind = rng.choice(("reworded", "removed", "added"))
            counts[kind] += 1
            if kind == "reworded":
                words = sentence.split(" ")
                at = rng.randrange(1, max(2, len(words) - 1))
                words[at] = rng.choice(("nettement", "environ", "près de", "plus de"))
                kept.append(" ".join(words))
            elif kind == "added":
                kept.extend([sentence, text.sentence(rng, topic=topic)])
        edited.append(kept or [text.sentence(rng, topic=topic)])
    return edited, counts


def _parsed(title: str, paragraphs: list[list[str]]):
    from annotations import importing

    text = "\n\n".join(" ".join(sentences) for sentences in paragraphs)
    return importing.parse_pasted(title=title, text=text, language="fr")


def _claims(article, author, count: int) -> int:
    """``count`` draft claims over every other sentence of ``article`` (as
    ``services.claim_create`` would store them, written in bulk)."""
    from annotations import anchoring
    from annotations.models import Claim

    spans = list(
        article.sentences.filter(is_headline=False)
        .order_by("position")
        .values_list("start", "end")[: 2 * count : 2]
    )
    body = article.body
    Claim.objects.bulk_create(
        Claim(
            article=article,
            start=start,
            end=end,
            quote=body[start:end],
            prefix=anchoring.context(body, start, end)[0],
            suffix=anchoring.context(body, start, end)[1],
            text=f"Affirmation {n}",
            author=author,
        )
        for n, (start, end) in enumerate(spans)
    )
    return len(spans)


@contextmanager
def timed(timings: list[float]):
    """Append the seconds the block takes to ``timings`` (garbage collected before, not
    during: see the module's docstring)."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        yield
    finally:
        timings.append(time.perf_counter() - started)
        if was_enabled:
            gc.enable()


def _reviewer():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from annotations.permissions import REVIEWERS

    user, _ = get_user_model().objects.get_or_create(username="bench-new-versions")
    user.groups.add(Group.objects.get_or_create(name=REVIEWERS)[0])
    return user


def measure_reanchoring(
    *, seed: int, runs: int = 3, sentences: int = SENTENCES, claims: int = CLAIMS
) -> dict:
    """Median seconds of the import and of the new version, and their ratio."""
    from annotations import anchoring, services
    from annotations.models import Article
    from bench import text

    user = _reviewer()
    imports, new_versions, engine, states = [], [], [], {}
    counts, claim_count, sentence_count = {}, 0, 0
    for run_index in range(runs):
        rng = random.Random(f"{seed}:versions:{run_index}")
        topic = rng.choice(text.TOPICS)
        title, paragraphs = text.article_paragraphs(rng, sentences=sentences - 1, topic=topic)
        # Unique to this call: on a database kept from an earlier run (``--reuse-data``),
        # the same title and text would be found as that run's article and its version.
        title = f"{title} ({seed}-{run_index}-{uuid.uuid4().hex[:8]})"
        first = services.article_import(
            parsed=_parsed(title, paragraphs), import_format="pasted", imported_by=user
        ).article
        claim_count = _claims(first, user, claims)
        edited, counts = edited_paragraphs(rng, paragraphs, share=EDITED, topic=topic)
        second = _parsed(title, edited)

        with timed(imports):
            copy = services.article_import(parsed=second, import_format="pasted", imported_by=user)
        sentence_count = copy.sentence_count
        Article.objects.filter(pk=copy.article.pk).delete()

        spans = [
            anchoring.Span(c.start, c.end, c.quote, c.prefix, c.suffix)
            for c in first.claims.order_by("id")
        ]
        with timed(engine):
            anchoring.reanchor(first.body, second.body, spans)

        with timed(new_versions):
            result = services.article_new_version(
                article=first, parsed=second, import_format="pasted", imported_by=user
            )
        states = {str(state): n for state, n in result.states.items()}
    imported, versioned = statistics.median(imports), statistics.median(new_versions)
    return {
        "sentences": sentence_count,
        "claims": claim_count,
        "edits": counts,
        "states": states,
        "import_seconds": round(imported, 4),
        "new_version_seconds": round(versioned, 4),
        "reanchor_engine_seconds": round(statistics.median(engine), 4),
        "ratio_to_import": round(versioned / imported, 2) if imported else None,
        "target_ratio": TARGET_RATIO,
        "runs": {
            "import": [round(t, 4) for t in imports],
            "new_version": [round(t, 4) for t in new_versions],
        },
    }


RESULTS = Path(__file__).resolve().parent / "results" / "versions.json"


def main(argv: list[str] | None = None) -> int:
    """Measure a new version alone and keep its figures (see the module's docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.versions", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--seed", type=int, default=42, help="Seed of the articles (42).")
    parser.add_argument("--runs", type=int, default=5, help="Articles measured, median (5).")
    parser.add_argument("--label", default="latest", help="Name of these figures (latest).")
    parser.add_argument("--output", type=Path, default=RESULTS, help="The JSON file kept.")
    args = parser.parse_args(argv)

    from bench import run  # (bench.run imports this module)

    url = run.bench_database_url(dict(os.environ))
    vendor = run.vendor_of(url)
    run.recreate_database(url)
    env = run.server_environment(url)
    run.manage(env, "migrate", "--no-input")
    os.environ.update(env)
    import django

    django.setup()
    load_before = os.getloadavg()
    measured = measure_reanchoring(seed=args.seed, runs=args.runs)
    measured["load_average"] = {
        "before": [round(x, 2) for x in load_before],
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    measured["measured_at"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    document = json.loads(args.output.read_text()) if args.output.exists() else {}
    document.setdefault(vendor, {})[args.label] = measured
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    run.say(
        f"{vendor} ({args.label}): new version {measured['new_version_seconds']:.3f} s, "
        f"import {measured['import_seconds']:.3f} s: {measured['ratio_to_import']} × "
        f"(target {TARGET_RATIO}); load {measured['load_average']['before']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
