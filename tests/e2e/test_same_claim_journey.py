""" "Already checked?" in a real browser: a reviewer writing a claim sees the fact-checks
already published that say the same (another organisation's, in English, and one of
ours), marks the claim as the same claim as one, a moderator sees the mark when
approving, and the public page links to it.

The claim is made in the page (a click on a sentence, the text typed); the evidence and
verdict that submitting needs are added with the factories, as the other journeys test
them."""

import re

import pytest
from playwright.sync_api import expect

from annotations import selectors, services
from annotations.models import Claim, SameClaim
from tests.e2e.conftest import log_in
from tests.e2e.test_annotate_journey import _open_article, _sentence
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    EvidenceFactory,
    ExternalFactCheckFactory,
    ModeratorFactory,
    ReviewerFactory,
    VerdictFactory,
    published_claim,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PARAGRAPHS = (
    "Vaccins : une rumeur revient sur les réseaux sociaux",
    "Une publication virale affirme que les vaccins provoquent l’autisme chez les enfants. "
    "Les autorités sanitaires rappellent qu’aucune étude ne le montre.",
)
CLAIM_TEXT = "Les vaccins provoquent l’autisme chez les enfants."
EXTERNAL_TEXT = "Vaccines cause autism in children."
REVIEW_URL = "https://checker.example/vaccines-autism"
OURS_TEXT = "Selon une publication virale, les vaccins causent l’autisme."


def _logged_in_page(new_context, username):
    page = new_context().new_page()
    log_in(page, username, PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def test_reviewer_marks_a_claim_as_already_checked_and_the_mark_goes_public(new_context):
    ReviewerFactory(username="camille")
    ModeratorFactory(username="morgane")
    ExternalFactCheckFactory(
        claim=EXTERNAL_TEXT,
        organisation="Checker",
        rating="False",
        review_url=REVIEW_URL,
        language="en",
    )
    ours = published_claim(text=OURS_TEXT)
    article = ArticleFactory(title="Vaccins : une rumeur revient", paragraphs=PARAGRAPHS)
    services.vectors_compute()
    selectors.candidate_cache.clear()

    # The reviewer selects the sentence: the new claim's panel looks for fact-checks
    # already published as soon as it opens, and again as the claim is typed.
    page = _logged_in_page(new_context, "camille")
    _open_article(page, article)
    _sentence(page, "Une publication virale").click()
    panel = page.locator("#claim-panel")
    expect(panel.get_by_role("heading", name="New claim")).to_be_visible()
    found = panel.get_by_role("region", name="Already checked?")
    panel.get_by_role("textbox", name="Claim", exact=True).fill(CLAIM_TEXT)
    expect(found.get_by_role("link", name=EXTERNAL_TEXT)).to_have_attribute("href", REVIEW_URL)
    # Each link is described by who published the fact-check and how they rated it.
    expect(found.get_by_role("link", name=EXTERNAL_TEXT)).to_have_accessible_description(
        re.compile(r"^External fact-check by Checker · rated “False” by them")
    )
    expect(found.locator("[aria-live=polite]")).to_have_count(1)

    # Created, the claim's panel lists them again, with a button to mark each.
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
    claim = Claim.objects.get(text=CLAIM_TEXT)
    found = panel.get_by_role("region", name="Already checked?")
    expect(found.get_by_role("link", name=EXTERNAL_TEXT)).to_be_visible()
    expect(found.get_by_role("link", name=OURS_TEXT)).to_have_attribute(
        "href", f"/fact-checks/{ours.pk}/"
    )
    expect(found.get_by_role("link", name=CLAIM_TEXT)).to_have_count(0)  # never itself
    found.get_by_role("button", name=re.compile(r"^Same claim as “Vaccines cause")).click()
    expect(found.get_by_role("status")).to_have_text("Marked as the same claim.")
    marks = panel.locator(f"#same-as-{claim.pk}")
    expect(marks.get_by_role("heading", name="Same claim as")).to_be_visible()
    expect(marks.get_by_role("link", name=EXTERNAL_TEXT)).to_have_attribute("href", REVIEW_URL)
    expect(marks).to_contain_text("marked by camille")
    expect(marks.get_by_role("button", name=re.compile(r"^Remove the mark"))).to_be_visible()
    assert SameClaim.objects.get().claim == claim

    # Ready and submitted, the moderator sees the mark in the queue and approves.
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    services.claim_submit(claim=Claim.objects.get(pk=claim.pk), user=claim.author)
    moderator_page = _logged_in_page(new_context, "morgane")
    moderator_page.goto("/moderation/")
    item = moderator_page.get_by_role("article", name=CLAIM_TEXT)
    checked = item.get_by_role("region", name="Already checked?")
    expect(checked.get_by_role("heading", name="Same claim as")).to_be_visible()
    expect(
        checked.locator(f"#same-as-{claim.pk}").get_by_role("link", name=EXTERNAL_TEXT)
    ).to_have_attribute("href", REVIEW_URL)
    expect(checked).to_contain_text("External fact-check by Checker")
    item.get_by_role("button", name="Approve and publish").click()
    expect(moderator_page.get_by_text("Approved and published.")).to_be_visible()

    # Anyone reads it on the public page, with the link to the other organisation's review.
    visitor = new_context().new_page()
    visitor.goto(f"/fact-checks/{claim.pk}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(CLAIM_TEXT)
    same = visitor.get_by_role("region", name="Same claim as")
    expect(same.get_by_role("link", name=EXTERNAL_TEXT)).to_have_attribute("href", REVIEW_URL)
    expect(same).to_contain_text("Fact-check by Checker, rated “False” by them")
