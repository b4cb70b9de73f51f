"""Claim matching's words: the database's full-text search (PostgreSQL's tsvector columns
and GIN indexes, SQLite's FTS5 table), kept up to date by the database's triggers, and the
evaluation set measured through it."""

import pytest
from django.db import connection

from annotations import fulltext, matching, selectors, services
from annotations.matching import evaluate
from annotations.models import Article, Claim, ExternalFactCheck
from tests.factories import ExternalFactCheckFactory, published_claim

pytestmark = pytest.mark.django_db


def words(text, **kwargs):
    return [(hit.kind, hit.id) for hit in fulltext.word_candidates([text], limit=50, **kwargs)[0]]


@pytest.fixture
def base():
    made = {
        "vaccines_en": ExternalFactCheckFactory(
            claim="Vaccines cause autism in children.", language="en"
        ),
        "not_vaccines_en": ExternalFactCheckFactory(
            claim="Vaccines do not cause autism in children.", language="en"
        ),
        "vaccins_fr": ExternalFactCheckFactory(
            claim="Les vaccins provoquent l'autisme chez les enfants.", language="fr"
        ),
        "moon": ExternalFactCheckFactory(
            claim="The moon landing was staged in a studio.", language="en"
        ),
        "budget_fr": ExternalFactCheckFactory(
            claim="Le gouvernement a réduit le budget des hôpitaux en 2023.", language="fr"
        ),
    }
    selectors.candidate_cache.clear()
    return made


def key(fact_check):
    return (fulltext.EXTERNAL, fact_check.pk)


def test_a_french_query_finds_the_english_fact_check_by_its_words(base):
    found = selectors.similar_factchecks(
        "Les vaccins provoquent-ils l'autisme ?", language="fr", model=False
    )
    assert base["vaccines_en"].pk in [match.id for match in found]
    assert key(base["vaccines_en"]) in words("Les vaccins provoquent-ils l'autisme ?")


def test_an_english_query_finds_the_french_fact_check_by_its_words(base):
    assert key(base["vaccins_fr"]) in words("Do vaccines cause autism?")
    found = selectors.similar_factchecks("Hospital budgets in 2023", language="en", model=False)
    assert found[0].id == base["budget_fr"].pk


def test_stemming_and_accents_are_the_language_s(base):
    # French: "hôpital" / "hôpitaux", accents or not; English: "vaccine" / "vaccines".
    assert key(base["budget_fr"]) in words("un hopital")
    assert key(base["vaccines_en"]) in words("a vaccine")


def test_the_words_alone_rank_a_negated_claim_below_its_paraphrase(base):
    found = selectors.similar_factchecks("Vaccines lead to autism in kids.", model=False)
    ids = [match.id for match in found]
    assert ids.index(base["vaccines_en"].pk) < ids.index(base["not_vaccines_en"].pk)


@pytest.mark.model
def test_with_the_model_a_negated_claim_ranks_below_its_paraphrase_in_both_languages(
    base, embedder
):
    services.vectors_compute(model=embedder)
    for text, language in (
        ("Vaccines lead to autism in kids.", "en"),
        ("Les vaccins entraînent l'autisme chez les petits.", "fr"),
    ):
        found = selectors.similar_factchecks(text, language=language, model=embedder)
        ids = [match.id for match in found]
        assert ids.index(base["vaccines_en"].pk) < ids.index(base["not_vaccines_en"].pk)


def test_without_the_model_no_vector_is_read(base, django_assert_num_queries):
    with django_assert_num_queries(2):  # the words, the external rows found
        found = selectors.similar_factchecks("moon landing studio", model=False)
    assert found[0].id == base["moon"].pk


def test_any_word_is_enough(base):
    # plainto_tsquery / websearch_to_tsquery would need every word: matching needs any.
    assert key(base["moon"]) in words("moon cheese")


