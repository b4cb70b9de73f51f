"""The annotate page and the claim panel: claims, evidence, verdicts, submitting, drafts.

Requests go through the Django test client; htmx requests carry the headers htmx
sends (``HX-Request``, and ``HX-Target`` naming the element the answer replaces).
"""

import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from annotations import services
from annotations.models import Claim, Evidence, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

FIRST = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
SECOND = "Selon le ministre, « cet effort est indispensable »."
THIRD = "L’opposition dénonce un texte « insincère »."

CONFLICT = "Someone changed this claim since you opened it"
NOT_A_DRAFT = "This claim is no longer a draft; it cannot be edited."

PREVIEW_URL = reverse("annotations:verdict_preview")


def htmx(target="claim-panel"):
    """The headers htmx sends when it swaps the answer into ``#target``."""
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def span_of(article, text):
    start = article.body.index(text)
    return start, start + len(text)


def new_claim_url(article, **params):
    url = reverse("annotations:claim_new", args=[article.pk])
    return f"{url}?{urlencode(params)}" if params else url


def url(name, obj):
    return reverse(f"annotations:{name}", args=[obj.pk])


def version_of(claim):
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


def ready_claim(**kwargs):
    """A draft with evidence, a rating and a rationale: all that submitting needs."""
    claim = ClaimFactory(**kwargs)
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    return claim


def in_review_claim(**kwargs):
    claim = ready_claim(**kwargs)
    services.claim_submit(claim=claim, user=claim.author, expected_version=version_of(claim))
    claim.refresh_from_db()
    return claim


def evidence_data(version, prefix="", **overrides):
    values = {
        "version": version,
        "url": "https://www.example.org/plf-2025",
        "title": "Projet de loi de finances 2025",
        "publisher": "Ministère",
        "published_on": "2025-10-01",
        "quote": "Les crédits de la mission Défense progressent de 3,1 %.",
        "stance": Evidence.Stance.REFUTES,
    }
    values.update(overrides)
    return {f"{prefix}{name}": value for name, value in values.items()}


def marks(content):
    """(classes, data-claims, text) of every highlight in the article text."""
    article_text = content[content.index('id="article-text"') : content.index('id="claim-list"')]
    return re.findall(
        r'<mark class="([^"]*)" data-claims="([^"]*)"(?: title="[^"]*")?>([^<]*)</mark>',
        article_text,
    )


def hidden_version(content, form_id_prefix="claim"):
    match = re.search(
        rf'name="version" value="(\d+)"[^>]*id="id_{form_id_prefix}_version"', content
    )
    assert match, f"no hidden version for the {form_id_prefix} form"
    return int(match.group(1))


@pytest.fixture
def article():
    return ArticleFactory()


@pytest.fixture
def claim(reviewer):
    return ClaimFactory(author=reviewer, text="Le budget de la défense augmente de 3,5 %.")


# --- The annotate page ----------------------------------------------------------------------


def test_annotate_page_shows_claims_as_highlights_with_status_and_rating_classes(
    reviewer_client, reviewer, article
):
    rated = ClaimFactory(article=article, author=reviewer, sentence=1)
    VerdictFactory(claim=rated, rating=Verdict.Rating.MOSTLY_FALSE)
    draft = ClaimFactory(article=article, author=reviewer, sentence=3)
    reviewed = in_review_claim(article=article, author=reviewer, sentence=2)

    content = reviewer_client.get(article.get_absolute_url()).content.decode()

    assert marks(content) == [
        ("hl hl-draft hl-rating-mostly_false", str(rated.pk), FIRST),
        ("hl hl-in_review hl-rating-mostly_false", str(reviewed.pk), SECOND),
        ("hl hl-draft hl-rating-none", str(draft.pk), THIRD),
    ]


def test_overlapping_claims_become_one_segment_listing_both_claims(
    reviewer_client, reviewer, other_reviewer, article
):
    start, end = span_of(article, FIRST)
    middle = article.body.index("un budget")
    whole = ClaimFactory(article=article, author=reviewer, start=start, end=end)
    tail = ClaimFactory(article=article, author=other_reviewer, start=middle, end=end)

    content = reviewer_client.get(article.get_absolute_url()).content.decode()

    assert marks(content) == [
        ("hl hl-draft hl-rating-none", str(whole.pk), article.body[start:middle]),
        (
            "hl hl-draft hl-rating-none hl-overlap",
            f"{whole.pk} {tail.pk}",
            article.body[middle:end],
        ),
    ]
    assert 'title="2 claims here: click again for the next"' in content


def test_annotate_page_lists_claims_with_status_rating_and_a_plain_link_to_each(
    reviewer_client, reviewer, article
):
    first = ready_claim(article=article, author=reviewer, sentence=1, text="Premier constat.")
    second = ClaimFactory(article=article, author=reviewer, sentence=2, text="Second constat.")

    content = reviewer_client.get(article.get_absolute_url()).content.decode()
    claim_list = content[content.index('id="claim-list"') : content.index('class="legend"')]

    assert "2 claims" in claim_list
    for claim in (first, second):
        # Without JavaScript the link still goes to the claim's own page.
        assert f'<a href="{claim.get_absolute_url()}" hx-get="{claim.get_absolute_url()}"' in (
            claim_list
        )
    assert claim_list.index("Premier constat.") < claim_list.index("Second constat.")
    assert claim_list.count('class="badge status-draft">Draft</span>') == 2
    assert 'class="badge rating rating-mostly_false">Mostly false</span>' in claim_list
    assert reviewer.username in claim_list


