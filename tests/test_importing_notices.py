"""Paywall notices, captions and credits told from an article's own sentences (``importing.notices``)."""

import pytest

from annotations.importing.notices import is_credit_or_caption, is_paywall_notice

PAYWALL_NOTICES = [
    "Cet article est réservé aux abonnés.",
    "Article réservé aux abonnés",
    "Il vous reste 80% de cet article à lire.",
    "Il vous reste 72\u00a0% de cet article à lire.",
    "Cet article est réservé aux abonnés. Il vous reste 80 % de cet article à lire.",
    "La suite est réservée aux abonnés.",
    "Déjà abonné ? Se connecter",
    "Abonnez-vous pour lire la suite",
    "Pour lire la suite, abonnez-vous",
    "Subscribe to continue reading",
    "This article is for subscribers only.",
    "Already a subscriber? Log in",
    "You have 2 free articles remaining this month.",
    "To continue reading, please subscribe.",
    "Create a free account to continue reading.",
]

CREDITS_AND_CAPTIONS = [
    "© AFP",
    "© Franck Fife / AFP",
    "Copyright Getty Images",
    "Crédit photo : Jean Dupont",
    "Crédits : Ludovic Marin / AFP",
    "Photo : Franck Fife / AFP",
    "Credit: Reuters",
    "Getty Images",
    "AFP",
    "(AP Photo/Evan Vucci)",
    "(Photo by Kevin Dietsch/Getty Images)",
    "Photo by Kevin Dietsch/Getty Images",
    "Ousmane Dembélé lors du match contre Lens. Photo : Franck Fife / AFP",
    "Joe Biden à Washington, mardi. (Photo by Kevin Dietsch/Getty Images)",
    "Le Premier ministre à Matignon, le 3 mars. Ludovic Marin / AFP",
]

# Sentences of articles that speak of the same things and must stay.
ARTICLE_SENTENCES = [
    "Les abonnés de la salle de sport ont protesté contre la hausse des tarifs.",
    "Le journal compte 500 000 abonnés, dont 120 000 en version numérique.",
    "Subscribers to the city's water service will pay $3.50 more from July.",
    "Getty Images a annoncé mardi le rachat de Shutterstock pour 3,7 milliards de dollars.",
    "Le photographe de l’AFP a été blessé lors de la manifestation.",
    "Crédit immobilier : les taux remontent",
    "Les banques resserrent le crédit : les ménages empruntent moins",
    "Une photo : celle qui a tout changé",
    "Image de marque : le groupe veut redorer son blason",
    "Copyright law was changed in 2019, the minister said.",
    "Reuters reported that the talks had stalled on Monday.",
    "Photo agencies such as AFP and Reuters sell pictures to newspapers.",
]


@pytest.mark.parametrize("paragraph", PAYWALL_NOTICES)
def test_a_paywall_notice_is_recognised(paragraph):
    assert is_paywall_notice(paragraph)
    assert not is_credit_or_caption(paragraph)


@pytest.mark.parametrize("paragraph", CREDITS_AND_CAPTIONS)
def test_a_credit_or_a_credited_caption_is_recognised(paragraph):
    assert is_credit_or_caption(paragraph)


@pytest.mark.parametrize("paragraph", ARTICLE_SENTENCES)
def test_a_sentence_of_the_article_is_neither(paragraph):
    assert not is_paywall_notice(paragraph)
    assert not is_credit_or_caption(paragraph)


def test_a_long_paragraph_is_never_a_notice_whatever_it_says():
    long = "Cet article est réservé aux abonnés. " + "Le texte continue encore. " * 20
    assert not is_paywall_notice(long)
    assert not is_credit_or_caption(long + "Photo : AFP")