def test_a_word_in_too_many_fact_checks_is_left_out_of_the_match_but_not_of_the_rank(
    monkeypatch,
):
    common = [
        ExternalFactCheckFactory(claim=f"Selon un rapport, le chiffre {n} est faux.", language="fr")
        for n in range(6)
    ]
    rare = ExternalFactCheckFactory(
        claim="Selon un rapport, les éoliennes tuent les oiseaux.", language="fr"
    )
    other = ExternalFactCheckFactory(claim="Les éoliennes sont bruyantes.", language="fr")
    fulltext.word_frequencies_refresh()
    text = "Selon un rapport, les éoliennes tuent des oiseaux."
    everything = {key(fc) for fc in [*common, rare, other]}
    assert set(words(text)) == everything  # within the budget: any word is enough
    # "selon" and "rapport" are in 7 fact-checks, "éoliennes" in 2, "oiseaux" and
    # "tuent" in 1: within a budget of 4 documents, the rarest words only.
    monkeypatch.setattr(fulltext, "WORD_BUDGET", 4)
    found = words(text)
    assert set(found) == {key(rare), key(other)}
    assert found[0] == key(rare)  # ranked with its other words too ("tuent", "oiseaux")
    # The rarest word is always searched, even over the budget.
    monkeypatch.setattr(fulltext, "WORD_BUDGET", 0)
    assert words("Selon un rapport") != []


@pytest.mark.postgresql
def test_the_ranking_leaves_out_the_words_in_more_than_a_tenth_of_the_fact_checks():
    """``ts_rank`` has no inverse document frequency: a word in most fact-checks would
    count as much as a rare one. New words (not counted yet) rank; a text of common words
    only still ranks by its rarest."""
    for number in range(8):
        ExternalFactCheckFactory(claim=f"Selon un rapport, le chiffre {number} est faux.")
    ExternalFactCheckFactory(claim="Selon un rapport, les éoliennes tuent les oiseaux.")
    ExternalFactCheckFactory(claim="Le nucléaire produit 70 % de l'électricité.")
    fulltext.word_frequencies_refresh()

    def ranking(text):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ranking::text FROM annotations_match_queries(%s, %s)",
                [text, fulltext.WORD_BUDGET],
            )
            return set(cursor.fetchone()[0].replace("'", "").split(" | "))

    # "selon" and "rapport" are in 9 of 10 fact-checks, "éoliennes" in 1, "zorglub" in none.
    ranked = ranking("Selon un rapport, les éoliennes de Zorglub")
    assert {"eolien", "zorglub"} <= ranked
    assert not {"selon", "rapport"} & ranked
    assert ranking("Selon un rapport") & {"selon", "rapport"}


def match_ranking(text):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ranking::text FROM annotations_match_queries(%s, %s)",
            [text, fulltext.WORD_BUDGET],
        )
        return set(cursor.fetchone()[0].replace("'", "").split(" | ")) - {""}


@pytest.mark.postgresql
def test_the_ranking_leaves_out_the_other_languages_stop_words_no_fact_check_has():
    """The English analysis of a French text keeps French stop words ("des", "une"): in
    no fact-check, they ranked every row as new words. Left out of the ranking; a new
    word of either language ranks; a word counted in some fact-check ranks even if the
    other language drops it (an English text's "son"). The matching keeps them all."""
    ExternalFactCheckFactory(claim="Her son won the election.", language="en")
    ExternalFactCheckFactory(claim="Le nucléaire produit 70 % de l'électricité.", language="fr")
    fulltext.word_frequencies_refresh()
    text = "Selon une publication virale, des éoliennes de Zorglub tuent son fils"
    ranked = match_ranking(text)
    assert {"viral", "eolien", "zorglub", "son"} <= ranked
    assert not {"une", "des", "de"} & ranked
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT matching::text FROM annotations_match_queries(%s, %s)", [text, 10**6]
        )
        matching = set(cursor.fetchone()[0].replace("'", "").split(" | "))
    assert {"une", "des", "viral", "son"} <= matching
    # A base never counted: every word is new; the words that either language drops
    # ("son" too, until a count finds it in a fact-check) are left out.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM annotations_matchfrequency")
    ranked = match_ranking(text)
    assert {"viral", "eolien", "zorglub", "fil"} <= ranked
    assert not {"une", "des", "son"} & ranked


