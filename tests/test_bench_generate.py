"""The benchmark's data generator (bench/text.py, bench/generate.py).

The benchmark is only as good as its data: French text that the segmenter cuts as
written, rows that satisfy every constraint and look like the product's own (the same
event history, the same four-eyes rule), the same data from the same seed. Generation
runs here at a tiny size (20 articles, 200 public claims, a short "long" article).
"""

from __future__ import annotations

import io
import random
import re
from collections import Counter
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from annotations import importing, services
from annotations.models import (
    PUBLIC_STATUSES,
    Article,
    Claim,
    ClaimEvent,
    PublicRevision,
    Review,
    Sentence,
    Verdict,
)
from annotations.permissions import MODERATORS, REVIEWERS
from annotations.segmentation import split_sentences
from bench import generate as generator
from bench import text
from tests.factories import ArticleFactory

TINY = {"scale": 0.01, "long_sentences": 120, "long_claims": 60}


def run_generator(seed: int = 42) -> dict:
    return generator.generate(seed=seed, out=io.StringIO(), **TINY)


@pytest.fixture
def summary(db):
    return run_generator()


def snapshot() -> dict:
    """What must not change from one run to the next with the same seed."""
    return {
        "articles": list(
            Article.objects.order_by("pk").values_list(
                "pk", "title", "body", "publisher", "author", "published_at", "imported_at"
            )
        ),
        "sentences": list(
            Sentence.objects.order_by("pk").values_list("article_id", "position", "start", "end")
        ),
        "claims": list(
            Claim.objects.order_by("pk").values_list(
                "pk",
                "article_id",
                "start",
                "end",
                "quote",
                "text",
                "claimant",
                "status",
                "version",
                "published_at",
                "author__username",
            )
        ),
        "verdicts": list(
            Verdict.objects.order_by("pk").values_list(
                "claim_id", "version", "rating", "rationale", "approved_by__username"
            )
        ),
        "events": list(
            ClaimEvent.objects.order_by("pk").values_list("claim_id", "action", "created_at")
        ),
    }


# --- Text --------------------------------------------------------------------------------


def test_the_same_seed_writes_the_same_text_and_another_seed_another():
    def article(seed):
        return text.article_text(random.Random(seed), sentences=40)

    assert article(7) == article(7)
    assert article(7) != article(8)
    assert text.text_of_size(random.Random(3), 20_000) == text.text_of_size(
        random.Random(3), 20_000
    )


def test_the_segmenter_cuts_generated_paragraphs_into_the_sentences_written():
    rng = random.Random(1)
    exact = 0
    for _ in range(200):
        sentences = text.paragraph_sentences(rng, sentences=rng.randint(2, 5))
        paragraph = " ".join(sentences)
        cut = [paragraph[start:end] for start, end in split_sentences(paragraph, "fr")]
        exact += cut == sentences
    assert exact >= 198  # at least 99 %
    headlines = [text.headline(rng) for _ in range(200)]
    assert all(len(split_sentences(h, "fr")) == 1 for h in headlines)


def test_generated_text_is_french_news_copy_not_lorem_ipsum():
    title, paragraphs = text.article_text(random.Random(5), sentences=400)
    body = " ".join([title, *paragraphs])
    words = re.findall(r"[^\W\d_]+", body.lower())
    counts = Counter(words)
    assert not {"lorem", "ipsum", "dolor", "amet"} & counts.keys()
    for word in ("le", "la", "de", "les", "que", "des"):
        assert counts[word] / len(words) > 0.01, word
    assert len(counts) > 600  # a vocabulary, not a handful of templates
    accented = sum(1 for ch in body if ch in "éèêàâçùûôîœ")
    assert accented / len(body) > 0.02
    assert "«\u00a0" in body and "\u00a0»" in body  # quotations in guillemets
    assert re.search(r"\d+,\d\u00a0%", body)  # 7,4 %
    assert re.search(r"\d{1,3}\u202f\d{3}", body)  # 12 000
    assert "?" in body
    assert re.search(r"\b(?:M\.|Mme) [A-ZÉ]", body)


def test_a_text_of_one_megabyte_is_an_importable_plain_text_article():
    source = text.text_of_size(random.Random(9), 1_000_000)
    assert abs(len(source.encode()) - 1_000_000) <= 50_000
    parsed = importing.parse_plain_text(source, default_timezone=ZoneInfo("Europe/Paris"))
    assert parsed.language == "fr"
    assert parsed.publisher in {name for name, _domain in text.PUBLISHERS}
    assert parsed.published_at is not None
    assert parsed.source_url.startswith("https://")
    assert len(parsed.tags) == 2
    assert len(parsed.paragraph_spans) > 1000
    assert not parsed.notes


def test_rationale_is_markdown_with_bold_and_one_link_and_evidence_is_a_web_source():
    rng = random.Random(2)
    for rating in ("true", "false", "misleading", None):
        rationale = text.rationale(rng, rating)
        assert "**" in rationale
        assert len(re.findall(r"\[[^\]]+\]\(https://[^)\s]+\)", rationale)) == 1
    for _ in range(20):
        source = text.evidence(rng)
        assert source["url"].startswith("https://")
        assert source["title"] and source["publisher"]
        assert source["stance"] in {"supports", "refutes", "context"}


