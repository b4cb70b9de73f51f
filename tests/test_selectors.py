"""Reads for the pages and the API: right answers, in a fixed number of queries."""

import itertools
from zoneinfo import ZoneInfo

import pytest

from annotations import importing, selectors, services
from annotations.models import Claim, Verdict
from tests.conftest import SAMPLE_ARTICLE
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ReviewerFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

FIRST = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
SECOND = "Selon le ministre, « cet effort est indispensable »."
THIRD = "L’opposition dénonce un texte « insincère »."


def claim_over(article, text, *, occurrence_of=None, author=None, **kwargs):
    """A claim over ``text`` (found within ``occurrence_of`` when given)."""
    base = article.body.index(occurrence_of) if occurrence_of else 0
    start = article.body.index(text, base)
    return ClaimFactory(
        article=article,
        start=start,
        end=start + len(text),
        **({"author": author} if author else {}),
        **kwargs,
    )


def sentences_of(paragraphs):
    return [sentence for paragraph in paragraphs for sentence in paragraph.sentences]


def import_sample():
    parsed = importing.parse_upload(
        SAMPLE_ARTICLE.read_bytes(),
        filename=SAMPLE_ARTICLE.name,
        default_timezone=ZoneInfo("Europe/Paris"),
        max_bytes=5 * 1024 * 1024,
    )
    return services.article_import(parsed=parsed, import_format="text").article


# --- article_sentences -------------------------------------------------------------------


def test_sentences_without_claims_are_one_plain_segment_each():
    article = ArticleFactory()

    paragraphs = selectors.article_sentences(article, [])

    assert [(p.number, p.is_headline, len(p.sentences)) for p in paragraphs] == [
        (0, True, 1),
        (1, False, 2),
        (2, False, 2),
    ]
    for sentence in sentences_of(paragraphs):
        assert sentence.text == article.body[sentence.start : sentence.end]
        assert [(s.text, s.claims) for s in sentence.segments] == [(sentence.text, ())]


def test_gap_after_is_the_white_space_to_the_next_sentence_of_the_same_paragraph():
    article = ArticleFactory()

    sentences = sentences_of(selectors.article_sentences(article))

    assert [s.text for s in sentences[1:3]] == [FIRST, SECOND]
    assert [s.gap_after for s in sentences] == ["", " ", "", " ", ""]


def test_segments_rejoin_to_each_sentence_with_claims_everywhere():
    article = import_sample()
    reviewer = ReviewerFactory()
    body = article.body
    # Claims of every shape: single words, whole sentences, overlapping, across sentences.
    for start, end in [(0, 11), (5, 40), (150, 420), (300, 310), (300, 900), (1000, 1001)]:
        while body[start].isspace():
            start += 1
        ClaimFactory(article=article, author=reviewer, start=start, end=end)
    claims = selectors.article_claims(article)

    sentences = sentences_of(selectors.article_sentences(article, claims))

    assert len(sentences) == 19
    for sentence in sentences:
        assert "".join(segment.text for segment in sentence.segments) == sentence.text
        for segment in sentence.segments:
            assert segment.text
    # Re-joined with their gaps, a paragraph's sentences are exactly its body text.
    paragraphs = {}
    for sentence in sentences:
        paragraphs.setdefault(sentence.paragraph, []).append(sentence)
    for in_paragraph in paragraphs.values():
        text = "".join(s.text + s.gap_after for s in in_paragraph)
        assert text == body[in_paragraph[0].start : in_paragraph[-1].end]


def test_overlapping_claims_are_both_listed_on_the_overlapping_segment():
    article = ArticleFactory()
    budget = claim_over(article, "budget en hausse de 3,5 %")
    hausse = claim_over(article, "hausse de 3,5 % pour la défense")
    claims = selectors.article_claims(article)

    sentence = sentences_of(selectors.article_sentences(article, claims))[1]

    assert [(s.text, [c.pk for c in s.claims]) for s in sentence.segments] == [
        ("Le gouvernement a présenté mardi un ", []),
        ("budget en ", [budget.pk]),
        ("hausse de 3,5 %", [budget.pk, hausse.pk]),
        (" pour la défense", [hausse.pk]),
        (".", []),
    ]


