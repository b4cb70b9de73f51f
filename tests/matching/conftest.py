"""Fixtures of the claim-matching tests: a small base of French and English fact-checks
(the model's fixture, ``embedder``, is in tests/conftest.py)."""

import pytest

from annotations.matching import FactCheck

FACT_CHECKS = [
    FactCheck("en-5g", "A viral post claims that 5G antennas spread the coronavirus.", "en"),
    FactCheck(
        "fr-vaccins",
        "Selon une publication virale, les vaccins provoquent l'autisme chez les enfants.",
        "fr",
    ),
    FactCheck("fr-vaccins-non", "Les vaccins ne provoquent pas l'autisme chez les enfants.", "fr"),
    FactCheck("en-unemployment-7", "Unemployment in France fell to 7% in 2023.", "en"),
    FactCheck("en-unemployment-9", "Says unemployment in France fell to 9% in 2023.", "en"),
    FactCheck("fr-chomage-espagne", "Le chômage en Espagne est tombé à 12 % en 2023.", "fr"),
    FactCheck("fr-eoliennes", "Les éoliennes donnent le cancer aux riverains.", "fr"),
    FactCheck("en-wind", "Wind turbines cause cancer in people who live nearby.", "en"),
    FactCheck("en-insects", "The EU will force people to eat insects.", "en"),
    FactCheck("fr-retraite", "L'âge de la retraite en Italie passera à 67 ans d'ici 2030.", "fr"),
    FactCheck("en-asylum", "Germany received 330,000 asylum applications in 2023.", "en"),
    FactCheck("fr-glyphosate", "Le glyphosate provoque des cancers chez les agriculteurs.", "fr"),
]


@pytest.fixture
def fact_checks():
    return list(FACT_CHECKS)
