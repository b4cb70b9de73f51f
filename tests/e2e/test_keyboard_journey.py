"""The journeys' actions with the keyboard alone, each with a visible focus.

Cancelling a new claim (its Cancel button, or Escape once the focus is in its form) and
getting the focus back on the sentence; a rationale previewed after a refused save (the
stale "This field is required." goes, the typed text stays); the evidence, the verdict
and the submission (also in test_annotate_journey.py); a moderator's approval. Every
control reached is checked for a focus indicator the eye can see (``:focus-visible``).
"""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Claim, Verdict
from tests.e2e.test_annotate_journey import _panel, _sentence, _tab_to, _wait_for_annotating
from tests.e2e.test_articles_journey import _import_sample
from tests.factories import PASSWORD, ModeratorFactory, ReviewerFactory, submitted_claim

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def assert_focus_visible(page):
    """The focused element shows an outline (or a box shadow) the eye can see."""
    style = page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {tag: el.tagName, matches: el.matches(':focus-visible'),
                    outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                    shadow: s.boxShadow};
        }"""
    )
    assert style["matches"], style
    visible = style["outline"] not in ("none", "") and style["width"] >= 2
    assert visible or style["shadow"] not in ("none", ""), style


def tab_to(page, target, **kwargs):
    _tab_to(page, target, **kwargs)
    assert_focus_visible(page)


def keyboard_login(page, username):
    page.goto("/accounts/login/")
    # The field has autofocus; the browser applies it at its next rendering step, which
    # can come after the load event: a key typed before it is lost.
    username_field = page.get_by_label("Username")
    expect(username_field).to_be_focused()
    page.keyboard.type(username)
    expect(username_field).to_have_value(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def open_article(page, article):
    page.goto(f"/articles/{article.pk}/")
    _wait_for_annotating(page, article)


def reviewer_on_the_sample_article(page):
    """A reviewer logs in with the keyboard and opens the sample article to annotate."""
    ReviewerFactory(username="camille")
    article = _import_sample()
    keyboard_login(page, "camille")
    expect(page.get_by_role("heading", name="My claims")).to_be_visible()
    open_article(page, article)
    return article


def open_new_claim_at(page, text):
    """Tab into the text (unless the focus is in it), arrow to the sentence containing
    ``text``, press Enter: the new claim's form opens with the focus in it."""
    focused_sentence = page.locator("#article-text .sentence:focus")
    if not focused_sentence.count():
        tab_to(page, page.locator('#article-text .sentence[tabindex="0"]'))
    target = _sentence(page, text)
    goal = int(target.get_attribute("data-start"))
    for _ in range(60):
        here = int(page.evaluate("() => document.activeElement.dataset.start"))
        if here == goal:
            break
        page.keyboard.press("ArrowDown" if here < goal else "ArrowUp")
    expect(target).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(_panel(page).get_by_role("textbox", name="Claim", exact=True)).to_be_focused()
    wait_for_the_form(page)
    return target


def wait_for_the_form(page):
    """htmx has set the panel's new form up (a key pressed before would submit it without
    htmx, as a page), and the form's own requests ("Already checked?") are answered."""
    page.wait_for_function(
        "() => { const form = document.querySelector('#claim-panel form');"
        " return !!(form && form['htmx-internal-data']); }"
    )
    page.wait_for_load_state("networkidle")


def test_escape_and_cancel_close_the_new_claim_form_and_give_the_focus_back(page):
    article = reviewer_on_the_sample_article(page)
    panel = _panel(page)

    # Escape, from the claim's text box: the form closes, the sentence has the focus.
    sentence = open_new_claim_at(page, "On apprend que plus de dix nations")
    page.keyboard.type(" (brouillon)")
    page.keyboard.press("Escape")
    expect(panel.get_by_role("heading", name="New claim")).to_have_count(0)
    expect(panel).to_contain_text("Select text in the article to create a claim")
    expect(sentence).to_be_focused()
    expect(page.locator("#article-text [aria-selected=true]")).to_have_count(0)
    assert_focus_visible(page)

    # Cancel, reached with Tab and pressed with Enter: the same.
    sentence = open_new_claim_at(page, "L’un des points d’intérêt majeurs")
    tab_to(page, panel.get_by_role("link", name="Cancel"))
    page.keyboard.press("Enter")
    expect(panel.get_by_role("heading", name="New claim")).to_have_count(0)
    expect(sentence).to_be_focused()
    expect(page).to_have_url(re.compile(rf"/articles/{article.pk}/$"))

    # Escape from the claimant's box, after the claim was typed: nothing was created.
    open_new_claim_at(page, "On apprend que plus de dix nations")
    page.keyboard.press("Tab")
    expect(panel.get_by_role("textbox", name="Claimant")).to_be_focused()
    page.keyboard.type("Chas Pravdy")
    page.keyboard.press("Escape")
    expect(panel.get_by_role("heading", name="New claim")).to_have_count(0)
    assert not Claim.objects.exists()

    # And the text still works: Enter opens the form again, and it saves.
    page.keyboard.press("Enter")
    expect(panel.get_by_role("textbox", name="Claim", exact=True)).to_be_focused()
    wait_for_the_form(page)
    page.keyboard.press("Tab")
    page.keyboard.type("Chas Pravdy")
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
    assert Claim.objects.get().claimant == "Chas Pravdy"


