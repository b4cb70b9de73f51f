"""The meaning index: exact below its threshold, two passes from there on, with the same
top ranks as the exact search; upserts, masks, small and empty indexes."""

import numpy as np
import pytest

from annotations.matching import embedding, search, top_k
from annotations.matching.search import MeaningIndex
from bench import meaning as bench

COUNT = 30_000
QUERIES = 40


def exact(vectors, vector, k, mask=None):
    """The exact ranking (ties: the lower row), over the rows ``mask`` marks."""
    scores = vectors @ vector
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
        k = min(k, int(mask.sum()))
    return [int(row) for row in search.top_k_scores(scores, k)[0]]


def overlap(found, expected):
    return len(set(found) & set(expected)) / len(expected)


def near(vector, generator, cosine):
    """A unit vector at about ``cosine`` from ``vector``."""
    noise = generator.standard_normal(vector.shape).astype(np.float32)
    noise -= (noise @ vector) * vector
    noise /= np.linalg.norm(noise)
    return bench.stored((cosine * vector + np.sqrt(1 - cosine**2) * noise)[None])[0]


@pytest.fixture(scope="module")
def base():
    """30,000 stored vectors shaped like a sentence model's, queries, and for each query
    three planted rows very close to it (cosine 0.99, 0.97, 0.95), in that order."""
    vectors, model = bench.synthetic(COUNT, seed=7)
    queries = bench.queries(vectors, model, QUERIES, seed=8)
    generator = np.random.default_rng(9)
    planted = generator.choice(COUNT, size=(QUERIES, 3), replace=False)
    for query, rows in zip(queries, planted, strict=True):
        for row, cosine in zip(rows, (0.99, 0.97, 0.95), strict=True):
            vectors[row] = near(query, generator, cosine)
    return vectors, queries, planted


def build(vectors, **options):
    count = len(vectors)
    return MeaningIndex(list(range(count)), [("", "en")] * count, vectors, **options)


def test_above_the_threshold_the_two_passes_find_the_exact_top_ranks(base):
    vectors, queries, planted = base
    index = build(vectors)
    assert COUNT > search.TWO_PASS_FROM and index.two_pass
    overlaps = []
    for query, rows in zip(queries, planted, strict=True):
        found = index.search(query, 50)
        expected = exact(vectors, query, 50)
        assert found[:3] == [int(row) for row in rows] == expected[:3]
        assert found[:5] == expected[:5]
        overlaps.append(overlap(found, expected))
    assert np.mean(overlaps) >= 0.99


def test_the_two_passes_keep_a_quarter_of_the_float32_memory(base):
    vectors, _, _ = base
    assert build(vectors).nbytes < vectors.nbytes * 0.35


def test_the_two_passes_are_deterministic(base):
    vectors, queries, _ = base
    first, second = build(vectors), build(vectors.copy())
    assert np.array_equal(first.projection.basis, second.projection.basis)
    assert np.array_equal(first.codes[: first.size], second.codes[: second.size])
    assert [first.search(query, 20) for query in queries] == [
        second.search(query, 20) for query in queries
    ]


def test_stored_vectors_are_kept_without_loss(base):
    vectors, _, _ = base
    index = build(vectors[:25_000])
    raw = [embedding.to_bytes(row) for row in vectors[:100]]
    assert [row.tobytes() for row in index.stored[:100]] == raw
    assert np.allclose(index.vectors[:100], vectors[:100], atol=1e-6)


def test_upserts_after_the_build_are_found_with_the_kept_projection(base):
    vectors, queries, _ = base
    index = build(vectors)
    projection = index.projection
    generator = np.random.default_rng(3)
    query = queries[0]
    new = np.stack([near(query, generator, 0.995), near(queries[1], generator, 0.995)])
    rows = index.upsert(["new", 5], [("new", "fr"), ("changed", "en")], new)
    assert rows == [COUNT, 5]
    assert index.size == COUNT + 1 and index.ids[COUNT] == "new" and index.texts[5][0] == "changed"
    assert index.projection is projection
    assert index.search(query, 5)[0] == COUNT
    assert index.search(queries[1], 5)[0] == 5
    final = np.concatenate([vectors, new[:1]])
    final[5] = new[1]
    for vector in queries[2:12]:
        assert overlap(index.search(vector, 50), exact(final, vector, 50)) >= 0.96
    assert np.allclose(index.vectors, final, atol=1e-6)


