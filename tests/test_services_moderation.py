"""Moderation: submit, approve, request changes, correct, retract; four eyes at every
layer; one open review per claim; two moderators deciding at the same moment; the
notifications and the ``claim_published`` hook that the decisions send."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from annotations import selectors, services
from annotations.models import Claim, ClaimEvent, Notification, Review, Verdict
from annotations.permissions import MODERATORS
from annotations.services import FourEyesError, IncompleteClaim, TransitionError
from annotations.signals import claim_published
from tests.factories import (
    AdminFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    UserFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

Status = Claim.Status
Decision = Review.Decision
NOTE = "La hausse est de 3,1 %, pas de 3,5 %."


def fresh(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


def verdicts_of(claim: Claim) -> list[Verdict]:
    """The claim's verdict versions, oldest first."""
    return list(Verdict.objects.filter(claim=claim).order_by("version"))


def reviews_of(claim: Claim) -> list[Review]:
    return list(Review.objects.filter(claim=claim).order_by("id"))


def decisions_of(claim: Claim) -> list[str]:
    return [review.decision for review in reviews_of(claim)]


def send_back(claim: Claim, moderator=None, comment="Sources ?") -> Claim:
    return services.claim_request_changes(
        claim=claim, moderator=moderator or ModeratorFactory(), comment=comment
    )


def approve(claim: Claim, moderator=None, comment="") -> Claim:
    return services.claim_approve(
        claim=claim, moderator=moderator or ModeratorFactory(), comment=comment
    )


def retract(claim: Claim, moderator=None, note="L’article cité a été retiré par son auteur."):
    return services.claim_retract(claim=claim, moderator=moderator or ModeratorFactory(), note=note)


# --- Submit -------------------------------------------------------------------------------


def test_submitting_a_draft_puts_it_in_review_and_opens_a_review_of_its_verdict():
    claim = ready_claim()

    services.claim_submit(claim=claim, user=claim.author)

    assert fresh(claim).status == Status.IN_REVIEW
    (verdict,) = verdicts_of(claim)
    assert verdict.status == Verdict.Status.IN_REVIEW
    (review,) = reviews_of(claim)
    assert review.verdict == verdict
    assert review.submitted_by == claim.author
    assert review.decision == Decision.OPEN
    assert review.decided_by is None
    assert review.decided_at is None


def test_submitting_twice_is_refused_and_opens_no_second_review():
    claim = submitted_claim()

    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=claim.author)

    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.OPEN]


def test_submitting_a_published_claim_is_refused():
    claim = published_claim()

    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=claim.author)

    assert fresh(claim).status == Status.PUBLISHED
    assert decisions_of(claim) == [Decision.APPROVED]


def test_a_claim_sent_back_goes_into_review_again_with_a_new_open_review():
    claim = send_back(submitted_claim())
    assert fresh(claim).status == Status.CHANGES_REQUESTED

    services.claim_submit(claim=claim, user=claim.author)

    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.CHANGES_REQUESTED, Decision.OPEN]
    (verdict,) = verdicts_of(claim)
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert {review.verdict_id for review in reviews_of(claim)} == {verdict.pk}


# --- Approve ------------------------------------------------------------------------------


def test_moderator_approves_and_the_claim_and_its_verdict_are_published():
    claim = submitted_claim()
    moderator = ModeratorFactory()
    before = timezone.now()

    approved = services.claim_approve(claim=claim, moderator=moderator, comment="  Solide.  ")

    claim = fresh(claim)
    assert approved.status == claim.status == Status.PUBLISHED
    assert claim.published_at is not None and claim.published_at >= before
    (verdict,) = verdicts_of(claim)
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.approved_by == moderator
    assert verdict.published_at == claim.published_at
    assert verdict.correction_note == ""
    (review,) = reviews_of(claim)
    assert review.decision == Decision.APPROVED
    assert review.decided_by == moderator
    assert review.decided_at == claim.published_at
    assert review.comment == "Solide."


def test_approving_increments_the_claim_version():
    claim = submitted_claim()
    version = fresh(claim).version

    approve(claim)

    assert fresh(claim).version == version + 1


@pytest.mark.parametrize("state", ["draft", "changes_requested"])
def test_a_claim_that_is_not_in_review_cannot_be_approved(state):
    claim = ready_claim() if state == "draft" else send_back(submitted_claim())

    with pytest.raises(TransitionError):
        approve(claim)

    assert fresh(claim).status == state
    assert not Verdict.objects.filter(claim=claim, status=Verdict.Status.PUBLISHED).exists()


def test_approving_an_approved_claim_again_is_refused_naming_who_decided():
    first = ModeratorFactory(username="premiere")
    claim = approve(submitted_claim(), first)

    with pytest.raises(TransitionError, match="premiere already decided"):
        approve(claim)

    (verdict,) = verdicts_of(claim)
    assert verdict.approved_by == first
    assert decisions_of(claim) == [Decision.APPROVED]