def test_claim_page_works_without_javascript(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.get(claim.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    assert f'href="{claim.article.get_absolute_url()}"' in content
    # Every htmx form also posts as a plain form.
    for name in ("claim_edit", "evidence_add", "verdict_set", "claim_submit"):
        assert f'method="post" action="{url(name, claim)}"' in content


def test_annotate_page_has_a_legend_of_ratings_and_statuses(reviewer_client, article):
    content = reviewer_client.get(article.get_absolute_url()).content.decode()
    legend = content[content.index('class="legend"') :]
    assert "No rating yet" in legend
    for value, label in Verdict.Rating.choices:
        assert f'<mark class="hl hl-rating-{value}">{label}</mark>' in legend
    for label in ("Draft", "In review", "Overlapping claims"):
        assert label in legend


def test_user_text_is_escaped_on_the_annotate_page(reviewer_client, reviewer):
    article = ArticleFactory(paragraphs=["<img src=x onerror=alert(1)> Une phrase.", "Fin."])
    ClaimFactory(
        article=article,
        author=reviewer,
        sentence=1,
        text="<script>alert(2)</script> texte",
        claimant="<b>Claimant</b>",
    )
    content = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;" in content
    assert "<script>alert(2)" not in content
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content


@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_user_text_is_escaped_on_the_claim_panel(client, reviewer, other_reviewer, as_htmx):
    article = ArticleFactory(paragraphs=["<img src=x onerror=alert(1)> Une phrase.", "Fin."])
    claim = ClaimFactory(
        article=article,
        author=reviewer,
        sentence=1,
        text="<script>alert(2)</script> texte",
        claimant="<b>Claimant</b>",
    )
    EvidenceFactory(
        claim=claim, title="<i>Titre</i>", quote="<iframe src=x></iframe>", publisher="<u>P</u>"
    )
    VerdictFactory(claim=claim)
    # The author sees the values in form fields; another reviewer sees them as text.
    for user in (reviewer, other_reviewer):
        client.force_login(user)
        headers = htmx("side-panel") if as_htmx else {}
        content = client.get(claim.get_absolute_url(), **headers).content.decode()
        for raw in ("<img src=x", "<script>alert(2)", "<b>Claimant", "<i>Titre", "<iframe", "<u>P"):
            assert raw not in content, (user, raw)
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content
        assert "&lt;b&gt;Claimant&lt;/b&gt;" in content
        assert "&lt;i&gt;Titre&lt;/i&gt;" in content
        assert "&lt;iframe src=x&gt;&lt;/iframe&gt;" in content


# --- A new claim --------------------------------------------------------------------------


def test_new_claim_form_is_prefilled_from_the_selection(reviewer_client, article):
    start, end = span_of(article, FIRST)
    response = reviewer_client.get(new_claim_url(article, start=start, end=end, quote=FIRST))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content
    form = response.context["form"]
    assert form.initial == {"start": start, "end": end, "quote": FIRST, "text": FIRST}
    assert f'name="start" value="{start}"' in content
    assert f'name="end" value="{end}"' in content
    assert f">\n{FIRST}</textarea>" in content
    assert f'action="{new_claim_url(article)}"' in content


def test_new_claim_selection_is_trimmed_and_its_white_space_tolerated(reviewer_client, article):
    start, _ = span_of(article, FIRST)
    _, end = span_of(article, SECOND)
    # A browser joins two sentences with its own white space, and may take a trailing one.
    quote = f"{FIRST}  {SECOND}"
    response = reviewer_client.get(new_claim_url(article, start=start, end=end + 1, quote=quote))
    assert response.context["form"].initial["end"] == end
    assert response.context["form"].initial["quote"] == article.body[start:end]


def test_new_claim_form_for_htmx_is_only_the_panel(reviewer_client, article):
    start, end = span_of(article, FIRST)
    response = reviewer_client.get(
        new_claim_url(article, start=start, end=end, quote=FIRST), **htmx("side-panel")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="claim-panel"')
    assert 'name="text"' in content
    assert f'hx-post="{new_claim_url(article)}"' in content


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"quote_override": "Le gouvernement a présenté jeudi"}, "does not match the article"),
        ({"start": -1}, "outside the article"),
        ({"end": 10**6}, "outside the article"),
        ({"start_equals_end": True}, "outside the article"),
        ({"start": "abc"}, "Select some text of the article first"),
        ({"no_params": True}, "Select some text of the article first"),
    ],
    ids=["mismatching-quote", "negative", "past-the-end", "empty", "not-a-number", "no-params"],
)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_new_claim_form_with_a_bad_selection_says_so_and_shows_no_form(
    reviewer_client, article, params, message, as_htmx
):
    params = dict(params)  # the parametrized dict is shared by the page and htmx runs
    start, end = span_of(article, FIRST)
    query = {"start": start, "end": end, "quote": FIRST}
    if params.pop("no_params", False):
        query = {}
    if params.pop("start_equals_end", False):
        query["end"] = start
    if "quote_override" in params:
        query["quote"] = params.pop("quote_override")
    query.update(params)
    headers = htmx("side-panel") if as_htmx else {}
    response = reviewer_client.get(new_claim_url(article, **query), **headers)
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'role="alert"' in content
    assert '<form method="post" action="/articles' not in content
    assert 'name="text"' not in content
    assert Claim.objects.count() == 0


