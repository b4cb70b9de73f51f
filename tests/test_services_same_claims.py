"""Marking a claim as the same claim as a published fact-check: who may, what is refused,
what the history and the public validators record; the database's own guards."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import permissions, services
from annotations.models import ClaimEvent, PublicRevision, SameClaim
from tests.factories import (
    ClaimFactory,
    ExternalFactCheckFactory,
    ModeratorFactory,
    ReviewerFactory,
    published_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

MARKED = ClaimEvent.Action.SAME_CLAIM_MARKED
UNMARKED = ClaimEvent.Action.SAME_CLAIM_UNMARKED


def _revision() -> int:
    return (
        PublicRevision.objects.filter(pk=PublicRevision.SINGLETON)
        .values_list("number", flat=True)
        .first()
        or 0
    )


@pytest.fixture
def external():
    return ExternalFactCheckFactory(
        claim="Vaccines cause autism in children.",
        organisation="Checker",
        review_url="https://checker.example/vaccines",
    )


def test_the_author_marks_a_draft_as_the_same_claim_as_an_external_fact_check(external):
    draft = ClaimFactory()
    link = services.same_claim_mark(
        claim=draft, user=draft.author, kind="external", target_id=external.pk
    )
    assert (link.claim_id, link.external_id, link.earlier_id) == (draft.pk, external.pk, None)
    assert link.marked_by == draft.author
    event = ClaimEvent.objects.filter(claim=draft).last()
    assert event.action == MARKED
    assert event.actor == draft.author
    assert event.after == {
        "kind": "external",
        "id": external.pk,
        "text": external.claim,
        "organisation": "Checker",
        "url": "https://checker.example/vaccines",
    }
    # A draft's version does not move: the panel's edit forms carry it.
    draft.refresh_from_db()
    assert draft.version == 1


def test_the_author_marks_a_draft_as_the_same_claim_as_one_of_ours():
    earlier = published_claim(text="Les vaccins provoquent l'autisme.")
    draft = ClaimFactory()
    link = services.same_claim_mark(
        claim=draft, user=draft.author, kind="ours", target_id=earlier.pk
    )
    assert link.earlier == earlier
    assert ClaimEvent.objects.filter(claim=draft).last().after == {
        "kind": "ours",
        "id": earlier.pk,
        "text": earlier.text,
    }


def test_linking_to_an_unpublished_claim_of_ours_is_refused_and_writes_nothing():
    other_draft = ClaimFactory()
    in_review = submitted_claim()
    draft = ClaimFactory()
    events = ClaimEvent.objects.count()
    for target in (other_draft, in_review):
        with pytest.raises(ValidationError, match="not published"):
            services.same_claim_mark(
                claim=draft, user=draft.author, kind="ours", target_id=target.pk
            )
    assert not SameClaim.objects.exists()
    assert ClaimEvent.objects.count() == events


def test_linking_to_a_retracted_claim_of_ours_is_refused_with_a_clear_error():
    retracted = published_claim()
    services.claim_retract(claim=retracted, moderator=ModeratorFactory(), note="Erreur.")
    markers = ((None, ClaimFactory()), (ModeratorFactory(), submitted_claim()))
    events = ClaimEvent.objects.count()
    for user, claim in markers:
        with pytest.raises(ValidationError) as refused:
            services.same_claim_mark(
                claim=claim, user=user or claim.author, kind="ours", target_id=retracted.pk
            )
        assert refused.value.messages == [
            "This fact-check of ours was retracted: it cannot be marked as the same claim. "
            "Choose another fact-check."
        ]
    assert not SameClaim.objects.exists()
    assert ClaimEvent.objects.count() == events


def test_only_a_standing_fact_check_of_ours_is_a_target():
    assert permissions.is_same_claim_target(ours=False)
    assert permissions.is_same_claim_target(ours=True, status="published")
    assert permissions.is_same_claim_target(ours=True, status="corrected")
    assert not permissions.is_same_claim_target(ours=True, status="retracted")
    assert not permissions.is_same_claim_target(ours=True, status="draft")


def test_a_claim_cannot_be_marked_as_the_same_claim_as_itself():
    claim = published_claim()
    with pytest.raises(ValidationError, match="itself"):
        services.same_claim_mark(
            claim=claim, user=ModeratorFactory(), kind="ours", target_id=claim.pk
        )
    assert not SameClaim.objects.exists()


def test_marking_twice_is_refused_with_a_clear_message(external):
    draft = ClaimFactory()
    services.same_claim_mark(claim=draft, user=draft.author, kind="external", target_id=external.pk)
    with pytest.raises(ValidationError, match="already marked"):
        services.same_claim_mark(
            claim=draft, user=draft.author, kind="external", target_id=external.pk
        )
    assert SameClaim.objects.count() == 1
    assert ClaimEvent.objects.filter(claim=draft, action=MARKED).count() == 1


@pytest.mark.parametrize(("kind", "target"), [("theirs", 1), ("external", 999_999)])
def test_an_unknown_kind_or_fact_check_is_refused(kind, target):
    draft = ClaimFactory()
    with pytest.raises(ValidationError):
        services.same_claim_mark(claim=draft, user=draft.author, kind=kind, target_id=target)
    with pytest.raises(ValidationError):
        services.same_claim_unmark(claim=draft, user=draft.author, kind="theirs", target_id=1)
    assert not SameClaim.objects.exists()


def test_another_reviewer_may_not_mark_a_draft(external):
    draft = ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.same_claim_mark(
            claim=draft, user=ReviewerFactory(), kind="external", target_id=external.pk
        )
    assert not SameClaim.objects.exists()


def test_the_author_may_not_mark_once_submitted_but_a_moderator_may(external):
    claim = submitted_claim()
    with pytest.raises(PermissionDenied):
        services.same_claim_mark(
            claim=claim, user=claim.author, kind="external", target_id=external.pk
        )
    moderator = ModeratorFactory()
    services.same_claim_mark(claim=claim, user=moderator, kind="external", target_id=external.pk)
    assert SameClaim.objects.get().marked_by == moderator


def test_nobody_marks_a_retracted_claim(external):
    claim = published_claim()
    services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Erreur.")
    moderator = ModeratorFactory()
    claim.refresh_from_db()
    assert not permissions.can_mark_same_claim(moderator, claim)
    with pytest.raises(PermissionDenied):
        services.same_claim_mark(
            claim=claim, user=moderator, kind="external", target_id=external.pk
        )


def test_marking_a_public_claim_moves_its_version_and_the_public_revision(external):
    claim = published_claim()
    claim.refresh_from_db()
    version, revision = claim.version, _revision()
    moderator = ModeratorFactory()
    services.same_claim_mark(claim=claim, user=moderator, kind="external", target_id=external.pk)
    claim.refresh_from_db()
    assert (claim.version, _revision()) == (version + 1, revision + 1)
    services.same_claim_unmark(claim=claim, user=moderator, kind="external", target_id=external.pk)
    claim.refresh_from_db()
    assert (claim.version, _revision()) == (version + 2, revision + 2)


def test_unmarking_removes_the_link_and_records_what_it_pointed_to(external):
    draft = ClaimFactory()
    services.same_claim_mark(claim=draft, user=draft.author, kind="external", target_id=external.pk)
    services.same_claim_unmark(
        claim=draft, user=draft.author, kind="external", target_id=external.pk
    )
    assert not SameClaim.objects.exists()
    event = ClaimEvent.objects.filter(claim=draft).last()
    assert event.action == UNMARKED
    assert event.before["url"] == external.review_url
    with pytest.raises(ValidationError, match="not marked"):
        services.same_claim_unmark(
            claim=draft, user=draft.author, kind="external", target_id=external.pk
        )


def test_an_external_fact_check_with_links_cannot_be_deleted(external):
    from django.db.models import ProtectedError

    draft = ClaimFactory()
    services.same_claim_mark(claim=draft, user=draft.author, kind="external", target_id=external.pk)
    with pytest.raises(ProtectedError):
        external.delete()


# --- The database's own guards ----------------------------------------------------------------


def _create(**fields):
    with transaction.atomic():
        SameClaim.objects.create(**fields)


def test_the_database_wants_exactly_one_target(external):
    draft, earlier = ClaimFactory(), published_claim()
    user = draft.author
    with pytest.raises(IntegrityError):
        _create(claim=draft, marked_by=user)
    with pytest.raises(IntegrityError):
        _create(claim=draft, earlier=earlier, external=external, marked_by=user)


def test_the_database_refuses_a_self_link_and_a_second_link_to_the_same_target(external):
    claim = published_claim()
    user = claim.author
    with pytest.raises(IntegrityError):
        _create(claim=claim, earlier=claim, marked_by=user)
    _create(claim=claim, external=external, marked_by=user)
    with pytest.raises(IntegrityError):
        _create(claim=claim, external=external, marked_by=user)
    earlier = published_claim()
    _create(claim=claim, earlier=earlier, marked_by=user)
    with pytest.raises(IntegrityError):
        _create(claim=claim, earlier=earlier, marked_by=user)