def test_claims_that_share_a_boundary_do_not_overlap():
    article = ArticleFactory()
    left = claim_over(article, "Le gouvernement")
    right = claim_over(article, " a présenté", occurrence_of=FIRST)
    claims = selectors.article_claims(article)

    sentence = sentences_of(selectors.article_sentences(article, claims))[1]

    # The right claim was trimmed to "a présenté"; the space between belongs to neither.
    assert [(s.text, [c.pk for c in s.claims]) for s in sentence.segments[:4]] == [
        ("Le gouvernement", [left.pk]),
        (" ", []),
        ("a présenté", [right.pk]),
        (" mardi un budget en hausse de 3,5 % pour la défense.", []),
    ]


def test_identical_claims_share_every_segment():
    article = ArticleFactory()
    first = claim_over(article, SECOND)
    second = claim_over(article, SECOND)
    claims = selectors.article_claims(article)

    sentence = sentences_of(selectors.article_sentences(article, claims))[2]

    assert [(s.text, [c.pk for c in s.claims]) for s in sentence.segments] == [
        (SECOND, [first.pk, second.pk])
    ]


def test_claim_spanning_two_sentences_appears_in_both():
    article = ArticleFactory()
    claim = claim_over(article, "pour la défense. Selon le ministre")
    claims = selectors.article_claims(article)

    sentences = sentences_of(selectors.article_sentences(article, claims))

    first, second = sentences[1], sentences[2]
    assert [(s.text, s.claims) for s in first.segments][-1] == ("pour la défense.", (claim,))
    assert [(s.text, s.claims) for s in second.segments[:1]] == [("Selon le ministre", (claim,))]
    for other in (sentences[0], *sentences[3:]):
        assert all(not s.claims for s in other.segments)


def test_claim_across_a_paragraph_break_appears_in_both_paragraphs():
    article = ArticleFactory()
    start = article.body.index(SECOND)
    end = article.body.index(THIRD) + len(THIRD)
    claim = ClaimFactory(article=article, start=start, end=end)
    claims = selectors.article_claims(article)

    paragraphs = selectors.article_sentences(article, claims)

    assert [(s.text, s.claims) for s in paragraphs[1].sentences[1].segments] == [(SECOND, (claim,))]
    assert [(s.text, s.claims) for s in paragraphs[2].sentences[0].segments] == [(THIRD, (claim,))]
    assert paragraphs[1].sentences[1].gap_after == ""


def test_claim_over_the_whole_article_marks_every_sentence():
    article = ArticleFactory()
    claim = ClaimFactory(article=article, start=0, end=len(article.body))

    paragraphs = selectors.article_sentences(article, selectors.article_claims(article))

    for sentence in sentences_of(paragraphs):
        assert [(s.text, s.claims) for s in sentence.segments] == [(sentence.text, (claim,))]


def test_glued_sentences_are_cut_with_no_gap_between_them():
    article = import_sample()
    glued = article.body.index("évolutions.Les") + len("évolutions.")
    claim = ClaimFactory(article=article, start=glued - 11, end=glued + 3)  # "évolutions.Les"
    claims = selectors.article_claims(article)

    sentences = sentences_of(selectors.article_sentences(article, claims))

    before = next(s for s in sentences if s.text.endswith("évolutions."))
    after = next(s for s in sentences if s.start == glued)
    assert before.end == glued
    assert before.gap_after == ""
    assert after.paragraph == before.paragraph
    assert after.text.startswith("Les discussions")
    assert [(s.text, s.claims) for s in before.segments][-1] == ("évolutions.", (claim,))
    assert [(s.text, s.claims) for s in after.segments[:1]] == [("Les", (claim,))]
    # The four glued pairs of the sample: no white space between them, in the same paragraph.
    pairs = [
        (a, b)
        for a, b in itertools.pairwise(sentences)
        if a.paragraph == b.paragraph and a.gap_after == ""
    ]
    assert [a.text.split()[-1] + b.text.split()[0] for a, b in pairs] == [
        "évolutions.Les",
        "question.Dans",
        "territoriale.Le",
        "aérienne.Les",
    ]