def new_claim_post(article, text=FIRST, claimant="Le gouvernement", quote=FIRST):
    start, end = span_of(article, FIRST)
    return {"start": start, "end": end, "quote": quote, "text": text, "claimant": claimant}


def test_creating_a_claim_with_htmx_returns_the_panel_and_refreshes_the_article_out_of_band(
    reviewer_client, reviewer, article
):
    response = reviewer_client.post(
        new_claim_url(article),
        new_claim_post(article, text="Le budget de la défense augmente de 3,5 %."),
        **htmx(),
    )
    claim = Claim.objects.get()
    content = response.content.decode()
    assert response.status_code == 200
    assert (claim.author, claim.status, claim.quote, claim.claimant) == (
        reviewer,
        Claim.Status.DRAFT,
        FIRST,
        "Le gouvernement",
    )
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="claim-panel"')
    assert f'data-claim="{claim.pk}"' in content
    assert "Claim created as a draft." in content
    # The article's highlights and the claim list are swapped in out of band.
    assert re.search(r'<div id="article-text"[^>]*hx-swap-oob="true"', content)
    assert re.search(r'<section id="claim-list"[^>]*hx-swap-oob="true"', content)
    assert f'<mark class="hl hl-draft hl-rating-none" data-claims="{claim.pk}">{FIRST}</mark>' in (
        content
    )
    assert "1 claim" in content


def test_creating_a_claim_without_htmx_redirects_to_the_claim_page(reviewer_client, article):
    response = reviewer_client.post(new_claim_url(article), new_claim_post(article))
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    page = reviewer_client.get(response["Location"]).content.decode()
    assert "Claim created as a draft." in page


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * (Claim.TEXT_MAX_LENGTH + 1), "at most 1000 characters"),
    ],
    ids=["empty", "blank", "too-long"],
)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_creating_a_claim_with_bad_text_keeps_what_was_typed_and_shows_the_error_at_the_field(
    reviewer_client, article, text, error, as_htmx
):
    headers = htmx() if as_htmx else {}
    response = reviewer_client.post(
        new_claim_url(article),
        new_claim_post(article, text=text, claimant="Le ministre des Armées"),
        **headers,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].has_error("text")
    assert 'value="Le ministre des Armées"' in content
    if text.strip():
        assert f">\n{text}</textarea>" in content
    errors = re.search(r'<ul class="errorlist" id="id_text_error">(.*?)</ul>', content, re.S)
    assert errors, "the error is not next to the text field"
    assert error in errors.group(1)
    assert ("<html" in content) is not as_htmx
    assert Claim.objects.count() == 0


