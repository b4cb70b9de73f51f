"""The annotate page on a tablet (820 × 1180, touch, portrait and landscape): the article
fits the screen, a tap on a sentence opens the new claim's form in view, and a claim is
made with taps alone; axe-core finds nothing serious or critical."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from annotations.models import Claim
from tests.e2e.conftest import log_in, watch_the_policy
from tests.e2e.test_annotate_journey import _open_article, _panel, _sentence
from tests.e2e.test_articles_journey import _import_sample
from tests.factories import PASSWORD, ReviewerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
SERIOUS = {"serious", "critical"}


@pytest.mark.parametrize(
    "viewport",
    [{"width": 820, "height": 1180}, {"width": 1180, "height": 820}],
    ids=["portrait", "landscape"],
)
def test_a_reviewer_makes_a_claim_on_a_tablet_with_taps(
    browser, live_server, csp_violations, viewport
):
    ReviewerFactory(username="tablette")
    article = _import_sample()
    context = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport=viewport, has_touch=True
    )
    context.set_default_timeout(10_000)
    watch_the_policy(context, csp_violations)
    try:
        page = context.new_page()
        log_in(page, "tablette", PASSWORD)
        _open_article(page, article)

        # Nothing wider than the screen.
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        grave = [v["id"] for v in AXE.run(page).response["violations"] if v["impact"] in SERIOUS]
        assert grave == []

        _sentence(page, "Les dirigeants de l’Union européenne").tap()
        panel = _panel(page)
        heading = panel.get_by_role("heading", name="New claim")
        expect(heading).to_be_visible()
        text = panel.get_by_role("textbox", name="Claim", exact=True)
        text.scroll_into_view_if_needed()
        expect(text).to_be_in_viewport()
        text.fill("Les dirigeants européens discutent d’un envoi de troupes.")
        create = panel.get_by_role("button", name="Create claim")
        create.scroll_into_view_if_needed()
        create.tap()
        expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    finally:
        context.close()
    assert Claim.objects.get().text.startswith("Les dirigeants européens")
