"""The audit trail: every write appends exactly one ClaimEvent saying who did what, from
which status to which, with the values before and after; and no one can change or
delete an event, through the ORM or (per database vendor) in SQL."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Max, ProtectedError

from annotations import selectors, services
from annotations.models import Claim, ClaimEvent, Evidence, Verdict
from annotations.services import FourEyesError, StaleEdit, TransitionError
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    VerdictFactory,
    pending_correction,
    published_claim,
    ready_claim,
    submitted_claim,
)

pytestmark = pytest.mark.django_db

Action = ClaimEvent.Action
Status = Claim.Status


def mark() -> int:
    """The id of the newest event so far: the next write's event has a greater one."""
    return ClaimEvent.objects.aggregate(last=Max("id"))["last"] or 0


def the_one_event_since(since: int) -> ClaimEvent:
    events = list(ClaimEvent.objects.filter(pk__gt=since).order_by("id"))
    assert len(events) == 1, [(e.action, e.actor_id) for e in events]
    return events[0]


def version_of(claim: Claim) -> int:
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


def evidence_input(**overrides) -> services.EvidenceInput:
    values = {
        "url": "https://www.insee.fr/fr/statistiques/1",
        "title": "Projet de loi de finances",
        "stance": Evidence.Stance.REFUTES,
        "publisher": "Insee",
    }
    values.update(overrides)
    return services.EvidenceInput(**values)


# --- Claims and evidence --------------------------------------------------------------------


def test_creating_a_claim_records_who_created_it_with_its_span_and_text(reviewer):
    article = ArticleFactory()
    sentence = article.sentences.get(position=1)
    since = mark()

    claim = services.claim_create(
        article=article,
        author=reviewer,
        start=sentence.start,
        end=sentence.end,
        quote=article.body[sentence.start : sentence.end],
        text="Le budget augmente de 3,5 %.",
        claimant="Le ministre",
    )

    event = the_one_event_since(since)
    assert (event.claim, event.actor, event.action) == (claim, reviewer, Action.CREATED)
    assert (event.from_status, event.to_status) == ("", Status.DRAFT)
    assert event.before == {}
    assert event.after == {
        "start": sentence.start,
        "end": sentence.end,
        "quote": claim.quote,
        "text": "Le budget augmente de 3,5 %.",
        "claimant": "Le ministre",
    }


def test_editing_a_claim_records_the_old_and_the_new_text():
    claim = ClaimFactory(text="Ancien texte.", claimant="Le ministre")
    since = mark()

    services.claim_update(
        claim=claim,
        user=claim.author,
        expected_version=claim.version,
        text="Nouveau texte.",
        claimant="La ministre",
    )

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (claim.author, Action.EDITED)
    assert event.before == {"text": "Ancien texte.", "claimant": "Le ministre"}
    assert event.after == {"text": "Nouveau texte.", "claimant": "La ministre"}


def test_adding_evidence_records_the_source_as_stored():
    claim = ClaimFactory()
    since = mark()

    evidence = services.evidence_add(
        claim=claim,
        user=claim.author,
        data=evidence_input(published_on=date(2025, 9, 30), quote="+3,1 %"),
    )

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (claim.author, Action.EVIDENCE_ADDED)
    assert event.before == {}
    assert event.after == {
        "id": evidence.pk,
        "url": "https://www.insee.fr/fr/statistiques/1",
        "title": "Projet de loi de finances",
        "publisher": "Insee",
        "published_on": "2025-09-30",
        "quote": "+3,1 %",
        "stance": Evidence.Stance.REFUTES,
    }


def test_editing_evidence_records_its_values_before_and_after():
    evidence = EvidenceFactory(title="Ancien titre", stance=Evidence.Stance.SUPPORTS)
    claim = evidence.claim
    since = mark()

    services.evidence_update(
        evidence=evidence,
        user=claim.author,
        data=evidence_input(title="Nouveau titre", stance=Evidence.Stance.CONTEXT),
        expected_version=version_of(claim),
    )

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (claim.author, Action.EVIDENCE_EDITED)
    assert (event.before["id"], event.after["id"]) == (evidence.pk, evidence.pk)
    assert (event.before["title"], event.after["title"]) == ("Ancien titre", "Nouveau titre")
    assert (event.before["stance"], event.after["stance"]) == ("supports", "context")
    assert event.before["url"] == evidence.url