def test_creating_a_claim_over_a_quote_that_no_longer_matches_is_refused(reviewer_client, article):
    response = reviewer_client.post(
        new_claim_url(article), new_claim_post(article, quote="Un autre texte."), **htmx()
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "does not match the article" in content
    assert 'value="Le gouvernement"' in content
    assert Claim.objects.count() == 0


# --- Who may edit the claim -----------------------------------------------------------------

EDIT_FORM_ACTIONS = ("claim_edit", "evidence_add", "verdict_set", "claim_submit")


@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_author_sees_edit_forms_on_a_draft(client, reviewer, claim, as_htmx):
    evidence = EvidenceFactory(claim=claim)
    client.force_login(reviewer)
    headers = htmx("side-panel") if as_htmx else {}
    content = client.get(claim.get_absolute_url(), **headers).content.decode()
    for name in EDIT_FORM_ACTIONS:
        assert f'hx-post="{url(name, claim)}"' in content
    assert f'hx-post="{url("evidence_delete", evidence)}"' in content
    assert f'hx-get="{url("evidence_edit", evidence)}"' in content
    assert f'value="{claim.version}"' in content


@pytest.mark.parametrize("viewer", ["other_reviewer", "moderator"])
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_another_reviewer_and_a_moderator_see_the_claim_read_only(
    client, request, claim, viewer, as_htmx
):
    EvidenceFactory(claim=claim, title="Annexe budgétaire")
    VerdictFactory(claim=claim, rationale="La hausse est de **3,1 %**.")
    client.force_login(request.getfixturevalue(viewer))
    headers = htmx("side-panel") if as_htmx else {}
    response = client.get(claim.get_absolute_url(), **headers)
    content = response.content.decode()
    panel = content[content.index('<section id="claim-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert response.status_code == 200
    assert "<form" not in panel
    assert "<textarea" not in panel
    assert "Le budget de la défense augmente de 3,5 %." in panel
    assert "Annexe budgétaire" in panel
    assert "<strong>3,1 %</strong>" in panel
    assert "Mostly false" in panel


def edit_posts(claim, evidence):
    """Every edit POST of the claim panel, with data that would be accepted."""
    version = version_of(claim)
    return [
        (url("claim_edit", claim), {"version": version, "text": "Autre texte", "claimant": ""}),
        (url("evidence_add", claim), evidence_data(version)),
        (
            url("evidence_edit", evidence),
            evidence_data(version, prefix=f"evidence-{evidence.pk}-", title="Changé"),
        ),
        (url("evidence_delete", evidence), {"version": version}),
        (
            url("verdict_set", claim),
            {"version": version, "rating": Verdict.Rating.TRUE, "rationale": "Vrai."},
        ),
        (url("claim_submit", claim), {"version": version}),
    ]


EDIT_POST_IDS = [
    "claim_edit",
    "evidence_add",
    "evidence_edit",
    "evidence_delete",
    "verdict_set",
    "claim_submit",
]


@pytest.mark.parametrize("index", range(6), ids=EDIT_POST_IDS)
@pytest.mark.parametrize("viewer", ["other_reviewer", "moderator"])
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_another_reviewer_and_a_moderator_get_403_on_every_edit(
    client, request, claim, viewer, index, as_htmx
):
    evidence = EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    before = version_of(claim)
    client.force_login(request.getfixturevalue(viewer))
    target, data = edit_posts(claim, evidence)[index]
    headers = htmx() if as_htmx else {}
    assert client.post(target, data, **headers).status_code == 403
    claim.refresh_from_db()
    assert claim.version == before
    assert claim.status == Claim.Status.DRAFT
    assert claim.text == "Le budget de la défense augmente de 3,5 %."
    assert list(claim.evidence.values_list("title", flat=True)) == [evidence.title]


@pytest.mark.parametrize("viewer", ["other_reviewer", "moderator"])
def test_another_reviewer_and_a_moderator_cannot_open_the_evidence_edit_form(
    client, request, claim, viewer
):
    evidence = EvidenceFactory(claim=claim)
    client.force_login(request.getfixturevalue(viewer))
    assert client.get(url("evidence_edit", evidence), **htmx()).status_code == 403


@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_claim_in_review_is_read_only_for_its_author(client, reviewer, as_htmx):
    claim = in_review_claim(author=reviewer)
    client.force_login(reviewer)
    headers = htmx("side-panel") if as_htmx else {}
    content = client.get(claim.get_absolute_url(), **headers).content.decode()
    panel = content[content.index('<section id="claim-panel"') :]
    panel = panel[: panel.index("</section>")]
    assert '<span class="badge status-in_review">In review</span>' in panel
    assert "<form" not in panel


@pytest.mark.parametrize("index", range(6), ids=EDIT_POST_IDS)
@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_editing_a_claim_in_review_is_a_409_with_a_message(client, reviewer, index, as_htmx):
    claim = in_review_claim(author=reviewer)
    evidence = claim.evidence.get()
    before = version_of(claim)
    client.force_login(reviewer)
    target, data = edit_posts(claim, evidence)[index]
    headers = htmx() if as_htmx else {}
    response = client.post(target, data, **headers)
    content = response.content.decode()
    assert response.status_code == 409
    assert NOT_A_DRAFT in content
    assert 'role="alert"' in content
    assert "<form" not in content[content.index('<section id="claim-panel"') :]
    claim.refresh_from_db()
    assert (claim.version, claim.status) == (before, Claim.Status.IN_REVIEW)
    assert claim.evidence.get().title == evidence.title


# --- Editing the claim, and conflicts ---------------------------------------------------------


def test_author_edits_the_claim_text_and_claimant(reviewer_client, claim):
    response = reviewer_client.post(
        url("claim_edit", claim),
        {
            "version": claim.version,
            "text": "Le budget augmente de 3,1 %.",
            "claimant": "Le ministre",
        },
        **htmx(),
    )
    content = response.content.decode()
    claim.refresh_from_db()
    assert response.status_code == 200
    assert (claim.text, claim.claimant, claim.version) == (
        "Le budget augmente de 3,1 %.",
        "Le ministre",
        2,
    )
    assert "Saved." in content
    assert hidden_version(content) == 2
    # The claim list (out of band) shows the new text.
    assert re.search(r'<section id="claim-list"[^>]*hx-swap-oob="true"', content)
    assert "Le budget augmente de 3,1 %.</a>" in content


def test_stale_claim_edit_is_refused_with_what_changed_and_keeps_the_typed_text(
    client, reviewer, claim
):
    seen = claim.version
    # Someone (the author in another tab) saves first.
    services.claim_update(
        claim=claim,
        user=reviewer,
        expected_version=seen,
        text="Texte enregistré dans l’autre onglet.",
        claimant="Le gouvernement",
    )
    client.force_login(reviewer)
    typed = {"version": seen, "text": "Mon texte tapé ici.", "claimant": "Le gouvernement"}
    response = client.post(url("claim_edit", claim), typed, **htmx())
    content = response.content.decode()

    assert response.status_code == 200  # htmx swaps only 2xx answers
    assert CONFLICT in content
    assert "you saw version 1; it is now at version 2" in content
    conflict = re.search(
        r'<div class="conflict form-errors" role="alert">(.*?)</div>', content, re.S
    )
    assert conflict
    assert "Claim, now:" in conflict.group(1)
    assert "Texte enregistré dans l’autre onglet." in conflict.group(1)
    assert "Claimant, now:" not in conflict.group(1)  # unchanged by the other writer
    assert ">\nMon texte tapé ici.</textarea>" in content
    assert hidden_version(content) == 2
    claim.refresh_from_db()
    assert claim.text == "Texte enregistré dans l’autre onglet."

    # Submitting again, knowingly, replaces the current text.
    typed["version"] = hidden_version(content)
    response = client.post(url("claim_edit", claim), typed, **htmx())
    assert response.status_code == 200
    assert CONFLICT not in response.content.decode()
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("Mon texte tapé ici.", 3)


def test_stale_claim_edit_without_htmx_is_a_409_with_the_form_kept(client, reviewer, claim):
    services.claim_update(
        claim=claim, user=reviewer, expected_version=claim.version, text="Ailleurs.", claimant=""
    )
    client.force_login(reviewer)
    response = client.post(url("claim_edit", claim), {"version": 1, "text": "Ici.", "claimant": ""})
    content = response.content.decode()
    assert response.status_code == 409
    assert "<html" in content
    assert CONFLICT in content
    assert ">\nIci.</textarea>" in content
    assert hidden_version(content) == 2


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "This field is required."), ("x" * 1001, "at most 1000 characters")],
    ids=["empty", "too-long"],
)
def test_claim_edit_with_bad_text_shows_the_error_and_saves_nothing(
    reviewer_client, claim, text, error
):
    response = reviewer_client.post(
        url("claim_edit", claim),
        {"version": claim.version, "text": text, "claimant": "Typed claimant"},
        **htmx(),
    )
    content = response.content.decode()
    assert response.status_code == 200
    errors = re.search(r'<ul class="errorlist" id="id_claim_text_error">(.*?)</ul>', content, re.S)
    assert errors
    assert error in errors.group(1)
    assert 'value="Typed claimant"' in content
    claim.refresh_from_db()
    assert (claim.version, claim.claimant) == (1, "Le gouvernement")


