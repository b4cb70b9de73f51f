"""The public fact-checks page with its counts and chart, and the team dashboard, in a
real browser: at a laptop's width (1366 px) and a phone's (390 px), in English and in
French, with no horizontal scroll, readable charts (images with a name) and no axe-core
violation (see test_daily_pages.py)."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Verdict
from tests.e2e.test_daily_pages import assert_accessible, logged_in
from tests.factories import (
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
    submitted_claim,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
WORDS = {
    "en": {
        "list": "Published fact-checks",
        "chart": "Fact-checks published each month, by rating",
        "false": "False",
        "dashboard": "Team dashboard",
        "state_chart": "Claims by state",
        "period": "Period",
        "show": "Show",
        "csv": "Download these figures (CSV)",
    },
    "fr": {
        "list": "Vérifications publiées",
        "chart": "Vérifications publiées chaque mois, par évaluation",
        "false": "Faux",
        "dashboard": "Tableau de bord de l’équipe",
        "state_chart": "Affirmations par état",
        "period": "Période",
        "show": "Afficher",
        "csv": "Télécharger ces chiffres (CSV)",
    },
}


def no_horizontal_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url}: {overflow} px wider than the window"


def some_history(moderator) -> None:
    author = ReviewerFactory()
    article = ArticleFactory(paragraphs=["Une phrase. Une autre. Encore une."])
    for i in range(3):
        claim = published_claim(article=article, author=author, moderator=moderator, sentence=1 + i)
        if i == 0:
            Verdict.objects.filter(claim=claim).update(rating=Verdict.Rating.FALSE)
    sent = submitted_claim(article=article, author=author)
    services.claim_request_changes(claim=sent, moderator=moderator, comment="Quelle source ?")
    submitted_claim(article=article, author=author, sentence=2, text="Le chômage baisse.")


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_public_list_shows_counts_and_a_chart_that_fit_the_screen(open_page, language, width):
    some_history(ModeratorFactory())
    words = WORDS[language]
    page = open_page(language)
    page.set_viewport_size(WIDTHS[width])
    page.goto("/fact-checks/")

    expect(page.get_by_role("heading", level=1)).to_have_text(words["list"])
    expect(page.get_by_role("img", name=words["chart"])).to_be_visible()
    expect(page.get_by_role("table", name=words["chart"])).to_be_visible()
    no_horizontal_scroll(page)
    assert_accessible(page)

    counts = page.locator("nav.rating-counts")
    counts.get_by_role("link", name=re.compile(rf"^{words['false']} 1$")).click()
    expect(page).to_have_url(re.compile(r"rating=false"))
    expect(page.locator("li.public-claim")).to_have_count(1)
    expect(counts.get_by_role("link", name=re.compile(rf"^{words['false']} 1$"))).to_have_attribute(
        "aria-current", "true"
    )
    assert_accessible(page)


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_moderator_reads_the_dashboard_on_a_laptop_and_a_phone(open_page, language, width):
    moderator = ModeratorFactory()
    some_history(moderator)
    words = WORDS[language]
    page = logged_in(open_page, moderator, language)
    page.set_viewport_size(WIDTHS[width])
    page.goto("/dashboard/")

    expect(page.get_by_role("heading", level=1)).to_have_text(words["dashboard"])
    expect(page.get_by_role("img", name=words["state_chart"])).to_be_visible()
    expect(page.get_by_role("img")).to_have_count(4)
    waiting = page.locator("ol.waiting-list li")
    expect(waiting).to_have_count(1)
    expect(waiting.get_by_role("link")).to_have_text("Le chômage baisse.")
    no_horizontal_scroll(page)
    assert_accessible(page)

    # The period, with the keyboard.
    page.get_by_role("combobox", name=words["period"]).focus()
    page.keyboard.press("ArrowDown")  # the 26 weeks
    page.get_by_role("button", name=words["show"]).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"weeks=26"))
    expect(page.get_by_role("link", name=words["csv"])).to_have_attribute(
        "href", re.compile(r"^/dashboard\.csv\?weeks=26")
    )
    no_horizontal_scroll(page)
    assert_accessible(page)
