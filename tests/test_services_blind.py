"""Blind double review in the services: asking, taking, writing, deciding; four eyes
over both verdicts; the team's setting; and the races (two reviewers taking the same
slot, a moderator deciding while the second verdict is being written)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction

from annotations import services
from annotations.models import BlindReview, Claim, ClaimEvent, Verdict
from annotations.services import FourEyesError, TransitionError
from tests.factories import (
    ModeratorFactory,
    ReviewerFactory,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

Status, Outcome = BlindReview.Status, BlindReview.Outcome


def in_review(**kwargs) -> Claim:
    return submitted_claim(**kwargs)


def given(blind: BlindReview, reviewer=None, rating=Verdict.Rating.FALSE) -> BlindReview:
    """``blind`` taken by ``reviewer`` (a new one unless given) and written."""
    reviewer = reviewer or ReviewerFactory()
    services.blind_review_take(blind=blind, user=reviewer)
    return services.blind_review_submit(
        blind=blind, user=reviewer, rating=rating, rationale="Selon l’Insee, non.", sources=""
    )


def test_a_moderator_asks_for_a_second_verdict_on_a_claim_in_review():
    claim = in_review()
    moderator = ModeratorFactory()

    blind = services.blind_review_request(claim=claim, moderator=moderator)

    assert blind.status == Status.OPEN
    assert blind.reviewer is None
    assert blind.first_author == claim.author
    assert blind.reason == BlindReview.Reason.REQUESTED
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert (event.action, event.actor) == (ClaimEvent.Action.BLIND_REQUESTED, moderator)


def test_only_moderators_ask_and_only_for_a_claim_waiting_for_review():
    with pytest.raises(PermissionDenied):
        services.blind_review_request(claim=in_review(), moderator=ReviewerFactory())
    with pytest.raises(TransitionError):
        services.blind_review_request(claim=ready_claim(), moderator=ModeratorFactory())
    claim = in_review()
    services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    with pytest.raises(TransitionError, match="already asked"):
        services.blind_review_request(claim=claim, moderator=ModeratorFactory())


def test_a_second_verdict_can_be_assigned_but_never_to_the_first_author():
    claim = in_review()
    reviewer = ReviewerFactory()

    blind = services.blind_review_request(
        claim=claim, moderator=ModeratorFactory(), reviewer=reviewer
    )
    assert (blind.status, blind.reviewer) == (Status.IN_PROGRESS, reviewer)

    other = in_review()
    with pytest.raises(FourEyesError):
        services.blind_review_request(
            claim=other, moderator=ModeratorFactory(), reviewer=other.author
        )
    assert not BlindReview.objects.filter(claim=other).exists()  # nothing half-stored


def test_the_database_refuses_a_second_verdict_by_the_first_author():
    claim = in_review()
    blind = services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        BlindReview.objects.filter(pk=blind.pk).update(reviewer=claim.author)


def test_a_reviewer_takes_an_open_slot_and_writes_the_second_verdict():
    claim = in_review()
    blind = services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    reviewer = ReviewerFactory()

    taken = services.blind_review_take(blind=blind, user=reviewer)
    assert (taken.status, taken.reviewer) == (Status.IN_PROGRESS, reviewer)
    with pytest.raises(TransitionError):
        services.blind_review_take(blind=blind, user=ReviewerFactory())

    done = services.blind_review_submit(
        blind=blind,
        user=reviewer,
        rating=Verdict.Rating.FALSE,
        rationale="Le chiffre est de 3,1 %.",
        sources="https://www.insee.fr/a\nhttps://www.example.org/b",
    )
    assert done.status == Status.SUBMITTED
    assert (done.rating, done.first_rating) == (Verdict.Rating.FALSE, Verdict.Rating.MOSTLY_FALSE)
    # The history says it came in, not what it says: the first author reads the history.
    event = ClaimEvent.objects.filter(claim=claim).last()
    assert event.action == ClaimEvent.Action.BLIND_SUBMITTED
    assert event.after == {} and event.comment == ""


def test_the_first_author_cannot_take_the_slot_and_others_cannot_write_it():
    claim = in_review()
    blind = services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    with pytest.raises(FourEyesError):
        services.blind_review_take(blind=blind, user=claim.author)
    reviewer = ReviewerFactory()
    services.blind_review_take(blind=blind, user=reviewer)
    with pytest.raises(PermissionDenied):
        services.blind_review_submit(
            blind=blind, user=ReviewerFactory(), rating="false", rationale="Non."
        )


def test_an_incomplete_second_verdict_is_refused_with_every_reason_and_nothing_stored():
    blind = services.blind_review_request(claim=in_review(), moderator=ModeratorFactory())
    reviewer = ReviewerFactory()
    services.blind_review_take(blind=blind, user=reviewer)

    with pytest.raises(ValidationError) as refused:
        services.blind_review_submit(blind=blind, user=reviewer, rating="bof", rationale="  ")

    assert set(refused.value.message_dict) == {"rating", "rationale"}
    blind.refresh_from_db()
    assert (blind.status, blind.rating) == (Status.IN_PROGRESS, "")


def test_the_claim_is_not_decided_on_while_the_second_verdict_is_being_written():
    claim = in_review()
    services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    moderator = ModeratorFactory()

    with pytest.raises(TransitionError, match="not in yet"):
        services.claim_approve(claim=claim, moderator=moderator)
    with pytest.raises(TransitionError, match="not in yet"):
        services.claim_request_changes(claim=claim, moderator=moderator, comment="Non.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


def test_approving_the_first_verdict_closes_the_pair():
    claim = in_review()
    blind = given(services.blind_review_request(claim=claim, moderator=ModeratorFactory()))
    moderator = ModeratorFactory()

    published = services.claim_approve(claim=claim, moderator=moderator)

    assert published.status == Claim.Status.PUBLISHED
    blind.refresh_from_db()
    assert (blind.status, blind.outcome, blind.decided_by) == (
        Status.DECIDED,
        Outcome.FIRST,
        moderator,
    )
    assert published.verdicts.get().rating == Verdict.Rating.MOSTLY_FALSE


def test_choosing_the_second_verdict_publishes_it_under_its_author():
    claim = in_review()
    second_reviewer = ReviewerFactory()
    blind = given(
        services.blind_review_request(claim=claim, moderator=ModeratorFactory()),
        reviewer=second_reviewer,
    )
    moderator = ModeratorFactory()

    published = services.blind_review_choose_second(blind=blind, moderator=moderator)

    assert published.status == Claim.Status.PUBLISHED
    verdict = published.verdicts.get()
    assert (verdict.rating, verdict.author, verdict.approved_by) == (
        Verdict.Rating.FALSE,
        second_reviewer,
        moderator,
    )
    blind.refresh_from_db()
    assert (blind.outcome, blind.first_rating) == (Outcome.SECOND, Verdict.Rating.MOSTLY_FALSE)
    actions = list(ClaimEvent.objects.filter(claim=claim).values_list("action", flat=True))
    assert actions[-2:] == [ClaimEvent.Action.BLIND_SECOND_APPROVED, ClaimEvent.Action.PUBLISHED]


def test_sending_back_closes_the_pair_and_a_new_submission_needs_no_new_one(settings):
    settings.SECOND_VERDICT_REQUIRED = "all"
    claim = in_review()
    blind = BlindReview.objects.get(claim=claim)  # required by the team's setting
    given(blind)

    services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment="Source ?")

    blind.refresh_from_db()
    assert (blind.status, blind.outcome) == (Status.DECIDED, Outcome.SENT_BACK)
    claim.refresh_from_db()
    services.claim_submit(claim=claim, user=claim.author)
    assert BlindReview.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize("who", ["first author", "second reviewer"])
def test_a_moderator_who_wrote_either_verdict_does_not_decide(who):
    first_author = ModeratorFactory()
    second = ModeratorFactory()
    claim = in_review(author=first_author)
    blind = given(
        services.blind_review_request(claim=claim, moderator=ModeratorFactory()), reviewer=second
    )
    moderator = first_author if who == "first author" else second

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=moderator)
    with pytest.raises(FourEyesError):
        services.blind_review_choose_second(blind=blind, moderator=moderator)
    with pytest.raises(FourEyesError):
        services.claim_request_changes(claim=claim, moderator=moderator, comment="Non.")
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.IN_REVIEW


def test_a_cancelled_second_verdict_lets_the_claim_be_decided():
    claim = in_review()
    blind = services.blind_review_request(claim=claim, moderator=ModeratorFactory())
    services.blind_review_cancel(blind=blind, moderator=ModeratorFactory())

    assert services.claim_approve(claim=claim, moderator=ModeratorFactory()).is_public
    blind.refresh_from_db()
    assert blind.status == Status.CANCELLED
    with pytest.raises(TransitionError):
        services.blind_review_take(blind=blind, user=ReviewerFactory())


@pytest.mark.parametrize(
    ("required", "rating", "asked"),
    [
        ("none", Verdict.Rating.FALSE, False),
        ("all", Verdict.Rating.MIXED, True),
        ("extremes", Verdict.Rating.MIXED, False),
        ("extremes", Verdict.Rating.FALSE, True),
        ("extremes", Verdict.Rating.TRUE, True),
    ],
)
def test_the_team_setting_asks_for_a_second_verdict_on_submission(
    settings, required, rating, asked
):
    settings.SECOND_VERDICT_REQUIRED = required
    claim = ready_claim()
    claim.refresh_from_db()
    services.verdict_set(
        claim=claim,
        user=claim.author,
        expected_version=claim.version,
        rating=rating,
        rationale="Parce que.",
    )
    claim.refresh_from_db()

    services.claim_submit(claim=claim, user=claim.author)

    blinds = BlindReview.objects.filter(claim=claim)
    assert blinds.exists() is asked
    if asked:
        assert blinds.get().reason != BlindReview.Reason.REQUESTED
        assert blinds.get().requested_by is None


# --- At the same moment -------------------------------------------------------------------


def at_once(*actions) -> list:
    """Run each callable in its own thread and transaction, released together; what each
    returned or raised."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "an action hung"
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_taking_the_same_slot_at_once_one_gets_it():
    blind = services.blind_review_request(claim=in_review(), moderator=ModeratorFactory())
    one, two = ReviewerFactory(username="premier"), ReviewerFactory(username="second")

    outcomes = at_once(
        lambda: services.blind_review_take(blind=blind, user=one),
        lambda: services.blind_review_take(blind=blind, user=two),
    )

    taken = [o for o in outcomes if isinstance(o, BlindReview)]
    refused = [o for o in outcomes if isinstance(o, TransitionError)]
    assert (len(taken), len(refused)) == (1, 1), outcomes
    blind.refresh_from_db()
    assert blind.reviewer == taken[0].reviewer


