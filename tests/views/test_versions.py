"""The pages of article versions: importing a new one, reading and comparing versions,
claims marked changed or removed, a passage confirmed, what the public page says.

Each role gets what it may do (the role matrix covers the URLs; these tests cover what
the pages show and do)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations.models import AnchorState, Article, ArticleVersion, Claim
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ModeratorFactory,
    ReviewerFactory,
    new_version,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

FIGURE = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
CORRECTED = "Le gouvernement a présenté mardi un budget en hausse de 3,1 % pour la défense."
INQUIRY = "Elle réclame une commission d’enquête."
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "claim-panel"}


def _claim_on(article, quote, **kwargs) -> Claim:
    start = article.body.index(quote)
    return ClaimFactory(article=article, start=start, end=start + len(quote), **kwargs)


def _changed_claim(**kwargs) -> Claim:
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE, **kwargs)
    new_version(article, {FIGURE: CORRECTED})
    return Claim.objects.get(pk=claim.pk)


def _paste(article, edits: dict[str, str]) -> dict:
    """The new version's form data: the article's text, edited, pasted with its title."""
    body = article.body
    for old, new in edits.items():
        body = body.replace(old, new, 1)
    title, _, text = body.partition("\n\n")
    return {"text": text, "title": title, "time_zone": "Europe/Paris"}


def _new_version_url(article) -> str:
    return reverse("annotations:article_version_new", args=[article.pk])


# --- Importing a new version ---------------------------------------------------------------


def test_the_article_page_offers_its_versions_and_a_new_one(reviewer_client):
    article = ArticleFactory()
    content = reviewer_client.get(article.get_absolute_url()).content.decode()
    assert reverse("annotations:article_versions", args=[article.pk]) in content
    assert _new_version_url(article) in content
    assert "version 1" in content


def test_a_reviewer_pastes_a_new_version_and_sees_what_became_of_the_claims(reviewer_client):
    article = ArticleFactory()
    claim = _claim_on(article, FIGURE)
    response = reviewer_client.post(
        _new_version_url(article), _paste(article, {FIGURE: CORRECTED}), follow=True
    )
    assert response.redirect_chain[-1][0] == article.get_absolute_url()
    content = response.content.decode()
    assert "Imported version 2 of" in content
    assert "Claims: 0 follow the text, 1 changed, 0 removed." in content
    article.refresh_from_db()
    assert article.current_version == 2
    assert Claim.objects.get(pk=claim.pk).anchor_state == AnchorState.CHANGED
    assert ArticleVersion.objects.get(article=article, number=2).imported_by.username


def test_an_uploaded_file_is_a_new_version_too(reviewer_client):
    article = ArticleFactory()
    body = article.body.replace(FIGURE, CORRECTED)
    upload = SimpleUploadedFile("v2.txt", body.encode(), content_type="text/plain")
    response = reviewer_client.post(
        _new_version_url(article), {"file": upload, "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302
    assert CORRECTED in Article.objects.get(pk=article.pk).body


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"   \n", "The file or text is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00" * 20, "This is not a text file"),
    ],
    ids=["empty", "binary"],
)
def test_an_empty_or_binary_new_version_is_refused_and_changes_nothing(
    reviewer_client, upload, message
):
    article = ArticleFactory()
    response = reviewer_client.post(
        _new_version_url(article),
        {"file": SimpleUploadedFile("v2.txt", upload), "time_zone": "Europe/Paris"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.get(pk=article.pk).current_version == 1


def test_another_article_asks_for_confirmation_and_keeps_the_text(reviewer_client):
    article = ArticleFactory()
    other = {
        "title": "Météo : un été pluvieux",
        "text": "Les orages ont touché la Bretagne jeudi soir. Des arbres sont tombés.",
        "time_zone": "Europe/Paris",
    }
    response = reviewer_client.post(_new_version_url(article), other)
    assert response.status_code == 200
    content = response.content.decode()
    assert "it looks like another article" in content
    assert 'name="force"' in content
    assert "Les orages ont touché la Bretagne" in content
    assert Article.objects.get(pk=article.pk).current_version == 1
    response = reviewer_client.post(_new_version_url(article), {**other, "force": "on"})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).current_version == 2


def test_an_uploaded_file_refused_as_another_article_comes_back_as_text(reviewer_client):
    article = ArticleFactory()
    upload = SimpleUploadedFile(
        "autre.txt", "Météo : un été pluvieux\n\nLes orages ont touché la Bretagne.".encode()
    )
    response = reviewer_client.post(
        _new_version_url(article), {"file": upload, "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 200
    assert "Les orages ont touché la Bretagne." in response.content.decode()


def test_the_text_of_another_article_is_refused_with_its_number(reviewer_client):
    article, other = ArticleFactory(), ArticleFactory()
    response = reviewer_client.post(_new_version_url(article), _paste(other, {}))
    assert response.status_code == 200
    assert f"This text is already article {other.pk}" in response.content.decode()


def test_the_same_text_again_changes_nothing(reviewer_client):
    article = ArticleFactory()
    response = reviewer_client.post(_new_version_url(article), _paste(article, {}), follow=True)
    assert "already the current version" in response.content.decode()
    assert Article.objects.get(pk=article.pk).current_version == 1


def test_importing_a_text_like_an_article_offers_a_new_version(reviewer_client):
    article = ArticleFactory(publisher="Le Quotidien")
    data = {**_paste(article, {FIGURE: CORRECTED}), "publisher": "Le Quotidien"}
    response = reviewer_client.post(reverse("annotations:article_import"), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "A new version of an article?" in content
    assert _new_version_url(article) in content
    assert Article.objects.count() == 1
    # The offer sends the same fields again, to either address.
    response = reviewer_client.post(_new_version_url(article), data)
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).current_version == 2


def test_the_offer_can_be_declined_for_a_separate_article(reviewer_client):
    article = ArticleFactory(publisher="Le Quotidien")
    data = {**_paste(article, {FIGURE: CORRECTED}), "publisher": "Le Quotidien"}
    response = reviewer_client.post(
        reverse("annotations:article_import"), {**data, "as_new_article": "1"}
    )
    assert response.status_code == 302
    assert Article.objects.count() == 2


def test_an_uploaded_file_like_an_article_is_offered_with_its_text(reviewer_client):
    article = ArticleFactory(source_url="https://www.example.org/budget")
    body = article.body.replace(FIGURE, CORRECTED)
    upload = SimpleUploadedFile("v2.txt", body.encode())
    response = reviewer_client.post(
        reverse("annotations:article_import"),
        {
            "file": upload,
            "time_zone": "Europe/Paris",
            "source_url": "https://www.example.org/budget",
        },
    )
    assert response.status_code == 200
    hidden = response.context["fields"]
    assert ("text", body) in hidden
    assert ("source_url", "https://www.example.org/budget") in hidden


# --- Reading and comparing versions ---------------------------------------------------------


def test_the_versions_page_lists_who_imported_each_and_compares_the_last_two(reviewer_client):
    article = ArticleFactory()
    user = ReviewerFactory(username="camille")
    new_version(article, {FIGURE: CORRECTED, " " + INQUIRY: ""}, user=user)
    response = reviewer_client.get(reverse("annotations:article_versions", args=[article.pk]))
    content = response.content.decode()
    assert "camille" in content
    assert response.context["compared"] == (1, 2)
    assert "<del>5</del><ins>1</ins>" in content
    assert f"<del>{INQUIRY}</del>" in content
    kinds = [change.kind for change in response.context["changes"]]
    assert "replace" in kinds and "delete" in kinds


def test_the_versions_page_ignores_a_bad_comparison(reviewer_client):
    article = ArticleFactory()
    new_version(article, {FIGURE: CORRECTED})
    url = reverse("annotations:article_versions", args=[article.pk])
    for query in ("?from=x", "?from=1&to=1", "?from=0&to=2", "?from=1&to=9"):
        response = reviewer_client.get(url + query)
        assert response.status_code == 200
        assert response.context["compared"] is None


def test_the_versions_page_takes_the_same_queries_for_two_or_five_versions(reviewer_client):
    counts = []
    for versions in (2, 5):
        article = ArticleFactory()
        for number in range(2, versions + 1):
            new_version(Article.objects.get(pk=article.pk), {"Elle": f"Elle ({number})"})
        url = reverse("annotations:article_versions", args=[article.pk])
        reviewer_client.get(url)
        with CaptureQueriesContext(connection) as captured:
            reviewer_client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_earlier_version_is_readable(reviewer_client):
    article = ArticleFactory()
    new_version(article, {FIGURE: CORRECTED})
    response = reviewer_client.get(reverse("annotations:article_version", args=[article.pk, 1]))
    content = response.content.decode()
    assert FIGURE in content and CORRECTED not in content
    assert "Version 1 of 2" in content
    missing = reverse("annotations:article_version", args=[article.pk, 3])
    assert reviewer_client.get(missing).status_code == 404


# --- The annotate page and the claim panel ----------------------------------------------------


def test_a_changed_claim_is_highlighted_where_its_passage_is_proposed(reviewer_client):
    claim = _changed_claim()
    removed = _claim_on(Article.objects.get(pk=claim.article_id), "Selon le ministre")
    article = new_version(
        Article.objects.get(pk=claim.article_id), {"Selon le ministre, ": ""}
    ).article
    response = reviewer_client.get(article.get_absolute_url())
    content = response.content.decode()
    assert f'hl-passage-changed" data-claims="{claim.pk}">{CORRECTED}</mark>' in content
    assert f'data-claims="{removed.pk}"' not in content
    assert "Passage changed" in content and "Passage removed" in content


def test_the_annotate_page_takes_as_many_queries_with_changed_claims(
    reviewer_client, django_assert_num_queries
):
    claim = _changed_claim()
    with django_assert_num_queries(10):
        reviewer_client.get(reverse("annotations:article_detail", args=[claim.article_id]))


def test_the_panel_of_a_changed_claim_shows_both_passages_and_offers_to_confirm(
    reviewer_client,
):
    claim = _changed_claim()
    response = reviewer_client.get(claim.get_absolute_url(), **HTMX)
    content = response.content.decode()
    assert "The passage changed" in content
    assert "<del>5</del>" in content and "<ins>1</ins>" in content
    assert "Confirm the proposed passage" in content
    assert f'name="start" value="{claim.proposed_start}"' in content
    assert "Pick another passage" in content


def test_a_reviewer_confirms_the_proposed_passage(reviewer_client):
    claim = _changed_claim()
    url = reverse("annotations:claim_passage", args=[claim.pk])
    data = {
        "version": claim.version,
        "start": claim.proposed_start,
        "end": claim.proposed_end,
        "quote": claim.proposed_quote,
    }
    response = reviewer_client.post(url, data, **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert "The claim now quotes the current version" in content
    assert 'id="article-text"' in content  # the highlights, refreshed out of band
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.anchor_state == AnchorState.UNCHANGED and claim.quote == CORRECTED
    # The same form again: the claim moved on, the second writer is told so.
    response = reviewer_client.post(url, data)
    assert response.status_code == 409


def test_a_stale_confirmation_is_a_conflict(reviewer_client):
    claim = _changed_claim()
    data = {
        "version": claim.version - 1,
        "start": claim.proposed_start,
        "end": claim.proposed_end,
        "quote": claim.proposed_quote,
    }
    url = reverse("annotations:claim_passage", args=[claim.pk])
    response = reviewer_client.post(url, data)
    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).anchor_state == AnchorState.CHANGED


def test_a_reviewer_picks_another_passage_then_confirms_it(reviewer_client):
    claim = _changed_claim()
    article = Article.objects.get(pk=claim.article_id)
    start = article.body.index("un budget")
    url = reverse("annotations:claim_passage", args=[claim.pk])
    response = reviewer_client.get(
        url, {"start": start, "end": start + 9, "quote": "un budget"}, **HTMX
    )
    content = response.content.decode()
    assert "The passage you selected" in content and "Confirm this passage" in content
    assert f'name="start" value="{start}"' in content
    bad = reviewer_client.get(url, {"start": start, "end": start + 9, "quote": "autre"}, **HTMX)
    assert "does not match the article" in bad.content.decode()
    response = reviewer_client.post(
        url, {"version": claim.version, "start": start, "end": start + 9, "quote": "un budget"}
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).quote == "un budget"


def test_only_a_moderator_confirms_the_passage_of_a_published_claim(client):
    claim = published_claim()
    new_version(claim.article, {FIGURE: CORRECTED})
    claim = Claim.objects.get(pk=claim.pk)
    url = reverse("annotations:claim_passage", args=[claim.pk])
    data = {
        "version": claim.version,
        "start": claim.proposed_start,
        "end": claim.proposed_end,
        "quote": claim.proposed_quote,
    }
    client.force_login(claim.author)
    panel = client.get(claim.get_absolute_url()).content.decode()
    assert "A moderator confirms the passage of a published fact-check." in panel
    assert client.post(url, data).status_code == 403
    client.force_login(ModeratorFactory())
    assert client.post(url, data).status_code == 302
    assert Claim.objects.get(pk=claim.pk).anchor_state == AnchorState.UNCHANGED


def test_the_moderation_queue_says_a_passage_changed(client):
    claim = submitted_claim()
    new_version(claim.article, {FIGURE: CORRECTED})
    client.force_login(ModeratorFactory())
    content = client.get(reverse("annotations:moderation_queue")).content.decode()
    assert "Passage changed" in content
    assert CORRECTED in content


# --- The public page -----------------------------------------------------------------------------


def test_the_public_page_says_which_version_was_checked_and_that_the_passage_was_corrected(
    client,
):
    claim = published_claim()
    new_version(claim.article, {FIGURE: CORRECTED})
    content = client.get(
        reverse("annotations:public_claim_detail", args=[claim.pk])
    ).content.decode()
    assert "This fact-check checked version 1 of the article" in content
    assert "now in version 2" in content
    assert "The quoted passage was corrected in the current version" in content
    assert "<del>5</del><ins>1</ins>" in content
    assert f"<mark>{FIGURE}</mark>" in content  # what was checked, as it was


def test_the_public_page_says_a_passage_was_removed_or_is_unchanged(client):
    removed, kept = published_claim(), published_claim()
    new_version(removed.article, {FIGURE + " ": ""})
    new_version(kept.article, {INQUIRY: "Elle réclame une enquête."})
    url = "annotations:public_claim_detail"
    assert (
        "was removed from the current version"
        in client.get(reverse(url, args=[removed.pk])).content.decode()
    )
    assert (
        "is unchanged in the current version"
        in client.get(reverse(url, args=[kept.pk])).content.decode()
    )


def test_the_public_page_of_an_article_never_edited_says_nothing_of_versions(client):
    claim = published_claim()
    content = client.get(
        reverse("annotations:public_claim_detail", args=[claim.pk])
    ).content.decode()
    assert "The article changed since" not in content