def test_growing_past_the_threshold_switches_to_two_passes():
    vectors, _ = bench.synthetic(300, seed=1)
    index = build(vectors[:250], two_pass_from=280)
    assert not index.two_pass
    index.upsert(list(range(250, 300)), [("", "en")] * 50, vectors[250:])
    assert index.two_pass and index.size == 300
    for vector in vectors[:10]:
        assert index.search(vector, 300) == exact(vectors, vector, 300)


def test_a_mask_keeps_the_search_to_the_rows_it_marks(base):
    vectors, queries, planted = base
    index = build(vectors)
    mask = np.zeros(COUNT, dtype=bool)
    mask[::3] = True
    mask[planted[0][0]] = False
    for query in queries[:10]:
        found = index.search(query, 50, mask)
        assert all(mask[row] for row in found)
        assert overlap(found, exact(vectors, query, 50, mask)) >= 0.96
    assert planted[0][0] not in index.search(queries[0], 50, mask)
    few = np.zeros(COUNT, dtype=bool)
    few[[10, 20, 30]] = True
    assert index.search(queries[0], 50, few) == exact(vectors, queries[0], 50, few)
    assert index.search(queries[0], 50, np.zeros(COUNT, dtype=bool)) == []


@pytest.mark.parametrize("two_pass_from", [search.TWO_PASS_FROM, 1])
def test_an_empty_index_finds_nothing_and_takes_vectors(two_pass_from):
    index = MeaningIndex([], [], np.zeros((0, 16), dtype=np.float32), two_pass_from=two_pass_from)
    assert index.search(np.ones(16, dtype=np.float32) / 4, 5) == []
    vectors = bench.stored(np.eye(16, dtype=np.float32)[:3] + 0.1)
    assert index.upsert(["a", "b", "c"], [("", "en")] * 3, vectors) == [0, 1, 2]
    assert index.search(vectors[1], 5)[0] == 1


@pytest.mark.parametrize("two_pass_from", [search.TWO_PASS_FROM, 10])
def test_k_larger_than_the_index_gives_every_row_in_order(two_pass_from):
    vectors, _ = bench.synthetic(60, seed=2)
    index = build(vectors, two_pass_from=two_pass_from)
    assert index.two_pass == (two_pass_from == 10)
    for vector in vectors[:5]:
        assert index.search(vector, 1_000) == exact(vectors, vector, 60)
    assert index.search(vectors[0], 0) == []


def test_below_the_threshold_the_search_is_the_exact_one(base):
    vectors, queries, _ = base
    small = vectors[:5_000]
    index = build(small)
    assert not index.two_pass and index.vectors.dtype == np.float32
    for query in queries[:5]:
        assert index.search(query, 50) == [int(row) for row in top_k(small, query, 50)[0]]


def test_vectors_with_no_main_direction_are_searched_exactly():
    """A projection would lose their true matches: the index keeps the exact search."""
    vectors = bench.synthetic(400, decay=0.0, seed=5)[0]
    index = build(vectors, two_pass_from=100)
    assert not index.two_pass and index.exact_only and index.vectors.dtype == np.float32
    for vector in vectors[:5]:
        assert index.search(vector, 50) == exact(vectors, vector, 50)
    mask = np.arange(400) % 2 == 0
    assert index.search(vectors[1], 50, mask) == exact(vectors, vectors[1], 50, mask)
    index.upsert(["new"], [("", "en")], vectors[1:2] * -1)
    assert index.search(-vectors[1], 1) == [400] and not index.two_pass


def test_an_upsert_refuses_vectors_of_another_size():
    index = build(bench.synthetic(20, seed=4)[0])
    with pytest.raises(ValueError, match="dimensions"):
        index.upsert(["x"], [("", "en")], np.ones((1, 8), dtype=np.float32))
    with pytest.raises(ValueError, match="one vector per id"):
        index.upsert(["x", "y"], [("", "en")] * 2, np.ones((1, 512), dtype=np.float32))


# --- Coarse lists (from ``lists_from`` rows on) ----------------------------------------


