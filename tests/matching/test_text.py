"""Claim text: stems without accents, figures in both notations, negation."""

import pytest

from annotations.matching import text


def test_stems_leave_out_stop_words_and_accents():
    stems = text.stems("Le chômage est tombé à 7 % en France", "fr")
    assert "chomag" in stems
    assert not {"le", "est", "a", "en"} & set(stems)


def test_a_word_typed_without_its_accent_has_the_same_stem():
    assert text.stems("chomage", "fr") == text.stems("chômage", "fr")


def test_an_elided_article_is_not_a_term():
    assert text.stems("l'autisme", "fr") == text.stems("autisme", "fr")


def test_a_query_is_stemmed_both_ways_so_it_meets_both_languages():
    stems = text.query_stems("Les vaccins provoquent l'autisme")
    assert "vaccin" in stems
    assert "autism" in stems


@pytest.mark.parametrize(
    ("claim", "language", "expected"),
    [
        ("40 000 demandes d'asile en 2023", "fr", {40000, 2023}),
        ("40\u202f000 demandes d'asile", "fr", {40000}),
        ("40,000 asylum claims in 2023", "en", {40000, 2023}),
        ("Le chômage est tombé à 7,5 %", "fr", {7.5}),
        ("Unemployment fell to 7.5%", "en", {7.5}),
        ("3,400,000 births", "en", {3400000}),
        ("1.500.000 personnes", "fr", {1500000}),
        ("COVID-19 spreads through 5G and CO2", "en", set()),
        ("the 15-year-olds", "en", {15}),
    ],
)
def test_figures_are_read_in_each_languages_notation(claim, language, expected):
    assert text.figures(claim, language) == expected


def test_a_figure_is_one_term_whatever_its_notation():
    assert "40000" in text.stems("40 000 demandes", "fr")
    assert "40000" in text.stems("40,000 claims", "en")


@pytest.mark.parametrize(
    ("first", "second", "conflict"),
    [
        ({7, 2023}, {9, 2023}, True),
        ({7, 2023}, {7}, False),
        ({7}, set(), False),
        (set(), set(), False),
    ],
)
def test_other_figures_conflict_but_a_left_out_year_does_not(first, second, conflict):
    assert text.figures_conflict(frozenset(first), frozenset(second)) is conflict


@pytest.mark.parametrize(
    ("claim", "language", "negated"),
    [
        ("Vaccines do not cause autism", "en", True),
        ("Vaccines don't cause autism", "en", True),
        ("There is no link between 5G and COVID-19", "en", True),
        ("Vaccines cause autism", "en", False),
        ("Teachers work no more than 18 hours a week", "en", False),
        ("Les vaccins ne provoquent pas l'autisme", "fr", True),
        ("Il n'y a aucun lien entre la 5G et le Covid-19", "fr", True),
        ("La VAR ne sera plus utilisée", "fr", True),
        ("La couverture n'atteint que 67 %", "fr", False),
        ("Plus de 40 % des adultes", "fr", False),
        ("Les vaccins provoquent l'autisme", "fr", False),
    ],
)
def test_negation_is_told_from_restriction(claim, language, negated):
    assert text.is_negated(claim, language) is negated


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        text.terms("Hola", "es")