def test_removing_evidence_records_what_was_removed():
    evidence = EvidenceFactory(title="Source retirée")
    claim = evidence.claim
    since = mark()

    services.evidence_remove(evidence=evidence, user=claim.author, expected_version=claim.version)

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (claim.author, Action.EVIDENCE_REMOVED)
    assert event.before["id"] == evidence.pk
    assert event.before["title"] == "Source retirée"
    assert event.after == {}
    # The history outlives the evidence itself.
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_setting_the_verdict_records_the_rating_and_rationale_before_and_after():
    claim = ClaimFactory()
    since = mark()
    services.verdict_set(
        claim=claim,
        user=claim.author,
        expected_version=version_of(claim),
        rating=Verdict.Rating.FALSE,
        rationale="Première analyse.",
    )
    first = the_one_event_since(since)

    since = mark()
    services.verdict_set(
        claim=claim,
        user=claim.author,
        expected_version=version_of(claim),
        rating=Verdict.Rating.MIXED,
        rationale="Seconde analyse.",
    )
    second = the_one_event_since(since)

    assert (first.actor, first.action) == (claim.author, Action.VERDICT_SET)
    assert first.before == {}
    assert first.after == {"version": 1, "rating": "false", "rationale": "Première analyse."}
    assert second.before == {"rating": "false", "rationale": "Première analyse."}
    assert second.after == {"version": 1, "rating": "mixed", "rationale": "Seconde analyse."}


# --- Transitions ----------------------------------------------------------------------------


def test_submitting_records_the_move_from_draft_to_in_review():
    claim = ready_claim()
    since = mark()

    services.claim_submit(claim=claim, user=claim.author)

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (claim.author, Action.SUBMITTED)
    assert (event.from_status, event.to_status) == (Status.DRAFT, Status.IN_REVIEW)
    assert event.after == {"verdict_version": 1}


def test_approving_records_the_moderator_the_publication_and_the_comment():
    claim = submitted_claim()
    moderator = ModeratorFactory()
    since = mark()

    services.claim_approve(claim=claim, moderator=moderator, comment="Solide.")

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (moderator, Action.PUBLISHED)
    assert (event.from_status, event.to_status) == (Status.IN_REVIEW, Status.PUBLISHED)
    assert event.after == {"verdict_version": 1, "rating": Verdict.Rating.MOSTLY_FALSE}
    assert event.comment == "Solide."


def test_requesting_changes_records_the_moderator_and_the_comment():
    claim = submitted_claim()
    moderator = ModeratorFactory()
    since = mark()

    services.claim_request_changes(claim=claim, moderator=moderator, comment="Sources ?")

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (moderator, Action.CHANGES_REQUESTED)
    assert (event.from_status, event.to_status) == (Status.IN_REVIEW, Status.CHANGES_REQUESTED)
    assert event.comment == "Sources ?"


def test_resubmitting_records_the_move_from_changes_requested_to_in_review():
    claim = submitted_claim()
    services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment="Non.")
    since = mark()

    services.claim_submit(claim=claim, user=claim.author)

    event = the_one_event_since(since)
    assert (event.from_status, event.to_status) == (Status.CHANGES_REQUESTED, Status.IN_REVIEW)


def test_starting_a_correction_records_who_started_it_and_the_new_version():
    claim = published_claim()
    corrector = ReviewerFactory()
    since = mark()

    services.correction_start(claim=claim, user=corrector)

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (corrector, Action.CORRECTION_STARTED)
    assert event.after == {"verdict_version": 2}
    # The claim stays published meanwhile.
    assert (event.from_status, event.to_status) == ("", "")