def test_the_word_frequencies_are_counted_again_when_the_base_grew(settings):
    if connection.vendor != "postgresql":
        assert not fulltext.word_frequencies_refresh()  # SQLite's FTS5 index counts itself
        return
    ExternalFactCheckFactory(claim="Les vaccins provoquent l'autisme.", language="fr")
    assert fulltext.word_frequencies_refresh(force=False)  # never counted
    assert not fulltext.word_frequencies_refresh(force=False)  # nothing changed
    ExternalFactCheckFactory(claim="Les vaccins contiennent des puces.", language="fr")
    assert fulltext.word_frequencies_refresh(force=False)  # one more: more than a tenth
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT documents FROM annotations_matchfrequency WHERE lexeme IN ('', 'vaccin')"
        )
        assert sorted(row[0] for row in cursor.fetchall()) == [2, 2]


def test_query_text_is_never_syntax(base):
    for text in ('"unbalanced', "moon OR", "NEAR(moon", "moon' | !'", "a\\b", "*", "-moon"):
        fulltext.word_candidates([text], limit=5)
    assert words("") == []
    assert words("the of and") == []


def test_an_imported_fact_check_changed_or_deleted_is_searched_as_it_now_is(base):
    moon = base["moon"]
    ExternalFactCheck.objects.filter(pk=moon.pk).update(claim="Carrots improve night vision.")
    assert key(moon) not in words("moon landing")
    assert key(moon) in words("carrots")
    ExternalFactCheck.objects.filter(pk=moon.pk).update(language="fr")
    assert key(moon) in words("carrots")
    moon.delete()
    assert key(moon) not in words("carrots")


def test_only_public_claims_are_found():
    claim = published_claim()
    draft_text = "Les éoliennes provoquent des cancers chez les riverains."
    assert (fulltext.OURS, claim.pk) in words(claim.text)
    assert (fulltext.OURS, claim.pk) not in words(claim.text, kinds=[fulltext.EXTERNAL])
    Claim.objects.filter(pk=claim.pk).update(text=draft_text)
    assert (fulltext.OURS, claim.pk) in words("éolienne")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DRAFT)
    assert (fulltext.OURS, claim.pk) not in words("éolienne")


def test_a_claim_is_searched_in_its_article_s_language():
    claim = published_claim()
    Claim.objects.filter(pk=claim.pk).update(text="Les hôpitaux ferment.")
    Article.objects.filter(pk=claim.article_id).update(language="en")
    assert (fulltext.OURS, claim.pk) in words("hôpitaux")
    Article.objects.filter(pk=claim.article_id).update(language="fr")
    assert (fulltext.OURS, claim.pk) in words("hôpital")


def test_the_indexes_serve_the_search():
    # The evaluation set's 2,230 fact-checks (442 of them our public claims), analysed.
    services.evaluation_set_load(
        evaluate.read_jsonl(evaluate.DATA / "factchecks.jsonl"), model=False
    )
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(
                "EXPLAIN QUERY PLAN SELECT rowid FROM annotations_matchwords "
                "WHERE annotations_matchwords MATCH %s",
                ['"moon"'],
            )
            assert "VIRTUAL TABLE INDEX" in str(cursor.fetchall())
            return
        cursor.execute("ANALYZE annotations_claim, annotations_externalfactcheck")
        cursor.execute("SET LOCAL enable_seqscan = off")  # 442 claims are read whole
        # Each table's word condition, as the search writes it (the statuses, bound as
        # parameters, may also be read from another index on a tiny table).
        plans = []
        for table, condition in (
            ("annotations_claim", "published_at IS NOT NULL AND "),
            ("annotations_externalfactcheck", ""),
        ):
            cursor.execute(
                f"EXPLAIN SELECT id FROM {table} WHERE {condition}"  # noqa: S608
                "match_words @@ annotations_match_query(%s)",
                ["vaccins autisme"],
            )
            plans.append(" ".join(str(row) for row in cursor.fetchall()))
    # With 442 claims, all public, the planner may read them by the feed index instead.
    assert "match_words" in plans[0] and "Bitmap" in plans[0], plans[0]
    assert "annotations_extfc_match_words_idx" in plans[1], plans[1]


