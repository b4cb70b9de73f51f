"""Blind double review in a real browser: a moderator asks for a second verdict on a
claim in review; a second reviewer takes it from the queue and writes it, never seeing
the first; the first author never sees the second; the moderator compares the two and
approves the second; the agreement page counts the pair. Keyboard only for the second
reviewer's verdict; axe-core on every page of the journey."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from annotations.models import BlindReview, Claim, Verdict
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, ModeratorFactory, ReviewerFactory, submitted_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Axe()
FIRST_WORDS = "projet de loi"  # in the first verdict's rationale (tests/factories.py)
FIRST_SOURCE = "Projet de loi de finances"  # its evidence's title
SECOND_RATIONALE = "Selon l’Insee, la hausse réelle est de 2,9 %."


def assert_accessible(page):
    """No axe-core violation of impact serious or critical on the page as it is now."""
    results = AXE.run(page)
    grave = [
        violation["id"]
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert grave == [], f"{page.url}:\n{results.generate_snapshot()}"


def logged_in(new_context, username):
    page = new_context().new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, username, PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_two_reviewers_and_a_moderator_through_a_blind_double_review(new_context):
    author = ReviewerFactory(username="alice")
    ReviewerFactory(username="bruno")
    ModeratorFactory(username="morgane")
    ModeratorFactory(username="nadia")
    claim = submitted_claim(author=author)

    # The moderator asks for a second verdict from the claim's panel: anyone may take it.
    morgane = logged_in(new_context, "morgane")
    morgane.goto(claim.get_absolute_url())
    morgane.get_by_text("Ask for a second, blind verdict").click()
    expect(morgane.get_by_label("Second reviewer")).to_be_visible()
    assert_accessible(morgane)
    morgane.get_by_role("button", name="Ask for it").click()
    expect(morgane.get_by_text("it waits in the reviewers’ queue")).to_be_visible()
    # No decision while the second verdict is being written.
    expect(morgane.get_by_role("button", name="Approve and publish")).to_have_count(0)

    # The second reviewer takes it from the queue and writes it with the keyboard alone.
    bruno = logged_in(new_context, "bruno")
    bruno.goto("/second-verdicts/")
    assert_accessible(bruno)
    take = bruno.get_by_role("button", name=f"Take it (claim {claim.pk})")
    take.focus()
    bruno.keyboard.press("Enter")
    expect(bruno.get_by_role("heading", name="Second, blind verdict")).to_be_visible()
    expect(bruno.get_by_text(claim.quote)).to_be_visible()
    assert FIRST_WORDS not in bruno.content() and FIRST_SOURCE not in bruno.content()
    assert_accessible(bruno)
    bruno.get_by_label("Rating").focus()
    bruno.get_by_label("Rating").select_option("false")
    bruno.keyboard.press("Tab")
    bruno.keyboard.type(SECOND_RATIONALE)
    bruno.keyboard.press("Tab")
    bruno.keyboard.type("https://www.insee.fr/fr/statistiques")
    bruno.get_by_role("button", name="Give my verdict").focus()
    bruno.keyboard.press("Enter")
    expect(bruno.get_by_text("Your verdict is in.")).to_be_visible()
    # Nor does the claim's own page show them the first verdict.
    bruno.goto(claim.get_absolute_url())
    expect(bruno.get_by_role("note").filter(has_text="hidden from you")).to_be_visible()
    assert FIRST_WORDS not in bruno.content() and FIRST_SOURCE not in bruno.content()

    # The first author sees neither the second verdict nor its page.
    alice = logged_in(new_context, "alice")
    alice.goto(claim.get_absolute_url())
    expect(alice.get_by_role("link", name=FIRST_WORDS, exact=True)).to_be_visible()
    assert SECOND_RATIONALE not in alice.content()
    blind = BlindReview.objects.get(claim=claim)
    refused = alice.goto(f"/second-verdicts/{blind.pk}/")
    assert refused.status == 403

    # The moderator who asked is told; the comparison marks the difference; she approves
    # the second.
    morgane.goto("/inbox/")
    expect(morgane.get_by_text("The second verdict you asked for is in")).to_be_visible()
    morgane.goto(claim.get_absolute_url())
    morgane.get_by_role("link", name="Compare the two verdicts and decide").click()
    expect(morgane.get_by_text("The ratings differ by 1 step")).to_be_visible()
    expect(morgane.get_by_text(SECOND_RATIONALE)).to_be_visible()
    expect(morgane.get_by_role("link", name=FIRST_WORDS, exact=True)).to_be_visible()
    assert_accessible(morgane)
    morgane.get_by_role("button", name="Approve the second verdict and publish").click()
    expect(morgane.get_by_text("The second verdict is approved and published.")).to_be_visible()

    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.verdicts.get().rating == Verdict.Rating.FALSE

    # The agreement page counts the pair, in French too.
    nadia = logged_in(new_context, "nadia")
    nadia.goto("/agreement/")
    expect(nadia.get_by_text("0 of 1 claim rated twice got the same rating")).to_be_visible()
    assert_accessible(nadia)
    nadia.get_by_role("button", name="Français").click()
    expect(nadia.get_by_role("heading", name="Accord entre vérificateurs")).to_be_visible()
    assert_accessible(nadia)