# --- Request changes ----------------------------------------------------------------------


@pytest.mark.parametrize("comment", ["", "   \n ", None])
def test_requesting_changes_without_a_comment_is_refused_and_changes_nothing(comment):
    claim = submitted_claim()

    with pytest.raises(ValidationError) as excinfo:
        services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment=comment)

    assert "comment" in excinfo.value.message_dict
    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.OPEN]


def test_moderator_sends_a_claim_back_with_a_comment():
    claim = submitted_claim()
    moderator = ModeratorFactory()

    services.claim_request_changes(
        claim=claim, moderator=moderator, comment="  Il manque la source primaire.  "
    )

    assert fresh(claim).status == Status.CHANGES_REQUESTED
    (verdict,) = verdicts_of(claim)
    assert verdict.status == Verdict.Status.CHANGES_REQUESTED
    assert verdict.approved_by is None
    assert verdict.published_at is None
    (review,) = reviews_of(claim)
    assert review.decision == Decision.CHANGES_REQUESTED
    assert review.decided_by == moderator
    assert review.decided_at is not None
    assert review.comment == "Il manque la source primaire."


def test_the_author_edits_a_claim_sent_back_resubmits_it_and_it_can_then_be_published():
    claim = send_back(submitted_claim())
    author = claim.author

    claim = services.claim_update(
        claim=claim, user=author, expected_version=fresh(claim).version, text="Reformulé."
    )
    EvidenceFactory(claim=claim)
    claim = fresh(claim)
    services.verdict_set(
        claim=claim,
        user=author,
        expected_version=claim.version,
        rating=Verdict.Rating.FALSE,
        rationale="Avec la source primaire.",
    )
    services.claim_submit(claim=claim, user=author, expected_version=fresh(claim).version)
    approve(claim)

    claim = fresh(claim)
    assert claim.status == Status.PUBLISHED
    assert claim.text == "Reformulé."
    assert claim.evidence.count() == 2
    (verdict,) = verdicts_of(claim)
    assert (verdict.version, verdict.rating, verdict.status) == (
        1,
        Verdict.Rating.FALSE,
        Verdict.Status.PUBLISHED,
    )
    assert decisions_of(claim) == [Decision.CHANGES_REQUESTED, Decision.APPROVED]


def test_other_reviewers_cannot_edit_or_resubmit_a_claim_sent_back(other_reviewer):
    claim = send_back(submitted_claim())

    with pytest.raises(PermissionDenied):
        services.claim_submit(claim=claim, user=other_reviewer)
    with pytest.raises(PermissionDenied):
        services.claim_update(
            claim=claim, user=other_reviewer, expected_version=fresh(claim).version, text="X."
        )

    assert fresh(claim).status == Status.CHANGES_REQUESTED


@pytest.mark.parametrize("state", ["draft", "changes_requested", "published"])
def test_changes_cannot_be_requested_on_a_claim_that_is_not_in_review(state):
    claim = {
        "draft": ready_claim,
        "changes_requested": lambda: send_back(submitted_claim()),
        "published": published_claim,
    }[state]()
    reviews = decisions_of(claim)

    with pytest.raises(TransitionError):
        send_back(claim)

    assert fresh(claim).status == state
    assert decisions_of(claim) == reviews


# --- Corrections --------------------------------------------------------------------------


def test_starting_a_correction_makes_a_draft_verdict_version_2_copying_the_published_one():
    claim = published_claim()
    corrector = ReviewerFactory()
    (published,) = verdicts_of(claim)

    correction = services.correction_start(claim=claim, user=corrector)

    assert correction.version == 2
    assert correction.status == Verdict.Status.DRAFT
    assert correction.author == corrector
    assert (correction.rating, correction.rationale) == (published.rating, published.rationale)
    assert correction.correction_note == ""
    assert correction.approved_by is None and correction.published_at is None
    assert fresh(claim).status == Status.PUBLISHED
    # The published verdict is untouched.
    published_again = verdicts_of(claim)[0]
    assert published_again.status == Verdict.Status.PUBLISHED
    assert published_again.rationale == published.rationale


@pytest.mark.parametrize("stage", ["draft", "in_review", "changes_requested"])
def test_a_second_correction_is_refused_while_one_is_pending_naming_its_author(stage):
    claim = published_claim()
    corrector = ReviewerFactory(username="correcteur")
    pending_correction(claim, author=corrector, submit=stage != "draft")
    if stage == "changes_requested":
        send_back(claim)

    with pytest.raises(TransitionError, match="correcteur"):
        services.correction_start(claim=claim, user=ReviewerFactory())

    assert [v.version for v in verdicts_of(claim)] == [1, 2]


