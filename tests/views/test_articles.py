import re
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from annotations import importing, services
from annotations.forms import PARSE_ERROR_MESSAGES
from annotations.models import Article, Sentence
from tests.factories import ArticleFactory, ClaimFactory, EvidenceFactory, VerdictFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("annotations:article_list")
IMPORT_URL = reverse("annotations:article_import")

HTML_PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Inflation : les prix ralentissent</title>
<meta property="og:site_name" content="Le Quotidien"></head><body>
<nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<script>window.tracker = 1;</script>
<article><h1>Inflation : les prix ralentissent</h1>
<p>Les prix à la consommation ont augmenté de 1,8 % sur un an en octobre, selon l'Insee.
C'est la plus faible hausse depuis trois ans.</p>
<p>Les prix de l'énergie ont reculé de 4,2 % sur la même période, tandis que ceux de
l'alimentation ont progressé de 1,1 %.</p></article>
<aside class="advert">Abonnez-vous pour 1 euro !</aside>
</body></html>""".encode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_user_without_role_is_forbidden(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(IMPORT_URL).status_code == 403


def test_reviewer_sees_articles_with_their_sentence_counts(reviewer_client):
    article = ArticleFactory(tags=("Économie",))
    response = reviewer_client.get(LIST_URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert article.title in content
    assert "#Économie" in content
    row = response.context["page"].object_list[0]
    assert row.sentence_count == article.sentences.count() > 0


def _annotate(article, author, sentences, evidence_per_claim=1):
    """Claims over the first ``sentences`` sentences, each with evidence and a verdict;
    every other one submitted for review."""
    claims = []
    for position in range(1, sentences + 1):
        claim = ClaimFactory(article=article, author=author, sentence=position)
        EvidenceFactory.create_batch(evidence_per_claim, claim=claim)
        VerdictFactory(claim=claim)
        if position % 2 == 0:
            services.claim_submit(claim=claim, user=author, expected_version=claim.version)
        claims.append(claim)
    return claims


def test_article_list_query_count_does_not_grow_with_articles_or_claims(
    reviewer_client, reviewer, django_assert_num_queries
):
    for article in ArticleFactory.create_batch(2, tags=("Politique", "Défense")):
        _annotate(article, reviewer, 1)
    with django_assert_num_queries(7):
        reviewer_client.get(LIST_URL)
    many = ArticleFactory.create_batch(
        20, tags=("Politique", "Europe"), paragraphs=["Une phrase. Une autre. Une de plus."]
    )
    for article in many:
        _annotate(article, reviewer, 3, evidence_per_claim=2)
    with django_assert_num_queries(7):
        response = reviewer_client.get(LIST_URL)
    rows = response.context["page"].object_list
    assert len(rows) == 22
    assert (rows[0].draft_count, rows[0].in_review_count) == (2, 1)


def test_article_page_shows_every_sentence_in_order(reviewer_client):
    article = ArticleFactory()
    response = reviewer_client.get(article.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    texts = [article.body[s.start : s.end] for s in article.sentences.order_by("position")]
    positions = [content.index(f'id="s{i}"') for i in range(len(texts))]
    assert positions == sorted(positions)
    assert all(t in content for t in ["Le gouvernement a présenté mardi", "insincère"])


def test_article_page_query_count_does_not_grow_with_sentences(
    reviewer_client, reviewer, other_reviewer, django_assert_num_queries
):
    short = ArticleFactory(paragraphs=["Une phrase."], tags=("Défense",))
    _annotate(short, reviewer, 1)
    long = ArticleFactory(paragraphs=["Une phrase. Une autre phrase ici."] * 100, tags=("Europe",))
    assert long.sentences.count() == 201
    _annotate(long, reviewer, 30, evidence_per_claim=3)
    _annotate(long, other_reviewer, 10)  # overlapping the first ten, by another author
    # Session, user, roles, article, claims, their verdicts, their second verdicts asked
    # for (whose first verdicts a reader may not see), sentences, tags.
    with django_assert_num_queries(10):
        reviewer_client.get(short.get_absolute_url())
    with django_assert_num_queries(10):
        response = reviewer_client.get(long.get_absolute_url())
    assert len(response.context["claims"]) == 40


def test_user_text_is_escaped_on_the_list_and_the_article_page(reviewer_client):
    article = ArticleFactory(
        title="<script>alert(1)</script> titre",
        paragraphs=["<img src=x onerror=alert(2)> Une phrase."],
        publisher="<b>Pub</b>",
    )
    for url in (LIST_URL, article.get_absolute_url()):
        content = reviewer_client.get(url).content.decode()
        assert "<script>alert(1)" not in content
        assert "<img src=x" not in content
        assert "<b>Pub</b>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_missing_article_is_404(reviewer_client):
    assert (
        reviewer_client.get(reverse("annotations:article_detail", args=[999999])).status_code == 404
    )


# --- Import form -------------------------------------------------------------------------


def test_import_form_renders_with_a_label_for_every_control(reviewer_client):
    content = reviewer_client.get(IMPORT_URL).content.decode()
    for name in (
        "file",
        "text",
        "title",
        "language",
        "publisher",
        "author",
        "source_url",
        "published_at",
        "time_zone",
        "tags",
    ):
        assert f'for="id_{name}"' in content
    assert "csrfmiddlewaretoken" in content


def test_uploading_the_sample_imports_it_and_goes_to_the_article(
    reviewer_client, reviewer, sample_bytes
):
    upload = SimpleUploadedFile("article.txt", sample_bytes, content_type="text/plain")
    response = reviewer_client.post(IMPORT_URL, {"file": upload, "time_zone": "Europe/Paris"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert article.publisher == "Chas Pravdy"
    assert article.imported_by == reviewer
    assert article.import_format == Article.ImportFormat.TEXT
    assert article.sentences.filter(is_headline=True).count() == 1


def test_importing_the_same_article_twice_says_so_and_changes_nothing(
    reviewer_client, sample_bytes
):
    for _ in range(2):
        upload = SimpleUploadedFile("article.txt", sample_bytes, content_type="text/plain")
        response = reviewer_client.post(
            IMPORT_URL, {"file": upload, "time_zone": "Europe/Paris"}, follow=True
        )
    assert Article.objects.count() == 1
    assert "already imported" in response.content.decode()


def test_pasting_paragraphs_with_a_title_imports_them(reviewer_client):
    response = reviewer_client.post(
        IMPORT_URL,
        {
            "title": "Retraites : le Sénat adopte la réforme",
            "text": "Le Sénat a adopté la réforme mardi soir.\n\nLe texte revient à l’Assemblée.",
            "publisher": "Le Quotidien",
            "published_at": "2025-03-04T18:30",
            "time_zone": "Europe/Paris",
            "tags": "Politique, #Retraites",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.import_format == Article.ImportFormat.PASTED
    assert article.body.startswith("Retraites : le Sénat adopte la réforme\n\n")
    assert article.published_at.isoformat() == "2025-03-04T17:30:00+00:00"
    assert sorted(t.name for t in article.tags.all()) == ["Politique", "Retraites"]
    assert article.sentences.count() == 3


def test_uploading_an_html_page_keeps_the_article_and_drops_the_rest(reviewer_client):
    upload = SimpleUploadedFile("page.html", HTML_PAGE, content_type="text/html")
    response = reviewer_client.post(IMPORT_URL, {"file": upload, "time_zone": "Europe/Paris"})
    assert response.status_code == 302, response.content.decode()
    article = Article.objects.get()
    assert article.import_format == Article.ImportFormat.HTML
    assert "1,8 %" in article.body
    for noise in ("Accueil", "tracker", "Abonnez-vous"):
        assert noise not in article.body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a text file"),
        (b"Un titre seul\n", "no article text under it"),
    ],
    ids=["empty", "binary", "headline-only"],
)
def test_bad_file_is_refused_with_a_reason_and_keeps_what_was_typed(
    reviewer_client, data, expected
):
    upload = SimpleUploadedFile("bad.txt", data, content_type="text/plain")
    response = reviewer_client.post(
        IMPORT_URL,
        {
            "file": upload,
            "publisher": "Ouest Matin",
            "author": "Claire Dubois",
            "time_zone": "Europe/Paris",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert expected in content
    assert 'value="Ouest Matin"' in content
    assert 'value="Claire Dubois"' in content
    assert Article.objects.count() == 0
    assert Sentence.objects.count() == 0


def test_file_over_the_limit_is_refused(reviewer_client, settings):
    settings.IMPORT_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"Titre\n\n" + b"Une phrase. " * 200)
    response = reviewer_client.post(IMPORT_URL, {"file": upload, "time_zone": "Europe/Paris"})
    assert response.status_code == 200
    assert "larger than the import limit" in response.content.decode()
    assert Article.objects.count() == 0


def test_file_and_pasted_text_together_are_refused(reviewer_client, sample_bytes):
    upload = SimpleUploadedFile("article.txt", sample_bytes)
    response = reviewer_client.post(
        IMPORT_URL, {"file": upload, "text": "Titre\n\nTexte.", "time_zone": "Europe/Paris"}
    )
    assert "either a file or pasted text" in response.content.decode()
    assert Article.objects.count() == 0


def test_nothing_given_is_refused(reviewer_client):
    response = reviewer_client.post(IMPORT_URL, {"time_zone": "Europe/Paris"})
    assert "Choose a file to upload or paste" in response.content.decode()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.org/a", "data:text/html,hi", "http://"]
)
def test_source_url_must_be_http_or_https_with_a_host(reviewer_client, url):
    pasted = "Le Sénat a adopté la réforme mardi soir."
    response = reviewer_client.post(
        IMPORT_URL,
        {"title": "Retraites", "text": pasted, "source_url": url, "time_zone": "Europe/Paris"},
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("source_url")
    assert pasted in response.content.decode()
    assert Article.objects.count() == 0


def test_unknown_time_zone_is_refused(reviewer_client):
    response = reviewer_client.post(
        IMPORT_URL, {"title": "Titre", "text": "Une phrase.", "time_zone": "Mars/Olympus"}
    )
    assert response.context["form"].has_error("time_zone")


def test_import_without_csrf_token_is_refused(reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(IMPORT_URL, {"title": "Titre", "text": "Une phrase."})
    assert response.status_code == 403
    assert Article.objects.count() == 0


# --- Limits: tags, dates, requests too large to read ---------------------------------------


def post_pasted(client, **fields):
    """Post one pasted sentence with a title, and ``fields`` (``HTTP_`` ones are headers)."""
    form = {"title": "Titre", "text": "Une phrase.", "time_zone": "Europe/Paris"}
    extra = {key: fields.pop(key) for key in list(fields) if key.startswith("HTTP_")}
    return client.post(IMPORT_URL, {**form, **fields}, **extra)


def test_too_many_tags_in_the_tags_field_are_refused_and_the_rest_is_kept(reviewer_client):
    tags = ", ".join(f"Mot {n}" for n in range(importing.MAX_TAGS + 1))
    response = post_pasted(reviewer_client, tags=tags)

    assert response.status_code == 200
    assert response.context["form"].has_error("tags", code="too_many_tags")
    assert f"An article may have at most {importing.MAX_TAGS} tags." in response.content.decode()
    assert "Une phrase." in response.content.decode()
    assert Article.objects.count() == 0


def test_a_tag_too_long_in_the_tags_field_is_refused_in_french(reviewer_client):
    response = post_pasted(
        reviewer_client,
        tags="Politique, " + "x" * (importing.MAX_TAG_LENGTH + 1),
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.context["form"].has_error("tags", code="tag_too_long")
    assert (
        f"Un mot-clé peut compter au plus {importing.MAX_TAG_LENGTH} caractères."
        in response.content.decode()
    )
    assert Article.objects.count() == 0


def test_file_tags_and_typed_tags_together_past_the_limit_are_refused(reviewer_client):
    half = importing.MAX_TAGS // 2 + 1
    text = "Titre\n\nUne phrase.\n\n" + " ".join(f"#Fichier{n}" for n in range(half))
    upload = SimpleUploadedFile("article.txt", text.encode())
    response = reviewer_client.post(
        IMPORT_URL,
        {
            "file": upload,
            "tags": ", ".join(f"Saisi{n}" for n in range(half)),
            "time_zone": "Europe/Paris",
        },
    )

    [error] = response.context["form"].errors["tags"]
    assert error.startswith(f"An article may have at most {importing.MAX_TAGS} tags.")
    assert "(the file's tags and the Tags field)" in error
    assert Article.objects.count() == 0


def test_a_publication_date_out_of_range_in_the_form_is_refused(reviewer_client):
    response = post_pasted(reviewer_client, published_at="9999-01-01T10:00")

    assert response.context["form"].has_error("published_at", code="bad_date")
    assert "must fall between the years 1800 and" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.fixture
def small_limits(settings):
    """Limits small enough for a test body to pass them."""
    settings.IMPORT_MAX_BYTES = 1_000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000


def csrf_client(user) -> tuple[Client, str]:
    """A client that checks CSRF tokens, as a browser is checked, and its token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client, client.get(IMPORT_URL).cookies["csrftoken"].value


