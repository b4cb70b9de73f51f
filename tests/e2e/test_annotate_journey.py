"""Annotating the sample article in a real browser: selection to claim to review.

The journeys go through the page as a reviewer does: mouse selections (snapped to whole
words), clicks and shift-clicks on sentences, the keyboard alone; then the claim panel
(evidence, verdict, submission), what a second reviewer may not do, and the message a
stale edit gets. The database is checked at the end: ``article.body[start:end]`` must be
exactly the quote the reviewer saw.
"""

import re

import pytest
from playwright.sync_api import expect

from annotations.models import Claim, Evidence, Verdict
from tests.e2e.conftest import log_in
from tests.e2e.test_articles_journey import _import_sample
from tests.factories import PASSWORD, ArticleFactory, ClaimFactory, ReviewerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RATIONALE = (
    "Le *Chas Pravdy* ne cite aucune source.\n\n"
    "- Aucune déclaration officielle ne donne de **chiffre**\n"
    "- Voir [le communiqué](https://www.example.org/communique)"
)


# --- Helpers -----------------------------------------------------------------------------


def _open_article(page, article):
    page.get_by_role("link", name="Articles", exact=True).click()
    page.get_by_role("link", name=article.title).click()
    _wait_for_annotating(page, article)


def _wait_for_annotating(page, article):
    """The page is shown, and its script (deferred) has made the text reachable by Tab:
    from then on, clicks and keys on the text are handled."""
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    expect(page.locator("#article-text .sentence").first).to_have_attribute("tabindex", "0")


def _sentence(page, text):
    """The sentence of the article text that contains ``text``."""
    return page.locator("#article-text .sentence").filter(has_text=text)


def _point_in_word(page, sentence, word, fraction=0.5):
    """Viewport coordinates inside ``word`` (its first occurrence in ``sentence``), at
    ``fraction`` of its width: where a reader puts the mouse to start or end a drag."""
    box = sentence.evaluate(
        """(el, word) => {
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(word);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + word.length);
                const r = range.getClientRects()[0];
                return {x: r.x, y: r.y, width: r.width, height: r.height};
            }
            return null;
        }""",
        word,
    )
    assert box, f"{word!r} is not in the sentence"
    return box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2


def _drag(page, start, end):
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


def _panel(page):
    return page.locator("#claim-panel")


def _claim_list(page):
    return page.get_by_role("region", name=re.compile(r"^\d+ claims?$"))


