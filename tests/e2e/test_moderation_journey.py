"""Moderation in a real browser: submission, review, publication, correction.

Each person has a browser context of their own (their own cookies), logged in through
the login form: the reviewer and the moderator work side by side, and an anonymous
visitor reads what was published. Claims are built with the factories (through the
services) up to where the journey starts; everything after goes through the pages.
"""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Claim, Verdict
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLAIM_TEXT = "Le budget de la défense augmente de 3,5 %."
QUOTE = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
COMMENT = "Citez le projet de loi de finances : la hausse y est de 3,1 %."
NEW_RATIONALE = "Le projet de loi de finances annonce une hausse de **3,1 %**, pas de 3,5 %."


# --- Helpers -----------------------------------------------------------------------------


@pytest.fixture
def new_page(new_context):
    """Opens a page in a browser context of its own: one person, their own cookies."""

    def open_page():
        page = new_context().new_page()
        page.goto("/")
        return page

    return open_page


def _logged_in_page(new_page, username):
    page = new_page()
    log_in(page, username, PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def _nav(page):
    return page.get_by_role("navigation", name="Main navigation")


def _panel(page):
    return page.locator("#claim-panel")


def _queue_item(page, claim):
    return page.get_by_role("article", name=claim.text)


def _open_queue(page):
    _nav(page).get_by_role("link", name=re.compile(r"^Moderation")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for review")


def _open_from_my_claims(page, claim):
    _nav(page).get_by_role("link", name="My claims", exact=True).click()
    page.get_by_role("link", name=claim.text).click()
    expect(_panel(page).get_by_role("heading", level=2)).to_contain_text(f"Claim {claim.pk}")


def _verdicts(claim):
    return list(Verdict.objects.filter(claim=claim).order_by("version"))


# --- Journeys ----------------------------------------------------------------------------


def test_claim_goes_from_reviewer_to_moderator_and_back_then_is_published_for_everyone(
    new_page,
):
    reviewer = ReviewerFactory(username="camille")
    ModeratorFactory(username="morgane")
    article = ArticleFactory(title="Budget de la défense : ce que prévoit le texte")
    claim = ready_claim(article=article, author=reviewer, text=CLAIM_TEXT)
    rating = "Mostly false"  # what VerdictFactory sets

    reviewer_page = _logged_in_page(new_page, "camille")
    moderator_page = _logged_in_page(new_page, "morgane")

    # The reviewer submits the ready claim from its panel.
    _open_from_my_claims(reviewer_page, claim)
    panel = _panel(reviewer_page)
    panel.get_by_role("button", name="Submit for review").click()
    expect(panel.get_by_role("status")).to_have_text(
        "Submitted for review. A moderator will approve it or send it back."
    )
    expect(panel.get_by_role("button", name="Submit for review")).to_have_count(0)

    # The moderator finds it in the queue and sends it back with a comment.
    _open_queue(moderator_page)
    item = _queue_item(moderator_page, claim)
    expect(item.locator("mark")).to_have_text(QUOTE)
    expect(item.locator(".rating")).to_have_text(rating)
    expect(item).to_contain_text("verdict by camille")
    item.get_by_role("textbox", name="What should change").fill(COMMENT)
    item.get_by_role("button", name="Request changes").click()
    expect(moderator_page.get_by_text("Sent back to its author with your comment.")).to_be_visible()
    expect(moderator_page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # The reviewer sees the unread notification, reads the comment in the inbox...
    reviewer_page.reload()
    inbox_link = _nav(reviewer_page).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(inbox_link).to_have_text(re.compile(r"Notifications\s+1 unread"))
    inbox_link.click()
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("Notifications")
    notification = reviewer_page.locator(".inbox li").filter(has_text=claim.text)
    expect(notification).to_contain_text("by morgane")
    expect(notification.locator("blockquote")).to_have_text(COMMENT)

    # ...and in their drafts, next to the claim sent back.
    _nav(reviewer_page).get_by_role("link", name="My claims", exact=True).click()
    row = reviewer_page.get_by_role("row").filter(has_text=claim.text)
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text(f"morgane: {COMMENT}")

    # The reviewer opens the claim, sees the comment, changes the rationale, resubmits.
    row.get_by_role("link", name=claim.text).click()
    panel = _panel(reviewer_page)
    expect(panel.get_by_role("note")).to_contain_text("Changes requested by morgane")
    expect(panel.get_by_role("note")).to_contain_text(COMMENT)
    panel.get_by_role("textbox", name="Rationale").fill(NEW_RATIONALE)
    panel.get_by_role("button", name="Save the verdict").click()
    expect(panel.get_by_role("status")).to_have_text("Saved.")
    expect(panel.get_by_role("textbox", name="Rationale")).to_have_value(NEW_RATIONALE)
    panel.get_by_role("button", name="Submit for review").click()
    expect(panel.get_by_role("status")).to_have_text(
        "Submitted for review. A moderator will approve it or send it back."
    )

    # The moderator sees the new rationale in the queue and approves it.
    _open_queue(moderator_page)
    item = _queue_item(moderator_page, claim)
    expect(item.locator(".rationale strong")).to_have_text("3,1 %")
    item.get_by_role("button", name="Approve and publish").click()
    expect(moderator_page.get_by_text("Approved and published.")).to_be_visible()
    expect(moderator_page.get_by_text("Nothing is waiting for review.")).to_be_visible()

    # An anonymous visitor finds it among the fact-checks.
    visitor_page = new_page()
    expect(_nav(visitor_page).get_by_role("link", name="Moderation")).to_have_count(0)
    _nav(visitor_page).get_by_role("link", name="Fact-checks", exact=True).click()
    visitor_page.get_by_role("link", name=claim.text).click()
    expect(visitor_page.get_by_role("heading", level=1)).to_have_text(claim.text)
    expect(visitor_page.locator(".public-detail .rating.big")).to_have_text(rating)
    expect(visitor_page.locator(".rationale")).to_contain_text(
        "Le projet de loi de finances annonce une hausse de 3,1 %, pas de 3,5 %."
    )
    expect(visitor_page.locator(".rationale strong")).to_have_text("3,1 %")
    expect(visitor_page.locator("blockquote mark")).to_have_text(QUOTE)
    expect(visitor_page.get_by_text(f"From “{article.title}” (Le Quotidien)")).to_be_visible()

    # The reviewer reads the whole story on the claim's history page, oldest first.
    # The reviewer is told in the inbox, and opens the claim from there.
    reviewer_page.reload()
    inbox_link = _nav(reviewer_page).get_by_role("link", name=re.compile(r"^Notifications"))
    expect(inbox_link).to_have_text(re.compile(r"Notifications\s+2 unread"))
    inbox_link.click()
    approved = reviewer_page.locator(".inbox li.unread").filter(has_text="Your claim was approved")
    expect(approved).to_contain_text("by morgane")
    approved.get_by_role("link", name=claim.text).click()
    expect(_panel(reviewer_page).get_by_role("heading", level=2)).to_contain_text(
        f"Claim {claim.pk}"
    )
    _panel(reviewer_page).get_by_role("link", name="History").click()
    expect(reviewer_page.get_by_role("heading", level=1)).to_have_text("History of the claim")
    expect(reviewer_page.locator("ol.timeline > li")).to_have_text(
        [
            re.compile(r"camille\s+created the claim"),
            re.compile(r"camille\s+added evidence"),
            re.compile(r"camille\s+set the verdict"),
            re.compile(r"camille\s+submitted for review"),
            re.compile(r"morgane\s+requested changes.*" + re.escape(COMMENT), re.S),
            re.compile(r"camille\s+set the verdict"),
            re.compile(r"camille\s+submitted for review"),
            re.compile(r"morgane\s+approved and published"),
        ]
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert [v.rationale for v in _verdicts(claim)] == [NEW_RATIONALE]


def test_moderator_who_wrote_the_verdict_is_not_offered_to_approve_it(new_page):
    author = ModeratorFactory(username="morgane")
    own = submitted_claim(author=author, text="Le ministre juge cet effort indispensable.")
    other = submitted_claim(text=CLAIM_TEXT)

    page = _logged_in_page(new_page, "morgane")
    _open_queue(page)

    # Someone else's verdict can be decided; one's own cannot.
    other_item = _queue_item(page, other)
    expect(other_item.get_by_role("button", name="Approve and publish")).to_be_visible()
    own_item = _queue_item(page, own)
    expect(own_item.get_by_role("note")).to_have_text(
        "You wrote this verdict: another moderator must review it."
    )
    expect(own_item.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(own_item.get_by_role("button", name="Request changes")).to_have_count(0)

    # Nor in the claim's panel.
    own_item.get_by_role("link", name=own.text).click()
    panel = _panel(page)
    expect(panel.get_by_role("heading", level=2)).to_contain_text(f"Claim {own.pk}")
    expect(panel.get_by_role("note")).to_have_text(
        "You wrote this verdict: another moderator must review it."
    )
    expect(panel.get_by_role("button", name="Approve and publish")).to_have_count(0)
    expect(panel.get_by_role("button", name="Request changes")).to_have_count(0)
    expect(panel.get_by_role("region", name="Moderation")).to_have_count(0)
    own.refresh_from_db()
    assert own.status == Claim.Status.IN_REVIEW


def test_reviewer_corrects_a_published_verdict_and_the_public_page_shows_both(new_page):
    ReviewerFactory(username="dominique")
    ModeratorFactory(username="morgane")
    claim = published_claim(text=CLAIM_TEXT)
    first_rating = "Mostly false"  # what VerdictFactory sets
    note = "La hausse est de 3,1 %, et non de 3,5 % comme d’abord écrit."

    # A reviewer (not the author) proposes a correction.
    reviewer_page = _logged_in_page(new_page, "dominique")
    reviewer_page.goto(claim.get_absolute_url())
    panel = _panel(reviewer_page)
    expect(panel.locator(".rating")).to_have_text(first_rating)
    panel.get_by_role("button", name="Propose a correction").click()
    expect(panel.get_by_role("status")).to_contain_text("Correction started")
    panel.get_by_role("combobox", name="Rating").select_option(label="False")
    panel.get_by_role("textbox", name="Correction note").fill(note)
    panel.get_by_role("button", name="Save the verdict").click()
    expect(panel.get_by_role("status")).to_have_text("Saved.")
    expect(panel.get_by_role("combobox", name="Rating")).to_have_value(Verdict.Rating.FALSE)
    panel.get_by_role("button", name="Submit the correction for review").click()
    expect(panel.get_by_role("status")).to_contain_text("Submitted for review.")

    # A moderator approves it from the claim's panel.
    moderator_page = _logged_in_page(new_page, "morgane")
    _open_queue(moderator_page)
    item = _queue_item(moderator_page, claim)
    expect(item).to_contain_text("Correction (version 2)")
    expect(item).to_contain_text(f"Correction note: {note}")
    item.get_by_role("link", name=claim.text).click()
    panel = _panel(moderator_page)
    decisions = panel.get_by_role("region", name="Moderation")
    decisions.get_by_role("button", name="Approve and publish").click()
    expect(panel.get_by_role("status")).to_have_text("Approved and published. See its public page")
    expect(panel.locator(".rating")).to_have_text("False")

    # The public page shows the new rating, the note, and the earlier verdict.
    panel.get_by_role("link", name="Public page", exact=True).click()
    expect(moderator_page.get_by_role("heading", level=1)).to_have_text(claim.text)
    expect(moderator_page.locator(".public-detail .rating.big")).to_have_text("False")
    expect(moderator_page.locator(".correction-note")).to_contain_text(note)
    earlier = moderator_page.locator("section.history")
    expect(earlier.get_by_role("heading", level=2)).to_have_text("Earlier verdicts")
    expect(earlier.get_by_role("listitem")).to_have_count(1)
    expect(earlier.locator(".rating")).to_have_text(first_rating)
    expect(earlier).to_contain_text("Version 1, published")
    expect(earlier.locator(".rationale strong")).to_have_text("3,1 %")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CORRECTED
    assert [(v.version, v.rating, v.status) for v in _verdicts(claim)] == [
        (1, Verdict.Rating.MOSTLY_FALSE, Verdict.Status.PUBLISHED),
        (2, Verdict.Rating.FALSE, Verdict.Status.PUBLISHED),
    ]
