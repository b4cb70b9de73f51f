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
    FactCheck,
    Match,
    MatchIndex,
    Reason,
    Settings,
    fuse,
    rrf,
    top_k,
)

__all__ = [
    "MODEL_NAME",
    "Embedder",
    "FactCheck",
    "Match",
    "MatchIndex",
    "Reason",
    "Settings",
    "from_bytes",
    "fuse",
    "load_embedder",
    "matrix_from_bytes",
    "rrf",
    "to_bytes",
    "top_k",
]