def _add_evidence(panel, *, url, title, stance, publisher=""):
    panel.get_by_text("Add evidence", exact=True).click()
    panel.get_by_role("textbox", name="Source URL").fill(url)
    panel.get_by_role("textbox", name="Title").fill(title)
    if publisher:
        panel.get_by_role("textbox", name="Publisher").fill(publisher)
    panel.get_by_role("combobox", name="Stance").select_option(label=stance)
    panel.get_by_role("button", name="Add this evidence").click()
    expect(panel.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(panel.get_by_role("status")).to_have_text("Saved.")


def _set_verdict(panel, *, rating, rationale):
    panel.get_by_role("combobox", name="Rating").select_option(label=rating)
    panel.get_by_role("textbox", name="Rationale").fill(rationale)
    panel.get_by_role("button", name="Preview the rationale").click()
    preview = panel.locator(".rationale-preview")
    expect(preview.get_by_role("heading", name="Preview")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("chiffre")
    expect(preview.get_by_role("link", name="le communiqué")).to_have_attribute(
        "href", "https://www.example.org/communique"
    )
    panel.get_by_role("button", name="Save the verdict").click()
    # The claim list, refreshed out of band, shows the rating once it is saved.
    expect(_claim_list(panel.page).locator(".rating")).to_have_text(rating)
    expect(panel.get_by_role("status")).to_have_text("Saved.")
    expect(panel.get_by_role("combobox", name="Rating")).to_have_value(_rating_value(rating))


def _rating_value(label):
    return {choice.label: choice.value for choice in Verdict.Rating}[label]


def _tab_to(page, target, *, key="Tab", limit=80):
    """Press ``key`` until ``target`` has the focus, as a keyboard user does."""
    target.wait_for()
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} never got the focus after {limit} presses of {key}")


def _assert_claim_anchored(claim, quote):
    body = claim.article.body
    assert claim.quote == quote
    assert body[claim.start : claim.end] == quote


# --- Journeys ----------------------------------------------------------------------------


def test_reviewer_selects_words_with_the_mouse_and_takes_the_claim_to_review(page):
    ReviewerFactory(username="camille")
    article = _import_sample()
    log_in(page, "camille", PASSWORD)
    _open_article(page, article)

    # A drag from the middle of "politique" to the middle of "tensions".
    sentence = _sentence(page, "Ces derniers jours")
    _drag(
        page,
        _point_in_word(page, sentence, "politique"),
        _point_in_word(page, sentence, "tensions"),
    )
    quote = "politique mondiale connaît une montée des tensions"
    panel = _panel(page)
    expect(panel.get_by_role("heading", name="New claim")).to_be_visible()
    expect(panel.locator("blockquote")).to_have_text(quote)
    expect(panel.locator("input[name=quote]")).to_have_value(quote)
    claim_text = panel.get_by_role("textbox", name="Claim", exact=True)
    expect(claim_text).to_be_focused()
    expect(claim_text).to_have_value(quote)

    claim_text.fill("Les tensions politiques mondiales montent à propos de l’Ukraine.")
    panel.get_by_role("textbox", name="Claimant").fill("Chas Pravdy")
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
    claim = Claim.objects.get()
    expect(panel.get_by_role("heading", name=f"Claim {claim.pk}")).to_contain_text("Draft")

    mark = page.locator(f'#article-text mark[data-claims~="{claim.pk}"]')
    expect(mark).to_have_text(quote)
    expect(mark).to_have_class(re.compile(r"\bhl-draft\b"))
    claims = _claim_list(page)
    expect(claims.get_by_role("heading")).to_have_text("1 claim")
    expect(claims.get_by_role("link")).to_have_text(
        "Les tensions politiques mondiales montent à propos de l’Ukraine."
    )

    _add_evidence(
        panel,
        url="https://www.elysee.fr/emmanuel-macron/2025/08/19/coalition-des-volontaires",
        title="Coalition des volontaires : déclaration commune",
        publisher="Élysée",
        stance="Supports",
    )
    _add_evidence(
        panel,
        url="https://www.nato.int/cps/fr/natohq/news.htm",
        title="L’OTAN dément tout déploiement",
        stance="Refutes",
    )
    expect(panel.locator(".evidence-list .evidence")).to_have_count(2)
    _set_verdict(panel, rating="Mostly true", rationale=RATIONALE)

    panel.get_by_role("button", name="Submit for review").click()
    expect(panel.get_by_role("status")).to_contain_text("Submitted for review")
    expect(panel.get_by_role("heading", name=f"Claim {claim.pk}")).to_contain_text("In review")
    expect(panel.get_by_role("button", name="Submit for review")).to_have_count(0)
    expect(claims.locator(".badge").first).to_have_text("In review")
    expect(mark).to_have_class(re.compile(r"\bhl-in_review\b"))

    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    _assert_claim_anchored(claim, quote)
    assert claim.claimant == "Chas Pravdy"
    assert sorted(claim.evidence.values_list("stance", flat=True)) == [
        Evidence.Stance.REFUTES,
        Evidence.Stance.SUPPORTS,
    ]
    (verdict,) = claim.verdicts.all()
    assert verdict.rating == Verdict.Rating.MOSTLY_TRUE
    assert verdict.rationale == RATIONALE
    assert claim.status == Claim.Status.IN_REVIEW


def test_reviewer_clicks_a_sentence_and_shift_clicks_the_next_to_claim_both(page):
    ReviewerFactory(username="camille")
    article = _import_sample()
    log_in(page, "camille", PASSWORD)
    _open_article(page, article)

    # The reviewer is quicker than the network: the shift-click comes while the form for
    # the first sentence is still on its way (its response is held until then).
    held = []
    page.route(
        "**/claims/new/?*",
        lambda route: held.append(route) if not held else route.continue_(),
    )
    first = _sentence(page, "Les dirigeants de l’Union européenne")
    second = _sentence(page, "Les discussions portent notamment")
    first.click()
    expect(first).to_have_attribute("aria-selected", "true")
    second.click(modifiers=["Shift"])
    expect(second).to_have_attribute("aria-selected", "true")
    expect(first).to_have_attribute("aria-selected", "true")
    assert len(held) == 1
    held[0].continue_()

    panel = _panel(page)
    quote = panel.locator("blockquote")
    expect(quote).to_contain_text("diverses évolutions.Les discussions portent")
    expect(quote).to_have_text(re.compile(r"^Les dirigeants .* règlement pacifique\.$"))
    panel.get_by_role("textbox", name="Claim", exact=True).fill(
        "Des forces britanniques et françaises pourraient être envoyées."
    )
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")

    # Exactly the two sentences, glued together as the article has them.
    claim = Claim.objects.select_related("article").get()
    body = article.body
    before = article.sentences.get(start=body.index("Les dirigeants de l’Union européenne"))
    after = article.sentences.get(start=body.index("Les discussions portent notamment"))
    assert before.end == after.start
    assert (claim.start, claim.end) == (before.start, after.end)
    _assert_claim_anchored(claim, article.body[before.start : after.end])
    assert "diverses évolutions.Les discussions" in claim.quote
    assert claim.text == "Des forces britanniques et françaises pourraient être envoyées."
    marks = page.locator(f'#article-text mark[data-claims~="{claim.pk}"]')
    expect(marks).to_have_count(2)


def test_reviewer_takes_a_claim_to_review_with_the_keyboard_only(page):
    ReviewerFactory(username="camille")
    article = _import_sample()
    page.goto("/accounts/login/")
    expect(page.get_by_role("textbox", name="Username")).to_be_focused()
    page.keyboard.type("camille")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # A reviewer's start is "My claims": Tab to the articles.
    expect(page.get_by_role("heading", name="My claims")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main navigation")
    _tab_to(page, nav.get_by_role("link", name="Articles"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Articles")).to_be_visible()
    _tab_to(page, page.get_by_role("link", name=article.title))
    page.keyboard.press("Enter")
    _wait_for_annotating(page, article)

    # Tab reaches the text at its first sentence (the headline); the arrows move on.
    sentences = page.locator("#article-text .sentence")
    _tab_to(page, sentences.first)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    first = _sentence(page, "On apprend que plus de dix nations")
    expect(first).to_be_focused()
    # Escape drops a selection; Shift+ArrowDown makes a new one over two sentences.
    page.keyboard.press("Shift+ArrowDown")
    expect(sentences.and_(page.locator("[aria-selected=true]"))).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator("#article-text [aria-selected=true]")).to_have_count(0)
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Shift+ArrowDown")
    second = _sentence(page, "L’un des points d’intérêt majeurs")
    expect(second).to_be_focused()
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    panel = _panel(page)
    claim_text = panel.get_by_role("textbox", name="Claim", exact=True)
    expect(claim_text).to_be_focused()
    expect(panel.locator("blockquote")).to_contain_text("maintien de la paix. L’un des points")
    page.keyboard.press("Control+A")
    page.keyboard.type("Plus de dix pays sont prêts à envoyer des soldats en Ukraine.")
    page.keyboard.press("Tab")
    expect(panel.get_by_role("textbox", name="Claimant")).to_be_focused()
    page.keyboard.type("Chas Pravdy")
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
    claim = Claim.objects.get()
    expect(panel).to_be_focused()

    for url, title, stance in (
        ("https://www.elysee.fr/coalition", "Coalition des volontaires", "Supports"),
        ("https://www.nato.int/dementi", "Démenti de l’OTAN", "Refutes"),
    ):
        _tab_to(page, panel.get_by_text("Add evidence", exact=True))
        page.keyboard.press("Enter")
        _tab_to(page, panel.get_by_role("textbox", name="Source URL"))
        page.keyboard.type(url)
        _tab_to(page, panel.get_by_role("textbox", name="Title"))
        page.keyboard.type(title)
        _tab_to(page, panel.get_by_role("combobox", name="Stance"))
        page.keyboard.type(stance)
        expect(panel.get_by_role("combobox", name="Stance")).to_have_value(stance.lower())
        _tab_to(page, panel.get_by_role("button", name="Add this evidence"))
        page.keyboard.press("Enter")
        expect(panel.get_by_role("link", name=title, exact=True)).to_be_visible()
    expect(panel.locator(".evidence-list .evidence")).to_have_count(2)

    _tab_to(page, panel.get_by_role("combobox", name="Rating"))
    page.keyboard.type("Mostly true")
    expect(panel.get_by_role("combobox", name="Rating")).to_have_value("mostly_true")
    page.keyboard.press("Tab")
    expect(panel.get_by_role("textbox", name="Rationale")).to_be_focused()
    page.keyboard.type(RATIONALE)
    _tab_to(page, panel.get_by_role("button", name="Preview the rationale"))
    page.keyboard.press("Enter")
    expect(panel.locator(".rationale-preview strong")).to_have_text("chiffre")
    page.keyboard.press("Shift+Tab")
    expect(panel.get_by_role("button", name="Save the verdict")).to_be_focused()
    page.keyboard.press("Enter")
    expect(_claim_list(page).locator(".rating")).to_have_text("Mostly true")

    _tab_to(page, panel.get_by_role("button", name="Submit for review"))
    page.keyboard.press("Enter")
    expect(panel.get_by_role("status")).to_contain_text("Submitted for review")
    expect(panel.get_by_role("heading", name=f"Claim {claim.pk}")).to_contain_text("In review")

    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    body = claim.article.body
    assert body[claim.start : claim.end] == claim.quote
    assert claim.quote.startswith("On apprend que plus de dix nations")
    assert claim.quote.endswith("signé dès cette semaine.")
    assert claim.text == "Plus de dix pays sont prêts à envoyer des soldats en Ukraine."
    assert claim.claimant == "Chas Pravdy"
    assert claim.evidence.count() == 2
    (verdict,) = claim.verdicts.all()
    assert verdict.rating == Verdict.Rating.MOSTLY_TRUE
    assert verdict.rationale == RATIONALE
    assert claim.status == Claim.Status.IN_REVIEW


def test_second_reviewer_sees_a_draft_read_only_and_cannot_forge_an_edit(page):
    article = _import_sample()
    author = ReviewerFactory(username="alice")
    ReviewerFactory(username="bruno")
    claim = ClaimFactory(
        article=article,
        author=author,
        sentence=2,
        text="Plus de dix nations enverraient des soldats.",
    )
    log_in(page, "bruno", PASSWORD)
    _open_article(page, article)
    _claim_list(page).get_by_role(
        "link", name="Plus de dix nations enverraient des soldats."
    ).click()

    panel = _panel(page)
    expect(panel.get_by_role("heading", name=f"Claim {claim.pk}")).to_contain_text("Draft")
    expect(panel.get_by_text("By alice")).to_be_visible()
    expect(panel.locator(".claim-fields")).to_contain_text(
        "Plus de dix nations enverraient des soldats."
    )
    expect(panel.locator("form")).to_have_count(0)
    expect(panel.get_by_role("textbox")).to_have_count(0)
    expect(panel.get_by_role("button", name="Submit for review")).to_have_count(0)
    expect(panel.get_by_role("button", name="Save the claim")).to_have_count(0)
    expect(panel.get_by_text("Add evidence")).to_have_count(0)

    # The page's session and CSRF token are good (the preview accepts them), yet the
    # claim's edit and submission, forged with them, are refused.
    token = page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
    preview = page.request.post(
        "/rationale/preview/", form={"csrfmiddlewaretoken": token, "rationale": "**ok**"}
    )
    assert preview.status == 200
    assert "<strong>ok</strong>" in preview.text()
    for url, data in (
        (f"/claims/{claim.pk}/edit/", {"text": "Réécrit par bruno", "claimant": "bruno"}),
        (f"/claims/{claim.pk}/submit/", {}),
    ):
        response = page.request.post(
            url, form={"csrfmiddlewaretoken": token, "version": str(claim.version), **data}
        )
        assert response.status == 403, url
        # Refused for who bruno is, not for the token: the refusal page, not the CSRF one.
        assert "Access refused" in response.text()
        assert "This form has expired" not in response.text()
    claim.refresh_from_db()
    assert claim.text == "Plus de dix nations enverraient des soldats."
    assert claim.status == Claim.Status.DRAFT
    assert claim.version == 1


def test_second_save_of_a_stale_claim_shows_the_conflict_and_keeps_the_typed_text(page):
    article = _import_sample()
    author = ReviewerFactory(username="alice")
    claim = ClaimFactory(article=article, author=author, sentence=2, text="Texte initial.")
    log_in(page, "alice", PASSWORD)
    first_tab = page
    second_tab = page.context.new_page()
    for tab in (first_tab, second_tab):
        tab.goto(article.get_absolute_url())
        _wait_for_annotating(tab, article)
        _claim_list(tab).get_by_role("link", name="Texte initial.").click()
        expect(_panel(tab).get_by_role("textbox", name="Claim", exact=True)).to_have_value(
            "Texte initial."
        )

    panel = _panel(first_tab)
    panel.get_by_role("textbox", name="Claim", exact=True).fill("Texte de l’onglet 1.")
    panel.get_by_role("button", name="Save the claim").click()
    expect(_claim_list(first_tab).get_by_role("link")).to_have_text("Texte de l’onglet 1.")
    expect(panel.get_by_role("status")).to_have_text("Saved.")

    panel = _panel(second_tab)
    claim_text = panel.get_by_role("textbox", name="Claim", exact=True)
    claim_text.fill("Texte de l’onglet 2.")
    panel.get_by_role("button", name="Save the claim").click()
    conflict = panel.get_by_role("alert")
    expect(conflict).to_contain_text("Someone changed this claim since you opened it")
    expect(conflict).to_contain_text("Claim, now:")
    expect(conflict.locator("dd")).to_have_text("Texte de l’onglet 1.")
    expect(claim_text).to_have_value("Texte de l’onglet 2.")
    claim.refresh_from_db()
    assert claim.text == "Texte de l’onglet 1."

    panel.get_by_role("button", name="Save the claim").click()
    expect(panel.get_by_role("status")).to_have_text("Saved.")
    expect(panel.get_by_role("alert")).to_have_count(0)
    expect(_claim_list(second_tab).get_by_role("link")).to_have_text("Texte de l’onglet 2.")
    claim.refresh_from_db()
    assert claim.text == "Texte de l’onglet 2."
    assert claim.version == 3


def test_refused_evidence_url_is_explained_next_to_the_field_and_the_title_is_kept(page):
    article = _import_sample()
    author = ReviewerFactory(username="alice")
    claim = ClaimFactory(article=article, author=author, sentence=2, text="Texte initial.")
    log_in(page, "alice", PASSWORD)
    _open_article(page, article)
    _claim_list(page).get_by_role("link", name="Texte initial.").click()

    panel = _panel(page)
    panel.get_by_text("Add evidence", exact=True).click()
    url = panel.get_by_role("textbox", name="Source URL")
    url.fill("javascript:alert(1)")
    panel.get_by_role("textbox", name="Title").fill("Un titre à garder")
    panel.get_by_role("combobox", name="Stance").select_option(label="Refutes")
    panel.get_by_role("button", name="Add this evidence").click()

    expect(url).to_have_attribute("aria-invalid", "true")
    expect(url).to_be_focused()
    expect(url).to_have_accessible_description(re.compile(r"^Enter a valid URL\."))
    expect(panel.locator("#id_evidence_url_error")).to_contain_text("Enter a valid URL.")
    expect(url).to_have_value("javascript:alert(1)")
    expect(panel.get_by_role("textbox", name="Title")).to_have_value("Un titre à garder")
    expect(panel.get_by_role("combobox", name="Stance")).to_have_value("refutes")
    assert claim.evidence.count() == 0


def test_offsets_after_an_emoji_are_counted_as_the_server_counts_them(page):
    # The browser counts UTF-16 units, the server code points: a flag is 2 code points
    # but 4 units, which shifted every offset after it before annotate.js counted alike.
    ReviewerFactory(username="camille")
    article = ArticleFactory(
        paragraphs=("Le ministre 🇫🇷 a parlé mardi soir. Il a promis 3 % de hausse.",)
    )
    log_in(page, "camille", PASSWORD)
    page.goto(article.get_absolute_url())
    _wait_for_annotating(page, article)
    sentence = _sentence(page, "Le ministre")
    panel = _panel(page)

    sentence.click()
    expect(panel.locator("blockquote")).to_have_text("Le ministre 🇫🇷 a parlé mardi soir.")
    expect(panel.get_by_role("alert")).to_have_count(0)

    _drag(
        page,
        _point_in_word(page, sentence, "parlé"),
        _point_in_word(page, sentence, "mardi"),
    )
    expect(panel.locator("blockquote")).to_have_text("parlé mardi")
    panel.get_by_role("textbox", name="Claim", exact=True).fill("Le ministre a parlé mardi.")
    panel.get_by_role("button", name="Create claim").click()
    expect(panel.get_by_role("status")).to_have_text("Claim created as a draft.")
    claim = Claim.objects.select_related("article").get()
    _assert_claim_anchored(claim, "parlé mardi")
    expect(page.locator(f'#article-text mark[data-claims~="{claim.pk}"]')).to_have_text(
        "parlé mardi"
    )