@pytest.mark.parametrize("state", ["draft", "in_review", "changes_requested"])
def test_a_claim_that_was_never_published_cannot_be_corrected(state):
    claim = {
        "draft": ready_claim,
        "in_review": submitted_claim,
        "changes_requested": lambda: send_back(submitted_claim()),
    }[state]()

    with pytest.raises(TransitionError):
        services.correction_start(claim=claim, user=claim.author)

    assert [v.version for v in verdicts_of(claim)] == [1]


def test_a_user_without_a_role_cannot_start_a_correction(no_role_user):
    claim = published_claim()

    with pytest.raises(PermissionDenied):
        services.correction_start(claim=claim, user=no_role_user)

    assert len(verdicts_of(claim)) == 1


@pytest.mark.parametrize("note", ["", "   "])
def test_setting_the_verdict_of_a_correction_requires_a_correction_note(note):
    claim = published_claim()
    corrector = ReviewerFactory()
    services.correction_start(claim=claim, user=corrector)

    with pytest.raises(ValidationError) as excinfo:
        services.verdict_set(
            claim=claim,
            user=corrector,
            expected_version=fresh(claim).version,
            rating=Verdict.Rating.FALSE,
            rationale="Nouvelle analyse.",
            correction_note=note,
        )

    assert "correction_note" in excinfo.value.message_dict
    correction = verdicts_of(claim)[1]
    assert correction.rationale != "Nouvelle analyse."


def test_the_author_of_a_correction_sets_its_verdict_with_a_correction_note():
    claim = published_claim()
    corrector = ReviewerFactory()
    services.correction_start(claim=claim, user=corrector)

    services.verdict_set(
        claim=claim,
        user=corrector,
        expected_version=fresh(claim).version,
        rating=Verdict.Rating.FALSE,
        rationale="Nouvelle analyse.",
        correction_note=f"  {NOTE}  ",
    )

    first, correction = verdicts_of(claim)
    assert (correction.rating, correction.rationale, correction.correction_note) == (
        Verdict.Rating.FALSE,
        "Nouvelle analyse.",
        NOTE,
    )
    assert correction.status == Verdict.Status.DRAFT
    assert first.rating == Verdict.Rating.MOSTLY_FALSE


@pytest.mark.parametrize("who", ["claim_author", "other_reviewer", "moderator"])
def test_only_the_author_of_a_correction_can_set_its_verdict(who):
    claim = published_claim()
    services.correction_start(claim=claim, user=ReviewerFactory())
    user = {
        "claim_author": claim.author,
        "other_reviewer": ReviewerFactory(),
        "moderator": ModeratorFactory(),
    }[who]

    with pytest.raises(PermissionDenied):
        services.verdict_set(
            claim=claim,
            user=user,
            expected_version=fresh(claim).version,
            rating=Verdict.Rating.TRUE,
            rationale="Détourné.",
            correction_note="Détourné.",
        )

    correction = verdicts_of(claim)[1]
    assert correction.rating == Verdict.Rating.MOSTLY_FALSE
    assert correction.correction_note == ""


def test_a_correction_without_a_note_cannot_be_submitted():
    claim = published_claim()
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector, note="")

    with pytest.raises(IncompleteClaim):
        services.claim_submit(claim=claim, user=corrector)

    assert verdicts_of(claim)[1].status == Verdict.Status.DRAFT
    assert decisions_of(claim) == [Decision.APPROVED]


def test_only_the_author_of_a_correction_can_submit_it():
    claim = published_claim()
    pending_correction(claim)

    with pytest.raises(PermissionDenied):
        services.claim_submit(claim=claim, user=claim.author)

    assert verdicts_of(claim)[1].status == Verdict.Status.DRAFT


def test_a_correction_goes_through_review_and_both_verdicts_stay_published():
    first_moderator, second_moderator = ModeratorFactory(), ModeratorFactory()
    claim = published_claim(moderator=first_moderator)
    published_at = fresh(claim).published_at
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector, note=NOTE)

    services.claim_submit(claim=claim, user=corrector)

    # In review, the claim stays published with its first verdict.
    assert fresh(claim).status == Status.PUBLISHED
    first, correction = verdicts_of(claim)
    assert (first.status, correction.status) == (
        Verdict.Status.PUBLISHED,
        Verdict.Status.IN_REVIEW,
    )
    assert reviews_of(claim)[-1].verdict == correction
    assert decisions_of(claim) == [Decision.APPROVED, Decision.OPEN]

    services.claim_approve(claim=claim, moderator=second_moderator)

    claim = fresh(claim)
    assert claim.status == Status.CORRECTED
    assert claim.published_at == published_at  # the date of first publication
    first, correction = verdicts_of(claim)
    assert first.status == Verdict.Status.PUBLISHED
    assert first.approved_by == first_moderator
    assert first.correction_note == ""
    assert correction.status == Verdict.Status.PUBLISHED
    assert correction.approved_by == second_moderator
    assert correction.published_at > published_at
    assert correction.correction_note == NOTE
    assert correction.rating == Verdict.Rating.FALSE
    assert decisions_of(claim) == [Decision.APPROVED, Decision.APPROVED]
    # The public page shows both versions, newest first.
    public = selectors.public_claim(claim.pk)
    assert [(v.version, v.correction_note) for v in public.published_verdicts] == [
        (2, NOTE),
        (1, ""),
    ]