def test_sentences_of_one_article_ignore_claims_of_no_other():
    article = ArticleFactory()
    other = ArticleFactory()
    claim_over(other, FIRST)

    paragraphs = selectors.article_sentences(article, selectors.article_claims(article))

    assert all(not s.claims for x in sentences_of(paragraphs) for s in x.segments)


# --- article_claims, claim_detail, my_claims ----------------------------------------------


def test_article_claims_are_in_reading_order_with_their_latest_verdict():
    article = ArticleFactory()
    later = claim_over(article, THIRD)
    earlier = claim_over(article, FIRST)
    VerdictFactory(claim=later, rating="true")
    Verdict.objects.create(
        claim=later,
        version=2,
        rating="false",
        rationale="v2",
        author=later.author,
        correction_note="Corrigé.",
    )
    claim_over(ArticleFactory(), FIRST)  # another article's

    claims = selectors.article_claims(article)

    assert [c.pk for c in claims] == [earlier.pk, later.pk]
    assert claims[0].verdict is None
    assert (claims[1].verdict.version, claims[1].verdict.rating) == (2, "false")


def test_claim_detail_has_its_evidence_and_latest_verdict():
    evidence = EvidenceFactory()
    claim = evidence.claim
    second = EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim, rating="mixed")

    detail = selectors.claim_detail(claim.pk)

    assert [e.pk for e in detail.evidence.all()] == [evidence.pk, second.pk]
    assert detail.verdict.rating == Verdict.Rating.MIXED
    assert detail.version == 4


def test_claim_detail_of_a_missing_claim_raises_does_not_exist():
    with pytest.raises(Claim.DoesNotExist):
        selectors.claim_detail(123456)


def test_my_claims_lists_every_claim_of_the_user_with_its_evidence_count(reviewer):
    article = ArticleFactory()
    bare = claim_over(article, FIRST, author=reviewer)
    busy = claim_over(article, SECOND, author=reviewer)
    for _ in range(3):
        EvidenceFactory(claim=busy)
    VerdictFactory(claim=busy)
    submitted = claim_over(article, THIRD, author=reviewer)
    EvidenceFactory(claim=submitted)
    VerdictFactory(claim=submitted)
    services.claim_submit(claim=submitted, user=reviewer)
    claim_over(article, FIRST)  # someone else's

    claims = list(selectors.my_claims(reviewer))

    # Every state, most recently changed first; the verdict join must not multiply the count.
    assert [(c.pk, c.evidence_count) for c in claims] == [
        (submitted.pk, 1),
        (busy.pk, 3),
        (bare.pk, 0),
    ]
    assert selectors.my_claim_states(reviewer) == {
        Claim.Status.DRAFT: 2,
        Claim.Status.IN_REVIEW: 1,
    }
    assert selectors.my_claim_articles(reviewer) == [(article.pk, article.title, article.language)]


# --- article_list ------------------------------------------------------------------------


def test_article_list_counts_sentences_and_claims_per_status_for_each_article(reviewer):
    long = ArticleFactory(
        paragraphs=("Une. Deux. Trois.", "Quatre. Cinq.", "Six."), tags=["a", "b"]
    )
    short = ArticleFactory(paragraphs=("Seule phrase.",), tags=["a", "b", "c"])
    empty = ArticleFactory()
    # Several claims, evidence and verdicts on each, so that any join would multiply.
    for text in ("Une.", "Deux.", "Trois.", "Une. Deux."):
        claim = claim_over(long, text, author=reviewer)
        EvidenceFactory(claim=claim)
        EvidenceFactory(claim=claim)
        VerdictFactory(claim=claim)
    for text in ("Une.", "Trois."):
        claim = Claim.objects.filter(article=long, quote=text).first()
        services.claim_submit(claim=claim, user=reviewer)
    claim_over(short, "Seule phrase.")

    counts = {
        a.pk: (a.sentence_count, a.draft_count, a.in_review_count) for a in selectors.article_list()
    }

    assert counts == {long.pk: (7, 2, 2), short.pk: (2, 1, 0), empty.pk: (5, 0, 0)}