def listed(vectors, **options):
    """A two-pass index whose first pass reads the nearest lists only (the thresholds
    lowered to this base's size)."""
    return build(vectors, lists_from=len(vectors) // 2, **options)


def test_with_lists_the_first_pass_reads_an_eighth_of_the_rows(base, monkeypatch):
    vectors, queries, _ = base
    index = listed(vectors)
    assert index.lists is not None and len(index.lists.centres) == COUNT // search.ROWS_PER_LIST
    read = []
    original = search.slices_products
    monkeypatch.setattr(
        search,
        "slices_products",
        lambda codes, parts, vector: (
            read.append(sum(part.stop - part.start for part in parts))
            or original(codes, parts, vector)
        ),
    )
    index.search(queries[0], 50)
    assert COUNT * search.LIST_READ_SHARE <= read[0] < COUNT * search.LIST_READ_SHARE * 1.5


def test_with_lists_the_close_matches_come_first(base):
    """The rows planted close to each query are its first three, as in the exact search;
    a query that paraphrases a stored row finds that row first, and most of the exact top
    five."""
    vectors, queries, planted = base
    index = listed(vectors)
    paraphrases = len(queries) - len(queries) // 2
    top_five = []
    for number, (query, rows) in enumerate(zip(queries, planted, strict=True)):
        found = index.search(query, 50)
        expected = exact(vectors, query, 50)
        assert found[:3] == [int(row) for row in rows] == expected[:3]
        if number < paraphrases:
            top_five.append(overlap(found[:5], expected[:5]))
    assert np.mean(top_five) >= 0.95


def test_lists_are_deterministic_and_every_row_is_in_one(base):
    vectors, queries, _ = base
    first, second = listed(vectors), listed(vectors.copy())
    assert np.array_equal(first.lists.centres, second.lists.centres)
    assert np.array_equal(first.lists.assigned[:COUNT], second.lists.assigned[:COUNT])
    order, starts, codes = first.lists.groups(COUNT, first.codes)
    assert sorted(order.tolist()) == list(range(COUNT)) and starts[-1] == COUNT
    assert np.array_equal(codes, first.codes[:COUNT][order])
    assert [first.search(query, 20) for query in queries[:10]] == [
        second.search(query, 20) for query in queries[:10]
    ]


def test_with_lists_upserts_are_placed_in_the_nearest_list(base):
    """A new row, and a row changed to another meaning, are read with the lists nearest
    their new vectors: the next search finds them."""
    vectors, queries, _ = base
    index = listed(vectors)
    generator = np.random.default_rng(11)
    new = np.stack([near(queries[2], generator, 0.995), near(queries[3], generator, 0.995)])
    index.search(queries[2], 5)  # the lists grouped before the change
    rows = index.upsert(["new", 7], [("new", "fr"), ("changed", "en")], new)
    assert rows == [COUNT, 7]
    assert index.search(queries[2], 5)[0] == COUNT
    assert index.search(queries[3], 5)[0] == 7
    nearest = index.lists.nearest(
        index.lists.centres, index.lists.points(index.codes[[COUNT, 7]], index.projection.scale)
    )
    assert index.lists.assigned[[COUNT, 7]].tolist() == nearest.tolist()


def test_with_lists_a_mask_keeps_the_search_to_the_rows_it_marks(base):
    vectors, queries, planted = base
    index = listed(vectors)
    mask = np.zeros(COUNT, dtype=bool)
    mask[::2] = True
    for query, rows in zip(queries[:10], planted[:10], strict=True):
        found = index.search(query, 50, mask)
        assert found and all(mask[row] for row in found)
        marked = [int(row) for row in rows if mask[row]]
        assert found[: len(marked)] == marked
    few = np.zeros(COUNT, dtype=bool)
    few[[10, 20, 30]] = True  # too few for the lists: every marked row is read
    assert index.search(queries[0], 50, few) == exact(vectors, queries[0], 50, few)


@pytest.mark.parametrize("buffer_rows", [1, 7, 64, search.PRODUCT_ROWS])
def test_the_products_of_slices_are_those_of_the_rows_read_one_after_the_other(
    buffer_rows, monkeypatch
):
    """The codes cast a buffer at a time give each slice's products in order, whether a
    slice ends inside the buffer, fills it exactly or runs over several of them."""
    monkeypatch.setattr(search, "PRODUCT_ROWS", buffer_rows)
    generator = np.random.default_rng(3)
    codes = generator.integers(-127, 128, size=(500, 96), dtype=np.int8)
    vector = generator.standard_normal(96).astype(np.float32)
    parts = [slice(0, 0), slice(10, 17), slice(300, 364), slice(17, 150), slice(499, 500)]
    expected = np.concatenate([codes[part].astype(np.float32) @ vector for part in parts])
    products = search.slices_products(codes, parts, vector)
    assert products.dtype == np.float32
    assert np.allclose(products, expected, rtol=1e-5, atol=1e-3)
    every = codes.astype(np.float32) @ vector
    assert np.allclose(search.int8_products(codes, vector), every, rtol=1e-5, atol=1e-3)
    assert search.slices_products(codes, [], vector).shape == (0,)