def test_a_correction_sent_back_keeps_the_claim_published_and_can_be_resubmitted():
    claim = published_claim()
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector, submit=True)

    send_back(claim, comment="Citez le rapport.")

    assert fresh(claim).status == Status.PUBLISHED
    first, correction = verdicts_of(claim)
    assert first.status == Verdict.Status.PUBLISHED
    assert correction.status == Verdict.Status.CHANGES_REQUESTED

    services.verdict_set(
        claim=claim,
        user=corrector,
        expected_version=fresh(claim).version,
        rating=Verdict.Rating.FALSE,
        rationale="Selon le rapport.",
        correction_note="Le rapport donne 3,1 %.",
    )
    services.claim_submit(claim=claim, user=corrector)
    approve(claim)

    assert fresh(claim).status == Status.CORRECTED
    assert verdicts_of(claim)[1].correction_note == "Le rapport donne 3,1 %."
    assert decisions_of(claim) == [
        Decision.APPROVED,
        Decision.CHANGES_REQUESTED,
        Decision.APPROVED,
    ]


def test_a_corrected_claim_can_be_corrected_again_as_version_3():
    claim = published_claim()
    pending_correction(claim, submit=True)
    approve(claim)

    pending_correction(claim, note="Deuxième correction.", submit=True)
    approve(claim)

    assert fresh(claim).status == Status.CORRECTED
    assert [(v.version, v.status) for v in verdicts_of(claim)] == [
        (1, Verdict.Status.PUBLISHED),
        (2, Verdict.Status.PUBLISHED),
        (3, Verdict.Status.PUBLISHED),
    ]


# --- Retract ------------------------------------------------------------------------------


@pytest.mark.parametrize("corrected", [False, True])
def test_moderator_retracts_a_published_or_corrected_claim_with_a_public_note(corrected):
    claim = published_claim()
    if corrected:
        pending_correction(claim, submit=True)
        approve(claim)
    moderator = ModeratorFactory()
    before = timezone.now()

    services.claim_retract(claim=claim, moderator=moderator, note="  Source retirée.  ")

    claim = fresh(claim)
    assert claim.status == Status.RETRACTED
    assert claim.retraction_note == "Source retirée."
    assert claim.retracted_at >= before
    assert claim.published_at is not None
    # Nothing is rewritten: the published verdicts stay, and the claim stays public.
    assert {v.status for v in verdicts_of(claim)} == {Verdict.Status.PUBLISHED}
    assert selectors.public_claim(claim.pk).status == Status.RETRACTED


def test_a_reviewer_cannot_retract_a_claim(reviewer):
    claim = published_claim()

    with pytest.raises(PermissionDenied):
        retract(claim, reviewer)

    assert fresh(claim).status == Status.PUBLISHED


@pytest.mark.parametrize("note", ["", "  ", None])
def test_a_retraction_without_a_note_is_refused(note):
    claim = published_claim()

    with pytest.raises(ValidationError) as excinfo:
        retract(claim, note=note)

    assert "note" in excinfo.value.message_dict
    assert fresh(claim).status == Status.PUBLISHED


@pytest.mark.parametrize("state", ["draft", "in_review", "changes_requested", "retracted"])
def test_only_a_public_claim_that_is_not_retracted_can_be_retracted(state):
    claim = {
        "draft": ready_claim,
        "in_review": submitted_claim,
        "changes_requested": lambda: send_back(submitted_claim()),
        "retracted": lambda: retract(published_claim(), note="Première rétractation."),
    }[state]()

    with pytest.raises(TransitionError):
        retract(claim, note="Encore.")

    claim = fresh(claim)
    assert claim.status == state
    assert claim.retraction_note == ("Première rétractation." if state == "retracted" else "")


def test_a_retracted_claim_cannot_be_corrected_approved_or_sent_back():
    claim = retract(published_claim())

    with pytest.raises(TransitionError):
        services.correction_start(claim=claim, user=ReviewerFactory())
    with pytest.raises(TransitionError):
        approve(claim)
    with pytest.raises(TransitionError):
        send_back(claim)

    assert fresh(claim).status == Status.RETRACTED
    assert len(verdicts_of(claim)) == 1