def test_setting_the_verdict_of_a_correction_records_its_note():
    claim = published_claim()
    corrector = ReviewerFactory()
    services.correction_start(claim=claim, user=corrector)
    since = mark()

    services.verdict_set(
        claim=claim,
        user=corrector,
        expected_version=version_of(claim),
        rating=Verdict.Rating.FALSE,
        rationale="Nouvelle analyse.",
        correction_note="La hausse est de 3,1 %.",
    )

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (corrector, Action.VERDICT_SET)
    assert event.before["correction_note"] == ""
    assert event.before["rating"] == Verdict.Rating.MOSTLY_FALSE
    assert event.after == {
        "version": 2,
        "rating": "false",
        "rationale": "Nouvelle analyse.",
        "correction_note": "La hausse est de 3,1 %.",
    }


def test_submitting_and_approving_a_correction_record_the_move_to_corrected():
    claim = published_claim()
    corrector = ReviewerFactory()
    pending_correction(claim, author=corrector)
    moderator = ModeratorFactory()

    since = mark()
    services.claim_submit(claim=claim, user=corrector)
    submitted = the_one_event_since(since)
    since = mark()
    services.claim_approve(claim=claim, moderator=moderator)
    approved = the_one_event_since(since)

    assert (submitted.actor, submitted.action) == (corrector, Action.SUBMITTED)
    assert (submitted.from_status, submitted.to_status) == (Status.PUBLISHED, Status.PUBLISHED)
    assert submitted.after == {"verdict_version": 2}
    assert (approved.actor, approved.action) == (moderator, Action.CORRECTED)
    assert (approved.from_status, approved.to_status) == (Status.PUBLISHED, Status.CORRECTED)
    assert approved.after == {"verdict_version": 2, "rating": Verdict.Rating.FALSE}


@pytest.mark.parametrize("with_pending_correction", [False, True])
def test_retracting_records_the_moderator_the_move_and_the_public_note(with_pending_correction):
    claim = published_claim()
    if with_pending_correction:
        pending_correction(claim, submit=True)
    moderator = ModeratorFactory()
    since = mark()

    services.claim_retract(claim=claim, moderator=moderator, note="Source retirée.")

    event = the_one_event_since(since)
    assert (event.actor, event.action) == (moderator, Action.RETRACTED)
    assert (event.from_status, event.to_status) == (Status.PUBLISHED, Status.RETRACTED)
    assert event.comment == "Source retirée."


def test_a_claims_timeline_tells_its_whole_story_in_order():
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment="Non.")
    services.claim_submit(claim=claim, user=claim.author)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    pending_correction(claim, submit=True)
    services.claim_approve(claim=claim, moderator=ModeratorFactory())
    services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Retirée.")

    assert [event.action for event in selectors.claim_timeline(claim)] == [
        Action.CREATED,
        Action.EVIDENCE_ADDED,
        Action.VERDICT_SET,
        Action.SUBMITTED,
        Action.CHANGES_REQUESTED,
        Action.SUBMITTED,
        Action.PUBLISHED,
        Action.CORRECTION_STARTED,
        Action.VERDICT_SET,
        Action.SUBMITTED,
        Action.CORRECTED,
        Action.RETRACTED,
    ]


# --- Refused writes leave no trace ------------------------------------------------------------


def test_refused_writes_record_no_event(other_reviewer):
    author = ModeratorFactory()
    claim = submitted_claim(author=author)
    since = mark()

    with pytest.raises(FourEyesError):
        services.claim_approve(claim=claim, moderator=author)
    with pytest.raises(PermissionDenied):
        services.claim_approve(claim=claim, moderator=other_reviewer)
    with pytest.raises(ValidationError):
        services.claim_request_changes(claim=claim, moderator=ModeratorFactory(), comment=" ")
    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=author)
    with pytest.raises(TransitionError):
        services.claim_retract(claim=claim, moderator=ModeratorFactory(), note="Non.")
    with pytest.raises(TransitionError):
        services.correction_start(claim=claim, user=other_reviewer)

    assert not ClaimEvent.objects.filter(pk__gt=since).exists()


