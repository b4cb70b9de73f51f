"""Blind double review in the pages: nothing of the first verdict reaches the second
reviewer (claim panel, article page, history, moderation queue), nothing of the second
reaches the first author before the decision; the comparison and its decisions; the
agreement page and its CSV; query counts."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from annotations import services
from annotations.models import BlindReview, Claim, Verdict
from tests.factories import ModeratorFactory, ReviewerFactory, submitted_claim

pytestmark = pytest.mark.django_db

# The first verdict (tests/factories.py): its rating, and words of its rationale and evidence.
FIRST_RATING = "mostly_false"
FIRST_WORDS = "projet de loi"
SECOND_RATIONALE = "D’après l’Insee, le chiffre exact est 2,9 %."


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def asked():
    """A claim in review with a second verdict taken by ``second``."""
    claim = submitted_claim()
    second = ReviewerFactory(username="second")
    blind = services.blind_review_request(
        claim=claim, moderator=ModeratorFactory(), reviewer=second
    )
    return claim, blind, second


def first_verdict_shown(html: str) -> bool:
    return FIRST_WORDS in html or f"rating-{FIRST_RATING}" in html


def give(blind, reviewer, rating="false", rationale=SECOND_RATIONALE, sources=""):
    return services.blind_review_submit(
        blind=blind, user=reviewer, rating=rating, rationale=rationale, sources=sources
    )


# --- The first verdict, hidden from the second reviewer ---------------------------------------


def test_the_second_reviewer_sees_the_claim_but_not_its_first_verdict(asked):
    claim, blind, second = asked
    client = client_for(second)

    panel = client.get(claim.get_absolute_url()).content.decode()
    article = client.get(claim.article.get_absolute_url()).content.decode()
    page = client.get(reverse("annotations:blind_detail", args=[blind.pk])).content.decode()

    assert claim.text in panel and not first_verdict_shown(panel)
    assert "hidden from you" in panel
    assert article.count(f"hl-rating-{FIRST_RATING}") == 1  # the legend's only
    assert claim.quote in page and not first_verdict_shown(page)
    assert client.get(reverse("annotations:claim_history", args=[claim.pk])).status_code == 403


def test_other_reviewers_do_not_see_it_either_but_its_author_and_moderators_do(asked):
    claim, _blind, _second = asked
    other = client_for(ReviewerFactory()).get(claim.get_absolute_url()).content.decode()
    author = client_for(claim.author).get(claim.get_absolute_url()).content.decode()
    moderator = client_for(ModeratorFactory()).get(claim.get_absolute_url()).content.decode()

    assert not first_verdict_shown(other)
    assert first_verdict_shown(author)
    assert first_verdict_shown(moderator)


def test_a_moderator_giving_the_second_verdict_does_not_see_the_first_in_the_queue():
    claim = submitted_claim()
    moderator = ModeratorFactory()
    services.blind_review_request(claim=claim, moderator=ModeratorFactory(), reviewer=moderator)

    queue = client_for(moderator).get(reverse("annotations:moderation_queue")).content.decode()
    panel = client_for(moderator).get(claim.get_absolute_url()).content.decode()

    assert claim.text in queue and not first_verdict_shown(queue)
    assert not first_verdict_shown(panel)


# --- The second verdict, hidden from the first author ---------------------------------------


def test_the_first_author_never_sees_the_second_verdict_before_the_decision(asked):
    claim, blind, second = asked
    give(blind, second)
    author = client_for(claim.author)
    url = reverse("annotations:blind_detail", args=[blind.pk])

    assert author.get(url).status_code == 403
    panel = author.get(claim.get_absolute_url()).content.decode()
    history = author.get(reverse("annotations:claim_history", args=[claim.pk])).content.decode()
    inbox = author.get(reverse("annotations:inbox")).content.decode()
    for html in (panel, history, inbox):
        assert SECOND_RATIONALE not in html and "2,9" not in html

    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    assert SECOND_RATIONALE in author.get(url).content.decode()  # decided: both shown


# --- Writing it -----------------------------------------------------------------------------


def test_a_refused_second_verdict_keeps_what_was_typed(asked):
    _claim, blind, second = asked
    url = reverse("annotations:blind_detail", args=[blind.pk])

    response = client_for(second).post(
        url, {"rating": "", "rationale": "Mon analyse", "sources": "pas une adresse"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Mon analyse" in html and "pas une adresse" in html
    assert "is not a web address" in html
    assert BlindReview.objects.get(pk=blind.pk).status == BlindReview.Status.IN_PROGRESS


def test_the_second_verdict_is_given_and_only_by_its_reviewer(asked):
    claim, blind, second = asked
    url = reverse("annotations:blind_detail", args=[blind.pk])
    data = {"rating": "false", "rationale": SECOND_RATIONALE, "sources": "https://insee.fr/a"}

    assert client_for(claim.author).post(url, data).status_code == 403
    assert client_for(ReviewerFactory()).post(url, data).status_code == 403
    response = client_for(second).post(url, data)

    assert response.status_code == 302
    blind.refresh_from_db()
    assert (blind.status, blind.rating, blind.sources) == (
        "submitted",
        "false",
        "https://insee.fr/a",
    )


def test_a_reviewer_takes_a_slot_from_the_queue_and_a_second_one_is_told_it_is_gone():
    claim = submitted_claim()
    blind = services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    one, two = client_for(ReviewerFactory()), client_for(ReviewerFactory())

    queue = one.get(reverse("annotations:blind_queue")).content.decode()
    assert claim.text in queue
    assert (
        client_for(claim.author)
        .get(reverse("annotations:blind_queue"))
        .content.decode()
        .count("Take it")
        == 0
    )  # never one's own claim

    take = reverse("annotations:blind_take", args=[blind.pk])
    assert one.post(take)["Location"] == reverse("annotations:blind_detail", args=[blind.pk])
    refused = two.post(take, follow=True)
    assert "Someone else took this second verdict" in refused.content.decode()


# --- Comparing and deciding -----------------------------------------------------------------


def test_the_comparison_marks_the_differences_and_offers_the_decisions(asked):
    _claim, blind, second = asked
    give(blind, second, sources="https://www.example.org/plf/\nhttps://insee.fr/b")
    moderator = client_for(ModeratorFactory())

    html = moderator.get(reverse("annotations:blind_detail", args=[blind.pk])).content.decode()

    assert "The ratings differ by 1 step" in html
    assert FIRST_WORDS in html and SECOND_RATIONALE in html
    assert "only in the second" in html
    assert "Approve the first verdict and publish" in html
    assert "Approve the second verdict and publish" in html
    assert "Send back to the author" in html


def test_approving_the_second_verdict_publishes_it(asked):
    claim, blind, second = asked
    give(blind, second)

    response = client_for(ModeratorFactory()).post(
        reverse("annotations:blind_choose_second", args=[blind.pk]), follow=True
    )

    assert "The second verdict is approved and published." in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.verdicts.get().rating == Verdict.Rating.FALSE


def test_a_moderator_asks_for_a_second_verdict_from_the_claim_panel():
    claim = submitted_claim()
    reviewer = ReviewerFactory()
    moderator = client_for(ModeratorFactory())
    assert (
        "Ask for a second, blind verdict"
        in moderator.get(claim.get_absolute_url()).content.decode()
    )

    response = moderator.post(
        reverse("annotations:blind_request", args=[claim.pk]),
        {"reviewer": reviewer.pk},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "Second verdict asked of" in response.content.decode()
    assert BlindReview.objects.get(claim=claim).reviewer == reviewer
    # The panel no longer offers to approve: the decision is taken on the comparison.
    assert "Approve and publish" not in response.content.decode()


# --- Agreement --------------------------------------------------------------------------------


def double_reviewed(ratings: list[tuple[str, str]], reviewers=None) -> list[BlindReview]:
    """Claims rated twice: (first rating, second rating) each."""
    first_author, second = reviewers or (ReviewerFactory(), ReviewerFactory())
    done = []
    for first_rating, second_rating in ratings:
        claim = submitted_claim(author=first_author)
        Verdict.objects.filter(claim=claim).update(rating=first_rating)
        blind = services.blind_review_request(
            claim=claim, moderator=ModeratorFactory(), reviewer=second
        )
        done.append(give(blind, second, rating=second_rating))
    return done


def test_the_agreement_page_gives_alpha_with_its_claims_and_the_worst_disagreements():
    double_reviewed([("true", "true"), ("false", "false"), ("mixed", "mixed"), ("true", "false")])
    html = client_for(ModeratorFactory()).get(reverse("annotations:agreement")).content.decode()

    assert "Ordinal alpha" in html and "Nominal alpha" in html
    assert "3 of 4 claims rated twice got the same rating" in html
    assert "4 steps apart" in html
    assert "95 % interval" in html
    assert 'id="alpha-by-month"' in html and "<title" in html  # alpha over time, drawn


def test_the_agreement_csv_has_a_row_per_claim_and_a_column_per_reviewer():
    one, two = ReviewerFactory(username="alice"), ReviewerFactory(username="=bob")
    blinds = double_reviewed([("true", "mixed"), ("false", "false")], reviewers=(one, two))

    response = client_for(ModeratorFactory()).get(reverse("annotations:agreement_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="agreement.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["claim", "month"]
    assert rows[0][2:] == ["'=bob", "alice"]  # a name a spreadsheet would run, made inert
    assert [row[2:] for row in rows[1:]] == [["mixed", "true"], ["false", "false"]]
    assert [int(row[0]) for row in rows[1:]] == [b.claim_id for b in blinds]


# --- Query counts -------------------------------------------------------------------------------

AGREEMENT_QUERIES = 4  # session, user, roles, the pairs
BLIND_QUEUE_QUERIES = 7  # session, user, roles, header counts (2), the queue (count + page), mine
# session, user, roles, the second verdict with its claim and first verdict, the evidence,
# the header's two counts
COMPARISON_QUERIES = 7


@pytest.mark.parametrize("count", [2, 8])
def test_the_agreement_page_and_csv_take_a_fixed_number_of_queries(
    count, django_assert_num_queries
):
    double_reviewed([("true", "false")] * (count // 2) + [("mixed", "mixed")] * (count // 2))
    client = client_for(ModeratorFactory())
    client.get(reverse("annotations:agreement"))  # the session's first read aside
    with django_assert_num_queries(AGREEMENT_QUERIES + 2):  # + the header's two counts
        client.get(reverse("annotations:agreement"))
    with django_assert_num_queries(AGREEMENT_QUERIES):
        client.get(reverse("annotations:agreement_csv"))


@pytest.mark.parametrize("count", [1, 6])
def test_the_blind_queue_takes_a_fixed_number_of_queries(count, django_assert_num_queries):
    for _ in range(count):
        services.blind_review_request(claim=submitted_claim(), moderator=ModeratorFactory())
    client = client_for(ReviewerFactory())
    with django_assert_num_queries(BLIND_QUEUE_QUERIES):
        response = client.get(reverse("annotations:blind_queue"))
    assert len(response.context["page"].object_list) == count


@pytest.mark.parametrize("sources", [1, 5])
def test_the_comparison_takes_a_fixed_number_of_queries(sources, django_assert_num_queries):
    claim = submitted_claim()
    second = ReviewerFactory()
    blind = services.blind_review_request(
        claim=claim, moderator=ModeratorFactory(), reviewer=second
    )
    give(blind, second, sources="\n".join(f"https://example.org/{n}" for n in range(sources)))
    client = client_for(ModeratorFactory())
    with django_assert_num_queries(COMPARISON_QUERIES):
        client.get(reverse("annotations:blind_detail", args=[blind.pk]))


def test_the_agreement_kept_in_the_cache_follows_a_new_pair_at_once():
    reviewers = (ReviewerFactory(), ReviewerFactory())
    double_reviewed([("true", "true"), ("false", "mixed")], reviewers=reviewers)
    client = client_for(ModeratorFactory())
    assert (
        "1 of 2 claims rated twice" in client.get(reverse("annotations:agreement")).content.decode()
    )

    double_reviewed([("mixed", "mixed")], reviewers=reviewers)

    assert (
        "2 of 3 claims rated twice" in client.get(reverse("annotations:agreement")).content.decode()
    )
