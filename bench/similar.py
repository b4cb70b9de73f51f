"""The benchmark's claim-matching part: vectors for the generated fact-checks, and the
embedding throughput (claims a second, with the model on 2 threads and on 1).

The model embeds the first ``EMBEDDED`` public claims (all of them at scale 1), 256 at a
time, as ``embed_factchecks`` does; that is the throughput measured. The claims past
those get a copy of an embedded claim's vector (cycling): what ``/api/v1/similar``
costs does not depend on the vectors' values (an exact search reads every row), and
embedding 200,000 claims would take several minutes of the run. Then, as
``embed_factchecks`` does, the word search's document frequencies are counted (PostgreSQL).
"""

from __future__ import annotations

import time

EMBEDDED = 20_000
SMOKE_EMBEDDED = 300
BATCH = 256


def store_vectors(*, smoke: bool) -> dict:
    """Store a vector for every public claim; what it cost."""
    from annotations import fulltext
    from annotations.matching import load_embedder, to_bytes
    from annotations.models import PUBLIC_STATUSES, Claim, FactCheckVector

    model = load_embedder(threads=2)
    if model is None:
        return {"model": None}
    ids_texts = list(
        Claim.objects.filter(status__in=PUBLIC_STATUSES).order_by("pk").values_list("pk", "text")
    )
    limit = SMOKE_EMBEDDED if smoke else EMBEDDED
    embedded = ids_texts[:limit]
    vectors: list[bytes] = []
    started = time.perf_counter()
    for first in range(0, len(embedded), BATCH):
        batch = [text for _, text in embedded[first : first + BATCH]]
        vectors.extend(to_bytes(row) for row in model.embed(batch))
    seconds = time.perf_counter() - started

    single = load_embedder(threads=1)
    sample = [text for _, text in embedded[: min(len(embedded), 2_000)]]
    started = time.perf_counter()
    for first in range(0, len(sample), BATCH):
        single.embed(sample[first : first + BATCH])
    single_seconds = time.perf_counter() - started

    rows = [
        FactCheckVector(claim_id=pk, model_id=model.model_id, vector=vectors[n % len(vectors)])
        for n, (pk, _) in enumerate(ids_texts)
    ]
    FactCheckVector.objects.bulk_create(rows, batch_size=2_000)
    # What ``embed_factchecks`` does after the vectors: the word search's frequencies.
    started = time.perf_counter()
    fulltext.word_frequencies_refresh()
    frequencies_seconds = time.perf_counter() - started
    return {
        "model": model.model_id,
        "public_claims": len(ids_texts),
        "embedded": len(embedded),
        "seconds": round(seconds, 2),
        "claims_per_second_2_threads": round(len(embedded) / seconds, 1) if seconds else None,
        "claims_per_second_1_thread": round(len(sample) / single_seconds, 1)
        if single_seconds
        else None,
        "sample_1_thread": len(sample),
        "word_frequencies_seconds": round(frequencies_seconds, 2),
    }