def test_retracting_a_claim_closes_the_review_of_its_pending_correction():
    claim = published_claim()
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector, submit=True)
    moderator = ModeratorFactory()

    retract(claim, moderator, note="Source retirée.")

    # The correction can no longer be published over the retraction...
    with pytest.raises(TransitionError):
        approve(claim)
    with pytest.raises(TransitionError):
        send_back(claim)
    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=corrector)
    claim = fresh(claim)
    assert claim.status == Status.RETRACTED
    first, correction = verdicts_of(claim)
    assert first.status == Verdict.Status.PUBLISHED
    assert correction.status != Verdict.Status.PUBLISHED
    # ...and it leaves the moderation queue, decided by the retracting moderator.
    assert not Review.objects.filter(claim=claim, decision=Decision.OPEN).exists()
    assert reviews_of(claim)[-1].decided_by == moderator
    assert correction not in selectors.moderation_queue()


def test_a_draft_correction_cannot_be_edited_or_submitted_once_the_claim_is_retracted():
    claim = published_claim()
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector)
    retract(claim)

    with pytest.raises(TransitionError):
        services.verdict_set(
            claim=claim,
            user=corrector,
            expected_version=fresh(claim).version,
            rating=Verdict.Rating.TRUE,
            rationale="Trop tard.",
            correction_note="Trop tard.",
        )
    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=corrector)

    assert fresh(claim).status == Status.RETRACTED


# --- Four eyes ----------------------------------------------------------------------------


def test_a_moderator_who_wrote_the_verdict_cannot_approve_it():
    author = ModeratorFactory()
    claim = submitted_claim(author=author)

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=author)

    assert fresh(claim).status == Status.IN_REVIEW
    (verdict,) = verdicts_of(claim)
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert verdict.approved_by is None
    assert decisions_of(claim) == [Decision.OPEN]


def test_a_moderator_who_wrote_the_verdict_cannot_send_it_back():
    author = ModeratorFactory()
    claim = submitted_claim(author=author)

    with pytest.raises(FourEyesError):
        services.claim_request_changes(claim=claim, moderator=author, comment="Moi-même.")

    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.OPEN]


def test_an_administrator_who_wrote_the_verdict_cannot_approve_it_either():
    author = AdminFactory()
    claim = submitted_claim(author=author)

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=author)

    assert fresh(claim).status == Status.IN_REVIEW


def test_four_eyes_error_is_a_permission_denied_that_views_already_turn_into_403():
    assert issubclass(FourEyesError, PermissionDenied)


def test_a_moderator_who_wrote_the_claim_can_approve_a_correction_written_by_someone_else():
    """The rule is about the verdict being decided on, not about the claim."""
    claim_author = ModeratorFactory()
    claim = published_claim(author=claim_author)
    pending_correction(claim, author=ReviewerFactory(), submit=True)

    services.claim_approve(claim=claim, moderator=claim_author)

    assert fresh(claim).status == Status.CORRECTED
    assert verdicts_of(claim)[1].approved_by == claim_author


def test_a_moderator_who_wrote_the_claim_can_send_back_a_correction_written_by_someone_else():
    claim_author = ModeratorFactory()
    claim = published_claim(author=claim_author)
    pending_correction(claim, submit=True)

    services.claim_request_changes(claim=claim, moderator=claim_author, comment="Précisez.")

    assert verdicts_of(claim)[1].status == Verdict.Status.CHANGES_REQUESTED


def test_a_moderator_who_wrote_a_correction_cannot_approve_or_send_it_back():
    corrector = ModeratorFactory()
    claim = published_claim()
    pending_correction(claim, author=corrector, submit=True)

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=corrector)
    with pytest.raises(FourEyesError):
        services.claim_request_changes(claim=claim, moderator=corrector, comment="Moi.")

    assert fresh(claim).status == Status.PUBLISHED
    assert verdicts_of(claim)[1].status == Verdict.Status.IN_REVIEW


def test_the_moderator_who_approved_the_first_verdict_can_approve_a_correction_of_it():
    moderator = ModeratorFactory()
    claim = published_claim(moderator=moderator)
    pending_correction(claim, submit=True)

    services.claim_approve(claim=claim, moderator=moderator)

    assert [v.approved_by for v in verdicts_of(claim)] == [moderator, moderator]