# --- Evidence -------------------------------------------------------------------------------


def test_adding_evidence_with_htmx_shows_it_in_the_panel(reviewer_client, reviewer, claim):
    response = reviewer_client.post(
        url("evidence_add", claim), evidence_data(claim.version), **htmx()
    )
    content = response.content.decode()
    evidence = claim.evidence.get()
    assert response.status_code == 200
    assert "<html" not in content
    assert (evidence.title, evidence.added_by, evidence.stance) == (
        "Projet de loi de finances 2025",
        reviewer,
        Evidence.Stance.REFUTES,
    )
    assert f'id="evidence-{evidence.pk}"' in content
    assert (
        '<a href="https://www.example.org/plf-2025" rel="noopener noreferrer nofollow" '
        'target="_blank">Projet de loi de finances 2025</a>'
    ) in content
    assert "Les crédits de la mission Défense progressent de 3,1 %." in content
    assert 'datetime="2025-10-01"' in content
    assert "No evidence yet." not in content
    assert hidden_version(content, "evidence") == 2


def test_adding_evidence_without_htmx_redirects_to_the_claim(reviewer_client, claim):
    response = reviewer_client.post(url("evidence_add", claim), evidence_data(claim.version))
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.evidence.count() == 1


@pytest.mark.parametrize(
    "bad_url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.org", "http://"]
)
def test_evidence_with_a_bad_url_is_refused_at_the_url_field_keeping_the_title(
    reviewer_client, claim, bad_url
):
    response = reviewer_client.post(
        url("evidence_add", claim),
        evidence_data(claim.version, url=bad_url, title="Titre tapé"),
        **htmx(),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["evidence_form"].has_error("url")
    assert re.search(r'<ul class="errorlist" id="id_evidence_url_error">', content)
    assert 'value="Titre tapé"' in content
    assert '<details class="add-evidence" open>' in content
    assert f'href="{bad_url}"' not in content
    assert Evidence.objects.count() == 0
    assert version_of(claim) == 1


def test_evidence_edit_form_is_shown_inline_prefilled(reviewer_client, claim):
    evidence = EvidenceFactory(
        claim=claim,
        title="Annexe 3",
        url="https://www.example.org/annexe-3",
        publisher="Bercy",
        quote="Un passage.",
    )
    response = reviewer_client.get(url("evidence_edit", evidence), **htmx())
    content = response.content.decode()
    item = content[content.index(f'<li class="evidence" id="evidence-{evidence.pk}">') :]
    item = item[: item.index("</li>")]
    assert response.status_code == 200
    assert f'hx-post="{url("evidence_edit", evidence)}"' in item
    prefix = f"evidence-{evidence.pk}-"
    assert f'name="{prefix}title" value="Annexe 3"' in item
    assert f'name="{prefix}url" value="https://www.example.org/annexe-3"' in item
    assert f'name="{prefix}publisher" value="Bercy"' in item
    assert ">\nUn passage.</textarea>" in item
    assert f'name="{prefix}version" value="{claim.version}"' in item


def test_evidence_edit_form_works_without_htmx(reviewer_client, claim):
    evidence = EvidenceFactory(claim=claim)
    response = reviewer_client.get(url("evidence_edit", evidence))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert f'action="{url("evidence_edit", evidence)}"' in response.content.decode()


def test_editing_evidence_saves_it(reviewer_client, claim):
    evidence = EvidenceFactory(claim=claim)
    data = evidence_data(
        claim.version,
        prefix=f"evidence-{evidence.pk}-",
        title="Titre corrigé",
        stance=Evidence.Stance.CONTEXT,
    )
    response = reviewer_client.post(url("evidence_edit", evidence), data, **htmx())
    content = response.content.decode()
    evidence.refresh_from_db()
    assert response.status_code == 200
    assert (evidence.title, evidence.stance) == ("Titre corrigé", Evidence.Stance.CONTEXT)
    assert "Titre corrigé</a>" in content
    assert f'hx-post="{url("evidence_edit", evidence)}"' not in content  # back to reading
    assert version_of(claim) == claim.version + 1


def test_editing_evidence_with_a_bad_url_keeps_the_inline_form(reviewer_client, claim):
    evidence = EvidenceFactory(claim=claim)
    prefix = f"evidence-{evidence.pk}-"
    data = evidence_data(claim.version, prefix=prefix, url="javascript:alert(1)", title="Tapé")
    response = reviewer_client.post(url("evidence_edit", evidence), data, **htmx())
    content = response.content.decode()
    assert response.context["evidence_edit_form"].has_error("url")
    assert f'name="{prefix}title" value="Tapé"' in content
    evidence.refresh_from_db()
    assert evidence.title != "Tapé"


def test_removing_evidence_deletes_it(reviewer_client, claim):
    kept = EvidenceFactory(claim=claim, title="Gardée")
    removed = EvidenceFactory(claim=claim, title="Retirée")
    response = reviewer_client.post(
        url("evidence_delete", removed), {"version": claim.version}, **htmx()
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert list(claim.evidence.all()) == [kept]
    assert "Retirée" not in content
    assert "Gardée" in content


def stale_evidence_post(claim, evidence, action):
    """An evidence form posted with the version the claim had before another edit."""
    seen = claim.version
    services.claim_update(
        claim=claim, user=claim.author, expected_version=seen, text="Changé ailleurs."
    )
    if action == "evidence_add":
        return url(action, claim), evidence_data(seen, title="Nouvelle source")
    if action == "evidence_edit":
        prefix = f"evidence-{evidence.pk}-"
        return url(action, evidence), evidence_data(seen, prefix=prefix, title="Nouvelle source")
    return url(action, evidence), {"version": seen}


@pytest.mark.parametrize("action", ["evidence_add", "evidence_edit", "evidence_delete"])
def test_stale_evidence_change_gives_the_conflict_message_and_saves_nothing(
    reviewer_client, claim, action
):
    evidence = EvidenceFactory(claim=claim, title="Source d’origine")
    target, data = stale_evidence_post(claim, evidence, action)
    response = reviewer_client.post(target, data, **htmx())
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(rf'<div class="conflict form-errors" role="alert">\s*<p>{CONFLICT}', content)
    assert list(claim.evidence.values_list("title", flat=True)) == ["Source d’origine"]
    assert version_of(claim) == 3


@pytest.mark.parametrize("action", ["evidence_add", "evidence_edit"])
def test_stale_evidence_form_keeps_what_was_typed_and_can_be_submitted_again(
    reviewer_client, claim, action
):
    evidence = EvidenceFactory(claim=claim, title="Source d’origine")
    target, data = stale_evidence_post(claim, evidence, action)
    response = reviewer_client.post(target, data, **htmx())
    content = response.content.decode()
    prefix = f"evidence-{evidence.pk}-" if action == "evidence_edit" else ""
    assert f'name="{prefix}title" value="Nouvelle source"' in content
    if action == "evidence_add":
        # What was typed is in view, not folded away in a closed "Add evidence".
        assert '<details class="add-evidence" open>' in content
    match = re.search(rf'name="{prefix}version" value="(\d+)"', content)
    assert match
    assert int(match.group(1)) == version_of(claim)

    data[f"{prefix}version"] = match.group(1)
    response = reviewer_client.post(target, data, **htmx())
    assert CONFLICT not in response.content.decode()
    assert "Nouvelle source" in claim.evidence.values_list("title", flat=True)


# --- Verdict --------------------------------------------------------------------------------


def test_saving_a_verdict_stores_the_rating_and_rationale(reviewer_client, reviewer, claim):
    response = reviewer_client.post(
        url("verdict_set", claim),
        {
            "version": claim.version,
            "rating": Verdict.Rating.MISLEADING,
            "rationale": "Voir **ici**.",
        },
        **htmx(),
    )
    content = response.content.decode()
    verdict = claim.verdicts.get()
    assert response.status_code == 200
    assert (verdict.rating, verdict.rationale, verdict.author) == (
        Verdict.Rating.MISLEADING,
        "Voir **ici**.",
        reviewer,
    )
    assert '<option value="misleading" selected>' in content
    assert ">\nVoir **ici**.</textarea>" in content
    # The highlight's colour follows the rating (out of band).
    assert "hl-rating-misleading" in content


def test_changing_the_verdict_replaces_it(reviewer_client, claim):
    VerdictFactory(claim=claim)
    reviewer_client.post(
        url("verdict_set", claim),
        {"version": claim.version, "rating": Verdict.Rating.TRUE, "rationale": "Confirmé."},
        **htmx(),
    )
    assert list(claim.verdicts.values_list("rating", "rationale")) == [
        (Verdict.Rating.TRUE, "Confirmé.")
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"rating": "", "rationale": "Une raison."}, "rating"),
        ({"rating": "bogus", "rationale": "Une raison."}, "rating"),
        ({"rating": Verdict.Rating.FALSE, "rationale": ""}, "rationale"),
        ({"rating": Verdict.Rating.FALSE, "rationale": "   "}, "rationale"),
    ],
    ids=["no-rating", "unknown-rating", "no-rationale", "blank-rationale"],
)
def test_verdict_without_rating_or_rationale_is_refused_at_the_field(
    reviewer_client, claim, data, field
):
    response = reviewer_client.post(
        url("verdict_set", claim), {"version": claim.version, **data}, **htmx()
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["verdict_form"].has_error(field)
    assert f'<ul class="errorlist" id="id_verdict_{field}_error">' in content
    if data["rationale"].strip():
        assert f">\n{data['rationale']}</textarea>" in content
    assert claim.verdicts.count() == 0
    assert version_of(claim) == 1


DANGEROUS_RATIONALE = (
    "Voir <script>alert(1)</script> la [source](javascript:alert(2)) "
    'et <a href="javascript:alert(3)">ceci</a> ou <img src=x onerror=alert(4)>, '
    "puis [la vraie](https://www.example.org/vraie)."
)


def assert_sanitized(html):
    """No script, image or event handler as markup; every link is a web link.

    The refused links and tags stay as inert, escaped text (``[source](javascript:…)``,
    ``&lt;a href=…&gt;``): only the markup matters.
    """
    assert "<script" not in html
    assert "<img" not in html
    assert not re.search(r"<[^>]+\son\w+=", html)
    for tag in re.findall(r"<[a-z][^>]*>", html):  # real tags (escaped text has &lt;)
        assert "javascript:" not in tag.lower()
        assert "data:" not in tag.lower()
    links = [link for link in re.findall(r"<a\b[^>]*>", html) if 'href="/' not in link]
    assert links == ['<a href="https://www.example.org/vraie" rel="noopener noreferrer nofollow">']
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_rationale_is_sanitized_in_the_read_only_view(client, reviewer, other_reviewer, claim):
    VerdictFactory(claim=claim, rationale=DANGEROUS_RATIONALE)
    client.force_login(other_reviewer)
    content = client.get(claim.get_absolute_url(), **htmx("side-panel")).content.decode()
    rationale = re.search(r'<div class="rationale">(.*?)</div>', content, re.S)
    assert rationale
    assert_sanitized(rationale.group(1))
    assert_sanitized(content)


def test_rationale_preview_is_sanitized_markdown(reviewer_client):
    response = reviewer_client.post(
        PREVIEW_URL, {"rationale": f"**Gras** {DANGEROUS_RATIONALE}"}, **htmx()
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "<strong>Gras</strong>" in content
    assert_sanitized(content)


def test_rationale_preview_clears_the_stale_errors_of_the_fields_filled_in(reviewer_client, claim):
    refused = reviewer_client.post(
        url("verdict_set", claim), {"version": claim.version, "rationale": ""}, **htmx()
    ).content.decode()
    assert refused.count("This field is required.") == 2  # the rating and the rationale

    # Then the rationale is typed (the rating still not chosen) and previewed.
    typed = "Selon l’Insee, la hausse est de **3,1 %** <b>et</b> non 3,5 %."
    response = reviewer_client.post(
        PREVIEW_URL,
        {"version": claim.version, "rating": "", "rationale": typed},
        **htmx(f"rationale-preview-{claim.pk}"),
    )
    content = response.content.decode()
    assert "<strong>3,1 %</strong>" in content
    # The rationale's field comes back out of band: what was typed, and no error.
    field = re.search(
        r'<div class="field" id="id_verdict_rationale_field" hx-swap-oob="true">(.*?)</div>',
        content,
        re.S,
    )
    assert field, content
    assert escape(typed) in field.group(1)
    assert "This field is required." not in content
    assert 'aria-invalid="true"' not in content
    # The rating, still empty, keeps its error: it is not sent back.
    assert "id_verdict_rating_field" not in content
    assert Verdict.objects.filter(claim=claim).count() == 0  # nothing saved


def test_rationale_preview_of_a_correction_keeps_its_note(reviewer_client):
    response = reviewer_client.post(
        PREVIEW_URL,
        {"version": 3, "rating": "false", "rationale": "Faux.", "correction_note": "Le chiffre."},
        **htmx(),
    )
    content = response.content.decode()
    assert 'id="id_verdict_correction_note_field" hx-swap-oob="true"' in content
    assert "Le chiffre.</textarea>" in content
    assert '<option value="false" selected>' in content


def test_rationale_preview_needs_a_post(reviewer_client):
    assert reviewer_client.get(PREVIEW_URL).status_code == 405


# --- Submitting for review --------------------------------------------------------------------


@pytest.mark.parametrize("as_htmx", [False, True], ids=["page", "htmx"])
def test_submitting_an_incomplete_claim_lists_what_is_missing(client, reviewer, claim, as_htmx):
    client.force_login(reviewer)
    headers = htmx() if as_htmx else {}
    response = client.post(url("claim_submit", claim), {"version": claim.version}, **headers)
    content = response.content.decode()
    assert response.status_code == 200
    alert = re.search(r'<form[^>]*class="submit-form">.*?role="alert">(.*?)</div>', content, re.S)
    assert alert, "the refusal is not said at the submit button"
    assert (
        "Before submitting for review, add: at least one piece of evidence, a rating, "
        "a rationale." in alert.group(1)
    )
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Claim.Status.DRAFT, 1)


def test_submitting_a_claim_with_evidence_but_no_verdict_lists_only_the_verdict(
    reviewer_client, claim
):
    EvidenceFactory(claim=claim)
    response = reviewer_client.post(
        url("claim_submit", claim), {"version": claim.version}, **htmx()
    )
    content = response.content.decode()
    assert "Before submitting for review, add: a rating, a rationale." in content
    assert version_of(claim) == claim.version


def test_draft_panel_says_what_is_still_missing_before_submitting(reviewer_client, claim):
    VerdictFactory(claim=claim)
    content = reviewer_client.get(claim.get_absolute_url(), **htmx()).content.decode()
    assert "Before submitting for review, add: at least one piece of evidence." in content


def test_submitting_a_complete_claim_puts_it_in_review(reviewer_client, reviewer):
    claim = ready_claim(author=reviewer)
    response = reviewer_client.post(
        url("claim_submit", claim), {"version": claim.version}, **htmx()
    )
    content = response.content.decode()
    claim.refresh_from_db()
    assert response.status_code == 200
    assert claim.status == Claim.Status.IN_REVIEW
    panel = content[: content.index("</section>")]
    assert "Submitted for review. A moderator will approve it or send it back." in panel
    assert '<span class="badge status-in_review">In review</span>' in panel
    assert "<form" not in panel
    claim_list = re.search(
        r'<section id="claim-list"[^>]*hx-swap-oob="true">(.*?)</section>', content, re.S
    )
    assert claim_list
    assert '<span class="badge status-in_review">In review</span>' in claim_list.group(1)
    assert f'class="hl hl-in_review hl-rating-mostly_false" data-claims="{claim.pk}"' in content


def test_submitting_without_htmx_redirects_with_a_message(reviewer_client, reviewer):
    claim = ready_claim(author=reviewer)
    response = reviewer_client.post(
        url("claim_submit", claim), {"version": claim.version}, follow=True
    )
    assert response.redirect_chain == [(claim.get_absolute_url(), 302)]
    assert "Submitted for review." in response.content.decode()
    assert version_of(claim) == claim.version + 1


def test_submitting_twice_is_refused_the_second_time(reviewer_client, reviewer):
    claim = ready_claim(author=reviewer)
    data = {"version": claim.version}
    reviewer_client.post(url("claim_submit", claim), data, **htmx())
    response = reviewer_client.post(url("claim_submit", claim), data, **htmx())
    assert response.status_code == 409
    assert NOT_A_DRAFT in response.content.decode()


# --- CSRF -----------------------------------------------------------------------------------


def test_annotate_page_body_carries_the_csrf_token_in_hx_headers(reviewer_client, article):
    content = reviewer_client.get(article.get_absolute_url()).content.decode()
    match = re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"([A-Za-z0-9]+)\"\}'>", content)
    assert match
    assert len(match.group(1)) == 64


