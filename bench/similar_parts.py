"""Where the time of one ``/api/v1/similar`` search goes, in process, on the database of
``DATABASE_URL`` (the benchmark's, after ``make bench``): the word search (with the
budget of rare words, and with every word as before it), the embedding, the meaning
search over the kept matrix, the cache's key, the whole search; median of 15 calls.

    DATABASE_URL=… python -m bench.similar_parts "the text searched"
"""

from __future__ import annotations

import statistics
import sys
import time


def median_ms(call, repeat: int = 15) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return round(statistics.median(times) * 1000, 1)


def measure(text: str) -> dict:
    from annotations import fulltext, selectors
    from annotations.models import PUBLIC_STATUSES, Claim

    model = selectors.matching_model()
    started = time.perf_counter()
    index = selectors.candidate_index(model)
    first_read = time.perf_counter() - started
    vector = model.embed([text])[0]
    figures = {
        "public_claims": Claim.objects.filter(status__in=PUBLIC_STATUSES).count(),
        "matrix_rows": index.index.size,
        "first_read_s": round(first_read, 2),
        "words_ms": median_ms(lambda: fulltext.word_candidates([text], limit=50)),
    }
    budget = fulltext.WORD_BUDGET
    fulltext.WORD_BUDGET = 2**31 - 1
    try:
        figures["words_every_word_ms"] = median_ms(
            lambda: fulltext.word_candidates([text], limit=50), repeat=5
        )
    finally:
        fulltext.WORD_BUDGET = budget
    figures |= {
        "embed_ms": median_ms(lambda: model.embed([text])),
        "meaning_ms": median_ms(lambda: index.index.search(vector, 50)),
        "key_ms": median_ms(selectors.candidates_key),
        "whole_ms": median_ms(lambda: selectors.similar_factchecks(text, language="fr")),
    }
    return figures


if __name__ == "__main__":
    import django

    django.setup()
    print(measure(sys.argv[1]))