@pytest.mark.parametrize("who", ["reviewer", "no_role_user", "inactive_moderator"])
def test_users_who_are_not_active_moderators_cannot_approve_or_send_back(who):
    claim = submitted_claim()
    user = {
        "reviewer": ReviewerFactory,
        "no_role_user": UserFactory,
        "inactive_moderator": lambda: ModeratorFactory(is_active=False),
    }[who]()

    with pytest.raises(PermissionDenied) as approving:
        services.claim_approve(claim=claim, moderator=user)
    with pytest.raises(PermissionDenied) as sending_back:
        services.claim_request_changes(claim=claim, moderator=user, comment="Non.")

    assert not isinstance(approving.value, FourEyesError)
    assert not isinstance(sending_back.value, FourEyesError)
    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.OPEN]


def test_the_author_of_a_claim_cannot_approve_it_by_becoming_a_moderator_later():
    claim = submitted_claim()
    claim.author.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    author = get_user_model().objects.get(pk=claim.author.pk)  # roles are cached per object

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=author)


def test_the_database_refuses_a_verdict_approved_by_its_author():
    claim = submitted_claim()
    (verdict,) = verdicts_of(claim)

    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=verdict.pk).update(approved_by=verdict.author)

    verdict.approved_by = verdict.author
    verdict.status = Verdict.Status.PUBLISHED
    verdict.published_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        verdict.save()

    assert Verdict.objects.get(pk=verdict.pk).approved_by is None


def test_the_database_refuses_a_published_verdict_without_approver_or_date():
    claim = submitted_claim()
    (verdict,) = verdicts_of(claim)

    for fields in (
        {"approved_by": None, "published_at": timezone.now()},
        {"approved_by": ModeratorFactory(), "published_at": None},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Verdict.objects.filter(pk=verdict.pk).update(status=Verdict.Status.PUBLISHED, **fields)


# --- One open review per claim ------------------------------------------------------------


def test_the_database_refuses_a_second_open_review_of_a_claim():
    claim = submitted_claim()
    (verdict,) = verdicts_of(claim)

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(claim=claim, verdict=verdict, submitted_by=claim.author)

    assert decisions_of(claim) == [Decision.OPEN]


def test_the_database_accepts_any_number_of_decided_reviews_beside_the_open_one():
    claim = submitted_claim()
    for _ in range(2):
        send_back(claim)
        services.claim_submit(claim=claim, user=claim.author)

    assert decisions_of(claim) == [
        Decision.CHANGES_REQUESTED,
        Decision.CHANGES_REQUESTED,
        Decision.OPEN,
    ]


def test_the_database_refuses_an_open_review_that_names_a_decider():
    claim = submitted_claim()

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(claim=claim).update(
            decided_by=ModeratorFactory(), decided_at=timezone.now()
        )


def test_the_database_refuses_changes_requested_without_a_comment():
    claim = submitted_claim()

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(claim=claim).update(
            decision=Decision.CHANGES_REQUESTED,
            decided_by=ModeratorFactory(),
            decided_at=timezone.now(),
            comment="",
        )


# --- Two moderators at the same moment ----------------------------------------------------


def _decide_at_once(claim: Claim, actions: list[tuple[str, object]]) -> list:
    """Run each (action, moderator) in its own thread and transaction, all released at
    once by a barrier; return [(moderator, "ok" | exception)] in the order given."""
    barrier = threading.Barrier(len(actions))
    outcomes: list = [None] * len(actions)

    def run(index, action, moderator):
        try:
            barrier.wait(timeout=10)
            if action == "approve":
                services.claim_approve(claim=claim, moderator=moderator)
            else:
                services.claim_request_changes(
                    claim=claim, moderator=moderator, comment="À revoir."
                )
            outcomes[index] = (moderator, "ok")
        except Exception as exc:
            outcomes[index] = (moderator, exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, action, moderator))
        for i, (action, moderator) in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a decision hung"
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "actions",
    [("approve", "approve"), ("approve", "request_changes"), ("request_changes", "approve")],
    ids=["both-approve", "approve-vs-send-back", "send-back-vs-approve"],
)
def test_two_moderators_deciding_the_same_claim_at_once_decide_it_exactly_once(actions):
    """Row locks (PostgreSQL) or the write lock taken at BEGIN IMMEDIATE (SQLite): the
    second moderator waits, then finds the review decided and is told by whom."""
    claim = submitted_claim()
    moderators = [
        ModeratorFactory(username=f"moderateur-{i}-{action}") for i, action in enumerate(actions)
    ]

    outcomes = _decide_at_once(claim, list(zip(actions, moderators, strict=True)))

    winners = [moderator for moderator, outcome in outcomes if outcome == "ok"]
    losers = [(moderator, outcome) for moderator, outcome in outcomes if outcome != "ok"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    (winner,), ((_, error),) = winners, losers
    assert isinstance(error, TransitionError), repr(error)
    assert f"{winner.username} already decided" in str(error)

    winning_action = actions[moderators.index(winner)]
    expected = {
        "approve": (Decision.APPROVED, Status.PUBLISHED, ClaimEvent.Action.PUBLISHED),
        "request_changes": (
            Decision.CHANGES_REQUESTED,
            Status.CHANGES_REQUESTED,
            ClaimEvent.Action.CHANGES_REQUESTED,
        ),
    }[winning_action]
    (review,) = reviews_of(claim)
    assert (review.decision, review.decided_by) == (expected[0], winner)
    assert fresh(claim).status == expected[1]
    decision_events = ClaimEvent.objects.filter(
        claim=claim,
        action__in=[ClaimEvent.Action.PUBLISHED, ClaimEvent.Action.CHANGES_REQUESTED],
    )
    assert [(e.action, e.actor) for e in decision_events] == [(expected[2], winner)]
    assert Notification.objects.filter(claim=claim).count() == 1
    (verdict,) = verdicts_of(claim)
    if winning_action == "approve":
        assert verdict.approved_by == winner


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_starting_a_correction_at_once_start_exactly_one():
    claim = published_claim()
    correctors = [ReviewerFactory(username=f"correcteur-{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    outcomes = {}

    def start(user):
        try:
            barrier.wait(timeout=10)
            services.correction_start(claim=claim, user=user)
            outcomes[user.username] = "ok"
        except Exception as exc:
            outcomes[user.username] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start, args=(user,)) for user in correctors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    (winner,) = [name for name, outcome in outcomes.items() if outcome == "ok"]
    (error,) = [outcome for outcome in outcomes.values() if outcome != "ok"]
    assert isinstance(error, TransitionError), repr(error)
    assert winner in str(error)
    assert [(v.version, v.author.username) for v in verdicts_of(claim)][1:] == [(2, winner)]


# --- Notifications ------------------------------------------------------------------------


def test_approving_notifies_the_claim_author_with_the_comment_and_not_the_moderator():
    claim = submitted_claim()
    moderator = ModeratorFactory()

    services.claim_approve(claim=claim, moderator=moderator, comment="Bravo.")

    (notification,) = Notification.objects.all()
    assert notification.recipient == claim.author
    assert notification.kind == Notification.Kind.PUBLISHED
    assert notification.actor == moderator
    assert notification.claim_id == claim.pk
    assert notification.comment == "Bravo."
    assert notification.read_at is None


def test_requesting_changes_notifies_the_claim_author_with_the_comment():
    claim = submitted_claim()
    moderator = ModeratorFactory()

    send_back(claim, moderator, comment="Ajoutez la source primaire.")

    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind, notification.actor) == (
        claim.author,
        Notification.Kind.CHANGES_REQUESTED,
        moderator,
    )
    assert notification.comment == "Ajoutez la source primaire."


def test_retracting_notifies_the_claim_author_with_the_note():
    claim = published_claim()
    Notification.objects.all().delete()
    moderator = ModeratorFactory()

    retract(claim, moderator, note="Source retirée.")

    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.kind, notification.actor) == (
        claim.author,
        Notification.Kind.RETRACTED,
        moderator,
    )
    assert notification.comment == "Source retirée."