def test_a_batch_is_one_query(base, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = fulltext.word_candidates(["moon", "vaccins", "budget 2023", ""], limit=5)
    assert [len(hits) > 0 for hits in found] == [True, True, True, False]


# --- The evaluation set, through the database --------------------------------------------


@pytest.fixture(scope="module")
def evaluation_set(django_db_setup, django_db_blocker, embedder):
    """The set stored once for the module's tests (its own transaction, undone after)."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            fact_checks = evaluate.read_jsonl(evaluate.DATA / "factchecks.jsonl")
            owners = services.evaluation_set_load(fact_checks, model=embedder)
            selectors.candidate_cache.clear()
            yield owners, evaluate.load()[1]
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            selectors.candidate_cache.clear()


@pytest.mark.model
def test_the_app_reaches_the_targets_through_the_database(evaluation_set, embedder):
    owners, queries = evaluation_set
    results = services.evaluation_measure(
        queries, owners, model=embedder, configurations=["fused + checks", "words + checks"]
    )
    for split in ("both", "tune", "heldout"):
        fused = results[("fused + checks", split)]
        assert fused["all"].map5 >= evaluate.TARGETS["fused MAP@5"], split
        assert fused["cross-language"].recall5 >= evaluate.TARGETS["cross-language recall@5"]
    assert results[("fused + checks", "both")]["negation"].twins_below >= 0.9
    # Without the model (the fallback), the words and the claim checks: a floor.
    words_alone = results[("words + checks", "both")]["all"]
    assert words_alone.map5 >= 0.55
    assert words_alone.recall5 >= 0.65


class _Recording:
    """The model, noting the thread each embedding ran in (or failing, when told to)."""

    def __init__(self, model, *, fail=False):
        self.model, self.fail, self.threads = model, fail, []

    def __getattr__(self, name):
        return getattr(self.model, name)

    def embed(self, texts):
        import threading

        self.threads.append(threading.current_thread().name)
        if self.fail:
            raise RuntimeError("the model broke")
        return self.model.embed(texts)


@pytest.mark.model
def test_the_meaning_is_searched_beside_the_word_query_with_the_same_answers(base, embedder):
    """The texts' vectors and the stored vectors' search run in the process's meaning
    thread while the word search waits for the database: the same rankings as in one
    thread, several texts at once, and an error of the model reaches the caller."""
    services.vectors_compute(model=embedder)
    texts = ["Vaccines lead to autism in kids.", "Les vaccins entraînent l'autisme."]
    recording = _Recording(embedder)
    rankings = selectors.factcheck_rankings(texts, model=recording)
    assert recording.threads and all(name.startswith("meaning") for name in recording.threads)
    index = selectors.candidate_index(embedder).index
    for number, vector in enumerate(embedder.embed(texts)):
        expected = [index.ids[row] for row in index.search(vector, 50)]
        assert rankings.meaning[number] == expected
        assert key(base["vaccines_en"]) in rankings.words[number] or number == 1
    with pytest.raises(RuntimeError, match="the model broke"):
        selectors.factcheck_rankings(texts, model=_Recording(embedder, fail=True))


def test_two_requests_meaning_work_runs_at_once_not_one_after_the_other():
    """A threaded server's requests search at the same time: neither waits in the meaning
    threads for the other (each embedding here waits for the other to start)."""
    import threading

    import numpy as np

    both_started = threading.Barrier(2, timeout=10)

    class Waiting:
        def embed(self, texts):
            both_started.wait()  # BrokenBarrierError if the two ran one after the other
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    index = matching.MeaningIndex(["a", "b"], [("a", "fr"), ("b", "fr")], np.eye(2, 4) + 0.0)
    pool = selectors._meaning_thread()
    searches = [
        pool.submit(selectors._meaning_rows, Waiting(), index, ["texte"], 1, None) for _ in range(2)
    ]
    assert [search.result(timeout=20) for search in searches] == [[[0]], [[0]]]