# --- Generated rows ----------------------------------------------------------------------


def test_the_same_seed_generates_the_same_rows(db):
    savepoint = transaction.savepoint()
    first_summary = run_generator()
    first = snapshot()
    transaction.savepoint_rollback(savepoint)
    assert not Article.objects.exists()

    second_summary = run_generator()
    assert snapshot() == first
    for key in ("long_article_id", "typical_article_id", "sample_claim_id", "search_term"):
        assert second_summary[key] == first_summary[key]


def test_sizes_follow_the_scale(summary):
    counts = summary["counts"]
    assert counts["articles"] == 21  # and the long article
    assert summary["public_claims"] == 200 + 42  # 70 % of the long article's 60
    assert counts["claims"] == 200 + 20 + 60
    assert summary["long_article_sentences"] == 120
    assert Sentence.objects.filter(article_id=summary["long_article_id"]).count() == 120
    typical = Sentence.objects.filter(article_id=summary["typical_article_id"]).count()
    assert 38 <= typical <= 42
    statuses = summary["claims_by_status"]
    assert statuses["published"] > statuses["corrected"] > statuses["retracted"] > 0
    assert {"draft", "in_review"} <= statuses.keys()
    assert counts["users"] == 25


def test_generation_moves_the_public_revision_on(db):
    before = PublicRevision.objects.get().number
    run_generator()
    assert PublicRevision.objects.get().number == before + 1


def test_sentences_are_cut_as_an_import_cuts_them(summary):
    for article in Article.objects.all():
        paragraphs = article.body.split("\n\n")
        parsed = importing.parse_pasted(title=paragraphs[0], text="\n\n".join(paragraphs[1:]))
        assert parsed.body == article.body
        assert article.content_hash == importing.content_hash(article.title, article.body)
        stored = list(
            article.sentences.order_by("position").values_list("start", "end", "paragraph")
        )
        assert stored == services.sentence_spans(parsed)
        assert article.sentences.filter(is_headline=True).get().position == 0


def test_every_article_has_its_first_version_as_an_import_stores_it(summary):
    for article in Article.objects.prefetch_related("versions"):
        (version,) = article.versions.all()
        assert (version.number, article.current_version) == (1, 1)
        assert (version.title, version.body) == (article.title, article.body)
        assert version.content_hash == article.content_hash
        stored = article.sentences.order_by("position").values_list("start", "end", "paragraph")
        assert [tuple(span) for span in version.sentence_spans] == list(stored)


def test_public_claims_say_they_checked_their_passage_in_version_one(summary):
    for claim in Claim.objects.filter(status__in=PUBLIC_STATUSES):
        assert claim.checked_version == 1 == claim.anchored_version
        assert (claim.checked_start, claim.checked_end) == (claim.start, claim.end)
        assert claim.checked_quote == claim.quote


def test_every_claim_quotes_its_article_exactly(summary):
    context = Claim.CONTEXT_LENGTH
    for claim in Claim.objects.select_related("article"):
        body = claim.article.body
        assert claim.quote == body[claim.start : claim.end]
        assert claim.quote == claim.quote.strip()
        assert claim.prefix == body[max(0, claim.start - context) : claim.start]
        assert claim.suffix == body[claim.end : claim.end + context]
        assert claim.text and claim.version >= 1


def test_public_claims_have_three_evidence_and_a_verdict_approved_by_someone_else(summary):
    public = Claim.objects.filter(status__in=PUBLIC_STATUSES)
    assert public.count() == summary["public_claims"]
    for claim in public.prefetch_related("evidence", "verdicts", "reviews"):
        assert len(claim.evidence.all()) == 3
        assert {e.added_by_id for e in claim.evidence.all()} == {claim.author_id}
        verdicts = sorted(claim.verdicts.all(), key=lambda v: v.version)
        assert [v.version for v in verdicts] == list(range(1, len(verdicts) + 1))
        assert all(v.status == Verdict.Status.PUBLISHED for v in verdicts)
        assert all(v.approved_by_id not in (None, v.author_id) for v in verdicts)
        assert all(v.published_at >= claim.published_at for v in verdicts)
        approved = [r for r in claim.reviews.all() if r.decision == Review.Decision.APPROVED]
        assert sorted(r.verdict_id for r in approved) == sorted(v.pk for v in verdicts)
        if claim.status == Claim.Status.CORRECTED:
            assert len(verdicts) == 2 and verdicts[1].correction_note
        else:
            assert len(verdicts) == 1
        if claim.status == Claim.Status.RETRACTED:
            assert claim.retracted_at > claim.published_at and claim.retraction_note
    sample = Claim.objects.get(pk=summary["sample_claim_id"])
    assert sample.status == Claim.Status.PUBLISHED
    assert sample.evidence.count() == 3 and sample.verdicts.count() == 1