def test_a_stale_edit_records_no_event():
    claim = ClaimFactory()
    services.claim_update(claim=claim, user=claim.author, expected_version=1, text="Un.")
    since = mark()

    with pytest.raises(StaleEdit):
        services.claim_update(claim=claim, user=claim.author, expected_version=1, text="Deux.")

    assert not ClaimEvent.objects.filter(pk__gt=since).exists()


# --- Append-only: the ORM refuses ------------------------------------------------------------


@pytest.fixture
def event():
    claim = ClaimFactory()
    return ClaimEvent.objects.get(claim=claim)


def test_saving_an_existing_event_again_is_refused(event):
    event.comment = "Réécrit."

    with pytest.raises(PermissionDenied):
        event.save()

    assert ClaimEvent.objects.get(pk=event.pk).comment == ""


def test_saving_a_new_event_object_over_an_existing_ones_id_is_refused(event):
    """The model always INSERTs, so a new object given an existing id cannot overwrite
    that row: the primary key refuses it."""
    impostor = ClaimEvent(
        pk=event.pk, claim=event.claim, actor=event.actor, action=Action.RETRACTED
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        impostor.save()

    assert ClaimEvent.objects.get(pk=event.pk).action == Action.CREATED


def test_deleting_an_event_is_refused(event):
    with pytest.raises(PermissionDenied):
        event.delete()

    assert ClaimEvent.objects.filter(pk=event.pk).exists()


def test_updating_events_through_a_queryset_is_refused(event):
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.filter(pk=event.pk).update(comment="Réécrit.")
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.all().update(comment="Réécrit.")
    with pytest.raises(PermissionDenied):
        event.claim.events.update(comment="Réécrit.")
    # bulk_update runs in its own atomic block: the refusal rolls it back.
    with pytest.raises(PermissionDenied), transaction.atomic():
        ClaimEvent.objects.bulk_update([event], ["comment"])

    assert ClaimEvent.objects.get(pk=event.pk).comment == ""


def test_deleting_events_through_a_queryset_is_refused(event):
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionDenied):
        ClaimEvent.objects.all().delete()
    with pytest.raises(PermissionDenied):
        event.claim.events.all().delete()

    assert ClaimEvent.objects.filter(pk=event.pk).exists()


def test_a_claim_with_a_history_cannot_be_deleted_with_it(event):
    with pytest.raises(ProtectedError), transaction.atomic():
        event.claim.delete()

    assert ClaimEvent.objects.filter(pk=event.pk).exists()


# --- Append-only: the database refuses, each vendor as far as it can -------------------------


def _sql(statement: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_database_refuses_a_raw_sql_update_of_an_event(event):
    """PostgreSQL and SQLite both have a trigger refusing UPDATE on the table."""
    assert connection.vendor in {"postgresql", "sqlite"}, connection.vendor

    with pytest.raises(DatabaseError, match="append-only"):
        _sql("UPDATE annotations_claimevent SET comment = 'x'")

    assert ClaimEvent.objects.get(pk=event.pk).comment == ""


def test_a_raw_sql_delete_of_events_is_refused_by_postgresql_and_only_by_the_app_on_sqlite(
    event,
):
    """PostgreSQL's trigger also refuses DELETE. SQLite has no such trigger, because the
    test runner's flush empties tables with DELETE; there the model and the queryset
    are the guard (see the tests above), and this test pins that known limit."""
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _sql("DELETE FROM annotations_claimevent")
        assert ClaimEvent.objects.filter(pk=event.pk).exists()
    elif connection.vendor == "sqlite":
        _sql("DELETE FROM annotations_claimevent WHERE id = %s", [event.pk])
        assert not ClaimEvent.objects.filter(pk=event.pk).exists()
    else:
        pytest.fail(f"no append-only guarantee is known for {connection.vendor}")


def test_the_database_still_accepts_new_events_after_refusing_a_change(event):
    with pytest.raises(DatabaseError):
        _sql("UPDATE annotations_claimevent SET comment = 'x'")

    services.claim_update(
        claim=event.claim, user=event.actor, expected_version=1, text="Toujours possible."
    )

    assert ClaimEvent.objects.filter(claim=event.claim).count() == 2