def test_a_moderator_retracting_their_own_claim_is_not_notified():
    author = ModeratorFactory()
    claim = published_claim(author=author)
    Notification.objects.all().delete()

    retract(claim, author)

    assert not Notification.objects.exists()


def test_deciding_on_a_correction_notifies_its_author_and_the_claim_author_but_not_the_moderator():
    claim_author = ModeratorFactory()
    claim = published_claim(author=claim_author)
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector, submit=True)
    Notification.objects.all().delete()
    moderator = ModeratorFactory()

    send_back(claim, moderator, comment="Précisez.")
    assert set(Notification.objects.values_list("recipient", "kind", "comment")) == {
        (claim_author.pk, Notification.Kind.CHANGES_REQUESTED, "Précisez."),
        (corrector.pk, Notification.Kind.CHANGES_REQUESTED, "Précisez."),
    }

    Notification.objects.all().delete()
    services.claim_submit(claim=claim, user=corrector)
    services.claim_approve(claim=claim, moderator=claim_author, comment="Merci.")
    # The claim's author approved it: only the correction's author hears of it.
    assert list(Notification.objects.values_list("recipient", "kind", "comment")) == [
        (corrector.pk, Notification.Kind.CORRECTED, "Merci.")
    ]


def test_refused_decisions_notify_no_one():
    author = ModeratorFactory()
    claim = submitted_claim(author=author)

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=author)
    with pytest.raises(ValidationError):
        services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment="")

    assert not Notification.objects.exists()