def test_publication_dates_of_public_claims_are_all_distinct(summary):
    dates = list(Claim.objects.filter(status__in=PUBLIC_STATUSES).values_list("published_at"))
    assert len(dates) == len(set(dates)) == summary["public_claims"]


def test_each_claim_history_reads_as_the_services_would_have_written_it(summary):
    Action = ClaimEvent.Action
    expected = {
        Claim.Status.PUBLISHED: [Action.SUBMITTED, Action.PUBLISHED],
        Claim.Status.CORRECTED: [
            Action.SUBMITTED,
            Action.PUBLISHED,
            Action.CORRECTION_STARTED,
            Action.VERDICT_SET,
            Action.SUBMITTED,
            Action.CORRECTED,
        ],
        Claim.Status.RETRACTED: [Action.SUBMITTED, Action.PUBLISHED, Action.RETRACTED],
        Claim.Status.IN_REVIEW: [Action.SUBMITTED],
        Claim.Status.CHANGES_REQUESTED: [Action.SUBMITTED, Action.CHANGES_REQUESTED],
    }
    for claim in Claim.objects.prefetch_related("events", "evidence"):
        events = list(claim.events.all())  # in order of time
        actions = [e.action for e in events]
        assert actions[0] == Action.CREATED
        assert actions.count(Action.EVIDENCE_ADDED) == len(claim.evidence.all())
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert claim.version == len(events)  # every step is a new version
        assert claim.updated_at == events[-1].created_at
        if claim.status != Claim.Status.DRAFT:
            verdict_set = actions.index(Action.VERDICT_SET)
            assert actions[verdict_set + 1 :] == expected[claim.status]
        evidence_ids = {e.after["id"] for e in events if e.action == Action.EVIDENCE_ADDED}
        assert evidence_ids == {e.pk for e in claim.evidence.all()}


def test_claims_not_yet_public_wait_in_one_open_review_at_most(summary):
    hidden = Claim.objects.exclude(status__in=PUBLIC_STATUSES)
    assert hidden.filter(published_at__isnull=False).count() == 0
    open_reviews = Review.objects.filter(decision=Review.Decision.OPEN)
    assert set(open_reviews.values_list("claim__status", flat=True)) == {Claim.Status.IN_REVIEW}
    assert open_reviews.count() == hidden.filter(status=Claim.Status.IN_REVIEW).count()
    in_review = Verdict.objects.filter(claim__status=Claim.Status.IN_REVIEW)
    assert set(in_review.values_list("status", flat=True)) == {Verdict.Status.IN_REVIEW}


def test_the_long_article_has_overlapping_claims_mostly_public(summary):
    claims = list(
        Claim.objects.filter(article_id=summary["long_article_id"]).order_by("start", "end")
    )
    assert len(claims) == 60
    assert sum(c.status in PUBLIC_STATUSES for c in claims) == 42
    assert all(c.evidence.count() == 3 for c in claims)
    overlaps = sum(1 for a, b in pairwise(claims) if b.start < a.end)
    assert overlaps > 0


def test_the_search_term_matches_about_one_public_claim_in_a_hundred(summary):
    term = summary["search_term"]
    assert re.fullmatch(r"[a-z]{6,}", term)
    public = Claim.objects.filter(status__in=PUBLIC_STATUSES)
    matches = public.filter(
        Q(text__icontains=term) | Q(quote__icontains=term) | Q(claimant__icontains=term)
    ).count()
    assert matches == summary["search_term_matches"]
    assert 0.005 <= matches / summary["public_claims"] <= 0.02


def test_benchmark_users_are_reviewers_and_moderators_without_passwords(summary):
    users = get_user_model().objects.filter(username__startswith="bench-")
    roles = Counter(users.values_list("groups__name", flat=True))
    assert roles == {REVIEWERS: 20, MODERATORS: 5}
    assert not any(user.has_usable_password() for user in users)
    assert users.filter(username="bench-reviewer-01").exists()
    authors = set(Claim.objects.values_list("author__groups__name", flat=True))
    approvers = set(Verdict.objects.values_list("approved_by__groups__name", flat=True))
    assert REVIEWERS in authors and approvers - {None} == {MODERATORS}


def test_the_generator_refuses_a_database_that_has_articles(db, capsys):
    ArticleFactory()
    with pytest.raises(generator.DatabaseNotEmpty):
        run_generator()
    assert generator.main(["--scale", "0.01"]) == 2
    assert "empty database" in capsys.readouterr().err
    assert Claim.objects.count() == 0


def test_a_tenth_of_the_public_claims_were_rated_twice_blind_mostly_alike(summary):
    from annotations.models import BlindReview

    pairs = list(BlindReview.objects.all())
    public = summary["public_claims"]
    assert 0.03 * public <= len(pairs) <= 0.2 * public
    assert all(p.status == "decided" and p.reviewer_id != p.first_author_id for p in pairs)
    alike = sum(p.rating == p.first_rating for p in pairs)
    assert 0.4 * len(pairs) <= alike < len(pairs)