@pytest.mark.django_db(transaction=True)
def test_a_moderator_deciding_while_the_second_verdict_is_written_never_skips_it():
    """Either the second verdict comes in first and the approval closes the pair, or the
    approval is refused and the second verdict comes in: never a claim published while
    its second verdict was still being written."""
    claim = in_review()
    reviewer = ReviewerFactory(username="aveugle")
    blind = services.blind_review_request(
        claim=claim, moderator=ModeratorFactory(username="demandeur"), reviewer=reviewer
    )
    moderator = ModeratorFactory(username="decideur")

    submitted, approved = at_once(
        lambda: services.blind_review_submit(
            blind=blind, user=reviewer, rating="false", rationale="Faux."
        ),
        lambda: services.claim_approve(claim=claim, moderator=moderator),
    )

    assert isinstance(submitted, BlindReview), submitted
    blind.refresh_from_db()
    claim.refresh_from_db()
    if isinstance(approved, Claim):
        assert claim.status == Claim.Status.PUBLISHED
        assert (blind.status, blind.outcome) == (Status.DECIDED, Outcome.FIRST)
    else:
        assert isinstance(approved, TransitionError), approved
        assert claim.status == Claim.Status.IN_REVIEW
        assert blind.status == Status.SUBMITTED


def test_the_assigned_reviewer_and_then_the_moderator_who_asked_are_told():
    from annotations.models import Notification

    claim = in_review()
    moderator, reviewer = ModeratorFactory(), ReviewerFactory()
    blind = services.blind_review_request(claim=claim, moderator=moderator, reviewer=reviewer)
    assert list(Notification.objects.values_list("recipient", "kind")) == [
        (reviewer.pk, Notification.Kind.BLIND_ASSIGNED)
    ]

    given_by = services.blind_review_submit(
        blind=blind, user=reviewer, rating="true", rationale="Oui."
    )

    told = Notification.objects.get(kind=Notification.Kind.BLIND_IN)
    assert (told.recipient, told.actor, told.comment) == (moderator, reviewer, "")
    assert given_by.status == Status.SUBMITTED
    assert not Notification.objects.filter(recipient=claim.author).exists()
