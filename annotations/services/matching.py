"""Claim matching's stored vectors: computing the missing ones, in batches, in the background.

The model is loaded once a process (``embedder()``), the first time a vector is needed.
``MATCHING_EMBED`` says when vectors are computed after a publication or an import:
"thread" (default: a daemon thread, never in the request), "command" (only by
``manage.py embed_factchecks``, e.g. from cron) or "sync" (at once: tests).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Q

from annotations import fulltext, selectors
from annotations.matching import Embedder, to_bytes
from annotations.models import PUBLIC_STATUSES, Claim, ExternalFactCheck, FactCheckVector

logger = logging.getLogger(__name__)

BATCH_SIZE = 256
# One thread computes at a time: a second publication while it runs is picked up by it.
computing = threading.Lock()


def embedder() -> Embedder | None:
    """The process's model (loaded once, shared with the matching reads), or None."""
    return selectors.matching_model()


def missing_claims(model_id: str):
    """Public claims with no vector of this model."""
    return Claim.objects.filter(status__in=PUBLIC_STATUSES).exclude(match_vector__model_id=model_id)


def missing_externals(model_id: str):
    return ExternalFactCheck.objects.exclude(match_vector__model_id=model_id)


def vectors_missing_count(*, model: Embedder | None = None) -> int:
    model = model or embedder()
    if model is None:
        return 0
    return missing_claims(model.model_id).count() + missing_externals(model.model_id).count()


def vectors_compute(
    *, limit: int | None = None, model: Embedder | None = None, progress=None
) -> int:
    """Compute the vectors that are missing (or of another model), ``BATCH_SIZE`` texts at
    a time, each batch in its own transaction; how many were stored. ``progress`` (a
    callable) is told the size of every batch stored. Without the model, nothing."""
    model = model or embedder()
    if model is None:
        return 0
    stored = 0
    for queryset, owner in (
        (missing_claims(model.model_id), "claim"),
        (missing_externals(model.model_id), "external"),
    ):
        while limit is None or stored < limit:
            size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - stored)
            text_field = "text" if owner == "claim" else "claim"
            batch = list(queryset.order_by("pk").values_list("pk", text_field)[:size])
            if not batch:
                break
            vectors = model.embed([text for _, text in batch])
            with transaction.atomic():
                ids = [pk for pk, _ in batch]
                FactCheckVector.objects.filter(**{f"{owner}_id__in": ids}).delete()
                FactCheckVector.objects.bulk_create(
                    FactCheckVector(
                        **{f"{owner}_id": pk},
                        model_id=model.model_id,
                        vector=to_bytes(vector),
                    )
                    for pk, vector in zip(ids, vectors, strict=True)
                )
            stored += len(batch)
            if progress is not None:
                progress(len(batch))
    return stored


def vectors_forget(*, claims=(), externals=()) -> int:
    """Delete the vectors of fact-checks whose text changed (computed again later)."""
    deleted, _ = FactCheckVector.objects.filter(
        Q(claim__in=list(claims)) | Q(external__in=list(externals))
    ).delete()
    return deleted


def compute_soon() -> None:
    """After a commit that adds or changes fact-checks: compute their vectors as
    ``MATCHING_EMBED`` says. Never raises (what was written is written)."""
    mode = settings.MATCHING_EMBED
    if mode == "sync":
        compute_logged()
    elif mode == "thread":
        threading.Thread(target=compute_in_thread, name="matching-embed", daemon=True).start()


def compute_logged() -> None:
    if not computing.acquire(blocking=False):
        return
    try:
        vectors_compute()
    except Exception:
        logger.exception("Computing claim-matching vectors failed; embed_factchecks will retry")
    try:
        fulltext.word_frequencies_refresh(force=False)
    except Exception:
        logger.exception("Counting the words of the published fact-checks failed")
    finally:
        computing.release()


def compute_in_thread() -> None:
    try:
        compute_logged()
    finally:
        connections.close_all()  # this thread's connections only


def on_claim_published(sender, *, claim: Claim, kind: str, **kwargs) -> None:
    """Receiver of ``claim_published`` (sent after the commit): a corrected claim's text
    may have changed, so its vector is computed again."""
    try:
        vectors_forget(claims=[claim.pk])
    except Exception:
        logger.exception("Could not forget the vector of claim %s", claim.pk)
    compute_soon()