def test_preview_after_a_refused_save_drops_the_stale_error_then_evidence_and_submit(page):
    reviewer_on_the_sample_article(page)
    open_new_claim_at(page, "On apprend que plus de dix nations")
    panel = _panel(page)
    page.keyboard.press("Tab")  # to the claimant; Enter there creates the claim
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")

    # A rationale of blanks passes the browser's check, not the server's.
    tab_to(page, panel.get_by_role("combobox", name="Rating"))
    page.keyboard.type("False")
    page.keyboard.press("Tab")
    rationale = panel.get_by_role("textbox", name="Rationale")
    expect(rationale).to_be_focused()
    page.keyboard.type("   ")
    tab_to(page, panel.get_by_role("button", name="Save the verdict"))
    page.keyboard.press("Enter")
    expect(panel.get_by_text("This field is required.")).to_have_count(1)
    expect(rationale).to_be_focused()  # the first invalid field
    expect(rationale).to_have_attribute("aria-invalid", "true")

    page.keyboard.press("Control+A")
    page.keyboard.type("Aucune **source** officielle.")
    tab_to(page, panel.get_by_role("button", name="Preview the rationale"))
    page.keyboard.press("Enter")
    expect(panel.locator(".rationale-preview strong")).to_have_text("source")
    # The stale error is gone; what was typed, and the rating, stay.
    expect(panel.get_by_text("This field is required.")).to_have_count(0)
    expect(rationale).to_have_value("Aucune **source** officielle.")
    expect(rationale).not_to_have_attribute("aria-invalid", "true")
    expect(panel.get_by_role("combobox", name="Rating")).to_have_value("false")
    expect(panel.get_by_role("button", name="Preview the rationale")).to_be_focused()

    page.keyboard.press("Shift+Tab")
    expect(panel.get_by_role("button", name="Save the verdict")).to_be_focused()
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_be_visible()
    expect(panel.get_by_text("This field is required.")).to_have_count(0)
    (verdict,) = Verdict.objects.all()
    assert (verdict.rating, verdict.rationale) == ("false", "Aucune **source** officielle.")

    # Evidence, then the submission: still the keyboard alone, the focus always seen.
    tab_to(page, panel.get_by_text("Add evidence", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, panel.get_by_role("textbox", name="Source URL"))
    page.keyboard.type("https://www.insee.fr/fr/statistiques/1")
    tab_to(page, panel.get_by_role("combobox", name="Stance"))
    page.keyboard.type("Refutes")
    tab_to(page, panel.get_by_role("button", name="Add this evidence"))
    page.keyboard.press("Enter")
    expect(panel.get_by_role("link", name="insee.fr", exact=True)).to_be_visible()
    tab_to(page, panel.get_by_role("button", name="Submit for review"))
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_contain_text("Submitted for review")
    assert Claim.objects.get().status == Claim.Status.IN_REVIEW


def test_moderator_approves_a_claim_with_the_keyboard_only(page):
    ModeratorFactory(username="dominique")
    claim = submitted_claim()
    keyboard_login(page, "dominique")
    # A moderator lands on the queue.
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for review")
    item = page.get_by_role("article", name=re.compile(re.escape(claim.text[:30])))
    button = item.get_by_role("button", name="Approve and publish")
    tab_to(page, button, limit=150)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Approved and published.")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    # The message links to the public page: Tab to it, Enter.
    link = page.get_by_role("status").get_by_role("link", name="See its public page")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/fact-checks/{claim.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(claim.text)
