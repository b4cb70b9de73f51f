"""A new version of an article in a real browser: a quoted figure corrected after publication.

The sample article is imported and a claim on its figure published (through the
services); a moderator then imports the corrected text through the pages, sees the claim
marked changed, confirms its new passage, and a visitor reads on the public page that
the passage was corrected. A reviewer picks another passage for a draft by selecting it.
"""

import pytest
from playwright.sync_api import expect

from annotations import importing, services
from annotations.models import AnchorState, Article, Claim
from tests.conftest import SAMPLE_ARTICLE
from tests.e2e.conftest import log_in
from tests.factories import (
    PASSWORD,
    ClaimFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIGURE = "plus de dix nations"
CORRECTED = "plus de douze nations"


def _sample() -> Article:
    from zoneinfo import ZoneInfo

    parsed = importing.parse_upload(
        SAMPLE_ARTICLE.read_bytes(),
        filename=SAMPLE_ARTICLE.name,
        default_timezone=ZoneInfo("Europe/Paris"),
        max_bytes=5_000_000,
    )
    return services.article_import(parsed=parsed, import_format="text").article


def _sentence_span(article: Article, words: str) -> tuple[int, int]:
    start = article.body.rindex("\n", 0, article.body.index(words)) + 1
    return start, article.body.index(".", start) + 1


def _corrected_file() -> dict:
    text = SAMPLE_ARTICLE.read_text(encoding="utf-8").replace(FIGURE, CORRECTED)
    return {"name": "correction.txt", "mimeType": "text/plain", "buffer": text.encode()}


def _import_new_version(page, article):
    page.goto(article.get_absolute_url())
    page.get_by_role("link", name="Import a new version").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a new version")
    page.get_by_label("File").set_input_files(_corrected_file())
    page.get_by_role("button", name="Import the new version").click()
    expect(page.get_by_role("status")).to_contain_text("Imported version 2 of")


def test_a_moderator_imports_a_corrected_version_and_confirms_the_new_passage(new_context):
    article = _sample()
    start, end = _sentence_span(article, FIGURE)
    claim = published_claim(article=article, start=start, end=end)
    ModeratorFactory(username="dominique")

    page = new_context().new_page()
    log_in(page, "dominique", PASSWORD)
    _import_new_version(page, article)
    expect(page.get_by_role("status")).to_contain_text("1 changed")

    # The claim is marked where its passage now stands, and in the list.
    mark = page.locator(f'#article-text mark.hl-passage-changed[data-claims="{claim.pk}"]')
    expect(mark).to_contain_text(CORRECTED)
    item = page.locator("#claim-list li", has=page.locator(f'a[data-claim="{claim.pk}"]'))
    expect(item).to_contain_text("Passage changed")

    item.get_by_role("link").click()
    panel = page.locator("#claim-panel")
    expect(panel.get_by_role("heading", name="The passage changed")).to_be_visible()
    expect(panel.locator(".passage-old")).to_contain_text(FIGURE)
    expect(panel.locator(".passage-old del")).to_have_text("dix")
    expect(panel.locator(".passage-new")).to_contain_text(CORRECTED)
    expect(panel.locator(".passage-new ins")).to_have_text("douze")
    panel.get_by_role("button", name="Confirm the proposed passage").click()
    expect(panel).to_contain_text("The claim now quotes the current version of the article.")
    expect(page.locator(f'#article-text mark[data-claims="{claim.pk}"]')).not_to_have_class(
        "hl-passage-changed"
    )
    claim.refresh_from_db()
    assert claim.anchor_state == AnchorState.UNCHANGED and CORRECTED in claim.quote

    visitor = new_context().new_page()
    visitor.goto(f"/fact-checks/{claim.pk}/")
    passage = visitor.locator(".passage-public")
    expect(passage).to_contain_text("This fact-check checked version 1 of the article")
    expect(passage).to_contain_text("The quoted passage was corrected in the current version")
    expect(passage.locator(".passage-diff del")).to_have_text("dix")
    expect(passage.locator(".passage-diff ins")).to_have_text("douze")
    expect(visitor.locator(".quote-in-context mark")).to_contain_text(FIGURE)


def test_a_reviewer_picks_another_passage_for_a_changed_draft(new_context):
    article = _sample()
    start, end = _sentence_span(article, FIGURE)
    reviewer = ReviewerFactory(username="camille")
    claim = ClaimFactory(article=article, author=reviewer, start=start, end=end)

    page = new_context().new_page()
    log_in(page, "camille", PASSWORD)
    _import_new_version(page, article)
    page.locator(f'#claim-list a[data-claim="{claim.pk}"]').click()
    panel = page.locator("#claim-panel")
    panel.get_by_role("button", name="Pick another passage").click()
    expect(page.locator("#article-text")).to_have_class("article-text picking")
    # A click on a sentence takes the whole sentence, as for a new claim.
    sentence = page.locator("#article-text .sentence", has_text="Cependant, le soutien")
    sentence.click()
    expect(panel).to_contain_text("The passage you selected")
    panel.get_by_role("button", name="Confirm this passage").click()
    expect(panel).to_contain_text("The claim now quotes the current version of the article.")
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.quote == "Cependant, le soutien des États-Unis reste encore flou."
    assert claim.anchored_version == 2