def test_marking_notifications_read_marks_only_the_users_own():
    mine = published_claim()
    me = mine.author
    send_back(submitted_claim(author=me))
    theirs = published_claim()
    (other,) = Notification.objects.filter(recipient=theirs.author)
    first, second = Notification.objects.filter(recipient=me).order_by("id")

    # Someone else's id is ignored, not marked.
    assert services.notifications_mark_read(user=me, ids=[first.pk, other.pk]) == 1
    first.refresh_from_db()
    other.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None
    assert other.read_at is None

    # All of mine, and only the unread ones are counted.
    assert services.notifications_mark_read(user=me) == 1
    assert not Notification.objects.filter(recipient=me, read_at__isnull=True).exists()
    assert Notification.objects.get(pk=other.pk).read_at is None
    assert services.notifications_mark_read(user=me) == 0
    assert selectors.unread_count(me) == 0
    assert selectors.unread_count(theirs.author) == 1


def test_marking_read_does_not_move_the_date_a_notification_was_first_read():
    claim = published_claim()
    (notification,) = Notification.objects.filter(recipient=claim.author)
    services.notifications_mark_read(user=claim.author)
    read_at = Notification.objects.get(pk=notification.pk).read_at

    assert services.notifications_mark_read(user=claim.author, ids=[notification.pk]) == 0

    assert Notification.objects.get(pk=notification.pk).read_at == read_at


# --- The claim_published hook -------------------------------------------------------------


@pytest.fixture
def published_signals():
    """Every claim_published sent while the test runs, as (claim pk, kind)."""
    received = []

    def receiver(sender, claim, kind, **kwargs):
        received.append((claim.pk, kind))

    claim_published.connect(receiver, dispatch_uid="test-services-moderation")
    yield received
    claim_published.disconnect(dispatch_uid="test-services-moderation")


def test_publishing_sends_claim_published_once_after_the_commit(
    published_signals, django_capture_on_commit_callbacks
):
    claim = submitted_claim()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve(claim)
        assert published_signals == []  # not inside the transaction

    assert len(callbacks) == 1
    assert published_signals == [(claim.pk, "published")]


def test_a_correction_sends_claim_published_once_with_kind_corrected(
    published_signals, django_capture_on_commit_callbacks
):
    claim = published_claim()
    pending_correction(claim, submit=True)
    published_signals.clear()

    with django_capture_on_commit_callbacks(execute=True):
        approve(claim)

    assert published_signals == [(claim.pk, "corrected")]


def test_a_retraction_sends_claim_published_once_with_kind_retracted(
    published_signals, django_capture_on_commit_callbacks
):
    claim = published_claim()
    published_signals.clear()

    with django_capture_on_commit_callbacks(execute=True):
        retract(claim)

    assert published_signals == [(claim.pk, "retracted")]


def test_of_a_whole_workflow_only_the_publication_sends_claim_published(
    published_signals, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        claim = ready_claim()
        services.claim_submit(claim=claim, user=claim.author)
        send_back(claim)
        services.claim_submit(claim=claim, user=claim.author)
        approve(claim)
        pending_correction(claim, submit=True)
        send_back(claim)

    assert len(callbacks) == 1
    assert published_signals == [(claim.pk, "published")]


def test_requesting_changes_never_sends_claim_published(
    published_signals, django_capture_on_commit_callbacks
):
    claim = submitted_claim()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_back(claim)

    assert callbacks == []
    assert published_signals == []


def test_refused_decisions_send_no_claim_published(
    published_signals, django_capture_on_commit_callbacks
):
    author = ModeratorFactory()
    claim = submitted_claim(author=author)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(FourEyesError):
            services.claim_approve(claim=claim, moderator=author)
        with pytest.raises(TransitionError):
            retract(claim)

    assert callbacks == []
    assert published_signals == []


@pytest.mark.parametrize("decision", ["approve", "retract"])
def test_no_claim_published_is_sent_when_the_outer_transaction_rolls_back(
    decision, published_signals, django_capture_on_commit_callbacks
):
    claim = submitted_claim() if decision == "approve" else published_claim()
    published_signals.clear()
    status = fresh(claim).status

    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        approve(claim) if decision == "approve" else retract(claim)
        raise Abort

    assert callbacks == []
    assert published_signals == []
    assert fresh(claim).status == status


@pytest.mark.django_db(transaction=True)
def test_claim_published_waits_for_the_real_commit_of_an_outer_transaction(published_signals):
    claim = submitted_claim()

    with transaction.atomic():
        approve(claim)
        assert published_signals == []

    assert published_signals == [(claim.pk, "published")]


@pytest.mark.django_db(transaction=True)
def test_claim_published_is_not_sent_when_a_real_outer_transaction_rolls_back(
    published_signals,
):
    claim = submitted_claim()

    with pytest.raises(RuntimeError), transaction.atomic():
        approve(claim)
        raise RuntimeError("the caller failed after approving")

    assert published_signals == []
    assert fresh(claim).status == Status.IN_REVIEW
    assert decisions_of(claim) == [Decision.OPEN]
