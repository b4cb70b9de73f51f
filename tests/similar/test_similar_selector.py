"""Similar published fact-checks: ours and imported, across French and English."""

import pytest

from annotations import selectors, services
from tests.factories import ExternalFactCheckFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fact_checks():
    made = {
        "vaccines_en": ExternalFactCheckFactory(
            claim="Vaccines cause autism in children.", language="en", rating="False"
        ),
        "moon": ExternalFactCheckFactory(
            claim="The moon landing was staged in a studio.", language="en"
        ),
        "budget_fr": ExternalFactCheckFactory(
            claim="Le gouvernement a réduit le budget des hôpitaux de 10 % en 2023.",
            language="fr",
            organisation="Vérif",
        ),
        "not_vaccines": ExternalFactCheckFactory(
            claim="Vaccines do not cause autism in children.", language="en"
        ),
    }
    selectors.candidate_cache.clear()
    services.vectors_compute()
    return made


def test_a_french_query_finds_the_english_fact_check(fact_checks):
    found = selectors.similar_factchecks("Les vaccins provoquent l'autisme chez les enfants.")
    assert found[0].id == fact_checks["vaccines_en"].pk
    assert found[0].kind == "external"
    assert found[0].rating == "False"


def test_an_english_query_finds_the_french_fact_check(fact_checks):
    found = selectors.similar_factchecks(
        "The government cut hospital budgets by 10% in 2023.", language="en"
    )
    assert found[0].id == fact_checks["budget_fr"].pk
    assert found[0].organisation == "Vérif"


def test_a_negated_claim_ranks_below_its_paraphrase(fact_checks):
    found = selectors.similar_factchecks("Vaccines lead to autism in kids.", language="en")
    ids = [match.id for match in found]
    assert ids.index(fact_checks["vaccines_en"].pk) < ids.index(fact_checks["not_vaccines"].pk)
    negated = next(m for m in found if m.id == fact_checks["not_vaccines"].pk)
    assert negated.opposite_polarity


def test_the_limit_is_kept(fact_checks):
    assert len(selectors.similar_factchecks("vaccines", language="en", limit=2)) == 2


def test_a_second_search_reads_the_key_and_the_rows_only(fact_checks, django_assert_num_queries):
    selectors.similar_factchecks("vaccines autism", language="en")
    with django_assert_num_queries(3):  # the cache's key, the words, the external rows
        selectors.similar_factchecks("vaccines autism", language="en")


def test_a_new_import_is_found_without_restarting(fact_checks):
    selectors.similar_factchecks("whatever", language="en")
    new = ExternalFactCheckFactory(claim="Eating carrots improves night vision.", language="en")
    services.vectors_compute()
    found = selectors.similar_factchecks("Carrots improve night vision.", language="en")
    assert found[0].id == new.pk


def test_new_vectors_are_put_in_the_kept_matrix_without_reading_it_again(
    fact_checks, django_assert_num_queries
):
    model = selectors.matching_model()
    kept = selectors.candidate_index(model)
    rows = kept.index.size
    new = ExternalFactCheckFactory(claim="Eating carrots improves night vision.", language="en")
    changed = fact_checks["moon"]
    changed.claim = "The moon is made of cheese."
    changed.save()
    services.matching.vectors_forget(externals=[changed.pk])
    services.vectors_compute()
    # The key, then the vectors stored since: the new one and the one computed again.
    with django_assert_num_queries(2):
        updated = selectors.candidate_index(model)
    assert updated.index is kept.index
    assert updated.built == kept.built
    assert updated.index.size == rows + 1
    assert len(updated.ours) == rows + 1
    assert updated.index.ids[-1] == ("external", new.pk)
    row = updated.index.rows[("external", changed.pk)]
    assert updated.index.texts[row][0] == "The moon is made of cheese."
    found = selectors.similar_factchecks("The moon is made of cheese.", language="en")
    assert found[0].id == changed.pk


def test_a_fact_check_without_a_vector_has_no_row_and_is_found_by_its_words(fact_checks):
    new = ExternalFactCheckFactory(claim="Eating carrots improves night vision.", language="en")
    index = selectors.candidate_index(selectors.matching_model()).index
    assert ("external", new.pk) not in index.rows
    found = selectors.similar_factchecks("carrots night vision", language="en")
    carrots = next(match for match in found if match.id == new.pk)
    assert carrots.reason == "words in common"


def test_without_the_model_the_words_find_the_fact_check(fact_checks):
    found = selectors.similar_factchecks("moon landing studio", language="en", model=False)
    assert found[0].id == fact_checks["moon"].pk
    assert found[0].reason == "words in common"
    assert "moon" in found[0].shared_words