def test_article_list_shows_the_newest_import_first_with_its_tags():
    first = ArticleFactory(tags=["Défense"])
    second = ArticleFactory(tags=["Budget", "défense"])

    articles = list(selectors.article_list())

    assert [a.pk for a in articles] == [second.pk, first.pk]
    assert [[t.name for t in a.tags.all()] for a in articles] == [
        ["Budget", "Défense"],
        ["Défense"],
    ]


# --- Query counts ------------------------------------------------------------------------


def _article_with_claims(n):
    article = ArticleFactory()
    author = ReviewerFactory()
    sentences = list(article.sentences.order_by("position"))
    for i in range(n):
        sentence = sentences[1 + i % (len(sentences) - 1)]
        end = sentence.end - (i // 4) % 3
        claim = ClaimFactory(article=article, author=author, start=sentence.start, end=end)
        if i % 2:
            EvidenceFactory(claim=claim)
            VerdictFactory(claim=claim)
    return article


@pytest.mark.parametrize("n", [2, 30])
def test_article_claims_takes_two_queries_whatever_the_number_of_claims(
    n, django_assert_num_queries
):
    article = _article_with_claims(n)

    with django_assert_num_queries(2):
        claims = selectors.article_claims(article)
        for claim in claims:
            assert claim.author.username
            assert claim.verdict is None or claim.verdict.get_rating_display()

    assert len(claims) == n


@pytest.mark.parametrize("n", [2, 30])
def test_claim_detail_takes_three_queries_whatever_the_amount_of_evidence(
    n, django_assert_num_queries
):
    claim = ClaimFactory()
    for _ in range(n):
        EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)

    with django_assert_num_queries(3):
        detail = selectors.claim_detail(claim.pk)
        names = (detail.article.title, detail.author.username, detail.verdict.author.username)
        evidence = [e.added_by.username for e in detail.evidence.all()]

    assert all(names)

    assert len(evidence) == n


@pytest.mark.parametrize("n", [2, 30])
def test_article_sentences_takes_one_query_whatever_the_number_of_claims(
    n, django_assert_num_queries
):
    article = _article_with_claims(n)
    claims = selectors.article_claims(article)

    with django_assert_num_queries(1):
        paragraphs = selectors.article_sentences(article, claims)

    marked = {c.pk for s in sentences_of(paragraphs) for seg in s.segments for c in seg.claims}
    assert marked == {c.pk for c in claims}


@pytest.mark.parametrize("n", [2, 12])
def test_article_list_takes_two_queries_whatever_the_number_of_articles(
    n, django_assert_num_queries
):
    for i in range(n):
        ClaimFactory(
            article=ArticleFactory(tags=[f"t{i}", "commun"], imported_by=ReviewerFactory())
        )

    with django_assert_num_queries(2):
        rows = [
            (a.title, a.sentence_count, a.draft_count, a.imported_by.username, list(a.tags.all()))
            for a in selectors.article_list()
        ]

    assert len(rows) == n


@pytest.mark.parametrize("n", [2, 30])
def test_my_claims_takes_three_queries_whatever_the_number_of_drafts(n, django_assert_num_queries):
    article = _article_with_claims(n)
    author = article.claims.first().author

    with django_assert_num_queries(3):
        rows = [
            (c.article.title, c.evidence_count, selectors.latest_verdict(c))
            for c in selectors.my_claims(author)
        ]

    assert len(rows) == n