def test_a_paste_too_large_to_read_gets_the_form_and_the_size_message(reviewer, small_limits):
    client, token = csrf_client(reviewer)
    response = client.post(
        IMPORT_URL,
        {
            "csrfmiddlewaretoken": token,
            "title": "Titre",
            "text": "Une phrase. " * 500,
            "publisher": "Ouest Matin",
            "time_zone": "Europe/Paris",
        },
    )

    assert response.status_code == 413
    content = response.content.decode()
    assert "The file is larger than the import limit." in content
    assert "the limit is 0.0 MB (1,000 bytes)" in content
    assert "none of the other fields could be read" in content
    assert 'name="text"' in content and "csrfmiddlewaretoken" in content
    assert Article.objects.count() == 0


def test_a_urlencoded_post_too_large_to_read_gets_the_form_too(reviewer_client, small_limits):
    response = reviewer_client.post(
        IMPORT_URL,
        urlencode({"title": "Titre", "text": "x" * 3_000}),
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 413
    assert "aucun des autres champs n’a pu être lu" in response.content.decode()


def test_a_request_too_large_to_read_without_a_csrf_token_changes_nothing(reviewer, small_limits):
    client, _token = csrf_client(reviewer)
    response = client.post(IMPORT_URL, {"title": "Titre", "text": "Une phrase. " * 500})

    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_the_csrf_check_still_applies_to_a_request_that_can_be_read(reviewer, small_limits):
    client, token = csrf_client(reviewer)
    form = {"title": "Titre", "text": "Une phrase ici.", "time_zone": "Europe/Paris"}

    assert client.post(IMPORT_URL, form).status_code == 403
    assert client.post(IMPORT_URL, {**form, "csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert client.post(IMPORT_URL, {**form, "csrfmiddlewaretoken": token}).status_code == 302
    assert Article.objects.count() == 1


def test_a_request_too_large_from_someone_without_the_role_is_still_forbidden(
    client, no_role_user, small_limits
):
    client.force_login(no_role_user)
    response = client.post(IMPORT_URL, {"title": "Titre", "text": "x" * 3_000})

    assert response.status_code == 403


def test_every_parse_error_code_has_its_own_message_in_english_and_in_french():
    # The docstring's table of codes: one per line, after "``code`` is stable…".
    documented = re.findall(r"^ {4}``(\w+)`` ", importing.ArticleParseError.__doc__, re.MULTILINE)

    assert set(documented) - {"code"} == set(PARSE_ERROR_MESSAGES)
    for code, message in PARSE_ERROR_MESSAGES.items():
        with translation.override("en"):
            english = str(message)
        with translation.override("fr"):
            french = str(message)
        assert french != english, code
