"""Claim matching: the published fact-checks that say the same thing as a claim (no Django)."""

from annotations.matching.embedding import (
    MODEL_NAME,
    Embedder,
    from_bytes,
    load_embedder,
    matrix_from_bytes,
    to_bytes,
)
from annotations.matching.search import (
    Analysed,
    FactCheck,
    Match,
    MatchIndex,
    MeaningIndex,
    Reason,
    Settings,
    analysed,
    fuse,
    fuse_ids,
    matching_language,
    rrf,
    top_k,
)

__all__ = [
    "MODEL_NAME",
    "Analysed",
    "Embedder",
    "FactCheck",
    "Match",
    "MatchIndex",
    "MeaningIndex",
    "Reason",
    "Settings",
    "analysed",
    "from_bytes",
    "fuse",
    "fuse_ids",
    "load_embedder",
    "matching_language",
    "matrix_from_bytes",
    "rrf",
    "to_bytes",
    "top_k",
]