def test_htmx_post_without_the_csrf_token_is_refused(reviewer, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    client.get(claim.article.get_absolute_url())  # sets the CSRF cookie
    response = client.post(
        url("claim_edit", claim),
        {"version": claim.version, "text": "Sans jeton", "claimant": ""},
        **htmx(),
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text != "Sans jeton"


def test_htmx_post_with_the_token_from_hx_headers_is_accepted(reviewer, claim):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    page = client.get(claim.article.get_absolute_url()).content.decode()
    token = re.search(r'"X-CSRFToken": "([A-Za-z0-9]+)"', page).group(1)
    response = client.post(
        url("claim_edit", claim),
        {"version": claim.version, "text": "Avec jeton", "claimant": ""},
        HTTP_X_CSRFTOKEN=token,
        **htmx(),
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.text == "Avec jeton"


def test_new_claim_post_without_the_csrf_token_is_refused(reviewer, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(new_claim_url(article), new_claim_post(article), **htmx())
    assert response.status_code == 403
    assert Claim.objects.count() == 0


# --- Query counts -----------------------------------------------------------------------------


# Session, user, roles; the claim (with article and author), its verdicts, its evidence;
# and the verdict again, for "what is still missing" (permissions.missing_for_review
# does not read the prefetched verdicts).
# session, user, roles, claim, verdicts, evidence, its "same claim as" links, its second,
# blind verdict if one is asked for; the full page adds the header's unread count.
PANEL_QUERIES = 8
PAGE_QUERIES = PANEL_QUERIES + 1


@pytest.mark.parametrize(
    ("as_htmx", "queries"), [(False, PAGE_QUERIES), (True, PANEL_QUERIES)], ids=["page", "htmx"]
)
def test_claim_panel_query_count_does_not_grow_with_evidence(
    client, reviewer, claim, django_assert_num_queries, as_htmx, queries
):
    client.force_login(reviewer)
    VerdictFactory(claim=claim)
    headers = htmx("side-panel") if as_htmx else {}
    EvidenceFactory(claim=claim)
    with django_assert_num_queries(queries):
        client.get(claim.get_absolute_url(), **headers)
    EvidenceFactory.create_batch(15, claim=claim)
    with django_assert_num_queries(queries):
        response = client.get(claim.get_absolute_url(), **headers)
    assert response.content.decode().count('<li class="evidence"') == 16


def test_claim_panel_query_count_is_the_same_for_a_reader(
    client, other_reviewer, claim, django_assert_num_queries
):
    VerdictFactory(claim=claim)
    EvidenceFactory.create_batch(5, claim=claim)
    client.force_login(other_reviewer)
    with django_assert_num_queries(PANEL_QUERIES):
        client.get(claim.get_absolute_url(), **htmx("side-panel"))


def test_moderator_is_also_a_reader_of_drafts(client, claim):
    client.force_login(ModeratorFactory())
    assert client.get(claim.get_absolute_url()).status_code == 200
