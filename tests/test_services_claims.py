"""Claims, evidence and verdicts: the services reviewers go through, and the database behind them."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, transaction

from annotations import permissions, services
from annotations.models import Claim, Evidence, Verdict
from annotations.services import (
    EvidenceInput,
    IncompleteClaim,
    StaleEdit,
    TransitionError,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ModeratorFactory,
    ReviewerFactory,
    VerdictFactory,
)

pytestmark = pytest.mark.django_db

FIRST = "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense."
SECOND = "Selon le ministre, « cet effort est indispensable »."
THIRD = "L’opposition dénonce un texte « insincère »."


@pytest.fixture
def article():
    return ArticleFactory()


def span_of(article, text):
    """The offsets of ``text`` in the body (the title's length varies with the sequence)."""
    start = article.body.index(text)
    return start, start + len(text)


def create(article, author, start, end, quote=None, text="Le budget augmente de 3,5 %.", **kw):
    return services.claim_create(
        article=article,
        author=author,
        start=start,
        end=end,
        quote=article.body[start:end] if quote is None else quote,
        text=text,
        **kw,
    )


def evidence_input(**overrides):
    values = {
        "url": "https://www.example.org/plf-2025",
        "title": "Projet de loi de finances 2025",
        "stance": Evidence.Stance.REFUTES,
    }
    values.update(overrides)
    return EvidenceInput(**values)


def ready_claim(**kwargs):
    """A draft with one piece of evidence and a verdict: all that submitting needs."""
    claim = ClaimFactory(**kwargs)
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    return claim


def version_of(claim):
    return Claim.objects.values_list("version", flat=True).get(pk=claim.pk)


# --- claim_create: spans ------------------------------------------------------------------


def test_reviewer_highlights_a_span_inside_one_sentence(article, reviewer):
    start, end = span_of(article, "budget en hausse de 3,5 %")

    claim = create(article, reviewer, start, end, claimant="Le gouvernement")

    claim.refresh_from_db()
    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == article.body[start:end] == "budget en hausse de 3,5 %"
    assert claim.claimant == "Le gouvernement"
    assert claim.author == reviewer
    assert claim.status == Claim.Status.DRAFT
    assert claim.version == 1


def test_reviewer_highlights_two_consecutive_sentences(article, reviewer):
    start, end = span_of(article, f"{FIRST} {SECOND}")

    claim = create(article, reviewer, start, end)

    assert claim.quote == f"{FIRST} {SECOND}"


@pytest.mark.parametrize("separator", ["\n", " ", "\r\n", "\n\n"])
def test_span_across_a_paragraph_break_matches_the_quote_the_browser_sends(
    article, reviewer, separator
):
    start, _ = span_of(article, SECOND)
    _, end = span_of(article, THIRD)
    assert "\n\n" in article.body[start:end]

    claim = create(article, reviewer, start, end, quote=f"{SECOND}{separator}{THIRD}")

    # The stored quote is the body's own text, paragraph break included.
    assert claim.quote == article.body[start:end] == f"{SECOND}\n\n{THIRD}"


def test_white_space_around_the_selection_is_trimmed_from_the_span(article, reviewer):
    start, end = span_of(article, SECOND)
    # From the space before the sentence to the paragraph break after it.
    claim = create(article, reviewer, start - 1, end + 2, quote=" " + SECOND + "\n\n")

    assert (claim.start, claim.end) == (start, end)
    assert claim.quote == SECOND


def test_prefix_and_suffix_keep_up_to_32_characters_around_the_quote(article, reviewer):
    start, end = span_of(article, "cet effort")

    claim = create(article, reviewer, start, end)

    assert claim.prefix == article.body[start - 32 : start]
    assert claim.suffix == article.body[end : end + 32]
    assert len(claim.prefix) == len(claim.suffix) == 32


def test_prefix_and_suffix_are_shorter_at_the_edges_of_the_body(article, reviewer):
    headline = create(article, reviewer, 0, 6)
    last = create(article, reviewer, len(article.body) - 10, len(article.body))

    assert headline.quote == "Budget"
    assert headline.prefix == ""
    assert headline.suffix == article.body[6:38]
    assert last.quote == "d’enquête."
    assert last.suffix == ""
    assert len(last.prefix) == 32


def test_offsets_count_characters_not_utf16_units(reviewer):
    """Python offsets count code points; a browser's String.length counts UTF-16 units.

    Past an emoji the two differ by one: such offsets are refused, never stored shifted.
    """
    article = ArticleFactory(paragraphs=("La fusée 🚀 décolle demain. Elle atterrit jeudi.",))
    start, end = span_of(article, "décolle demain")
    utf16_start = len(article.body[:start].encode("utf-16-le")) // 2

    claim = create(article, reviewer, start, end)
    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, utf16_start, utf16_start + (end - start), quote=claim.quote)

    assert utf16_start == start + 1
    assert "quote" in excinfo.value.message_dict
    assert Claim.objects.count() == 1


# --- claim_create: refusals ----------------------------------------------------------------


@pytest.mark.parametrize(
    "offsets",
    [
        pytest.param(lambda n: (n - 5, n + 1), id="end-past-the-body"),
        pytest.param(lambda n: (n, n + 3), id="start-at-the-end-of-the-body"),
        pytest.param(lambda n: (-1, 10), id="negative-start"),
        pytest.param(lambda n: (-10, -2), id="both-negative"),
        pytest.param(lambda n: (10, 10), id="empty"),
        pytest.param(lambda n: (20, 10), id="start-after-end"),
        pytest.param(lambda n: ("10", "20"), id="strings"),
        pytest.param(lambda n: (10.0, 20.0), id="floats"),
        pytest.param(lambda n: (None, 20), id="none"),
    ],
)
def test_offsets_that_are_not_a_span_of_the_body_are_refused_with_a_quote_error(
    article, reviewer, offsets
):
    start, end = offsets(len(article.body))

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start, end, quote="budget")

    assert "quote" in excinfo.value.message_dict
    assert not Claim.objects.exists()


def test_selection_of_white_space_only_is_refused(article, reviewer):
    start, _ = span_of(article, THIRD)

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start - 2, start, quote="\n\n")

    assert "quote" in excinfo.value.message_dict
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "quote",
    [
        "budget en baisse de 3,5 %",
        "budget en hausse de 3,5",
        "",
        "BUDGET EN HAUSSE DE 3,5 %",
    ],
)
def test_quote_that_does_not_match_the_body_at_the_offsets_is_refused(article, reviewer, quote):
    start, end = span_of(article, "budget en hausse de 3,5 %")

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start, end, quote=quote)

    assert "quote" in excinfo.value.message_dict
    assert not Claim.objects.exists()


def test_offsets_from_an_out_of_date_page_are_refused(article, reviewer):
    """The right words, but shifted: the page and the body disagree on where they are."""
    start, end = span_of(article, "budget en hausse")

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start + 1, end + 1, quote="budget en hausse")

    assert "quote" in excinfo.value.message_dict


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", None])
def test_empty_claim_text_is_refused(article, reviewer, text):
    start, end = span_of(article, FIRST)

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start, end, text=text)

    assert "text" in excinfo.value.message_dict
    assert not Claim.objects.exists()


def test_claim_text_of_1000_characters_is_accepted_and_1001_refused(article, reviewer):
    start, end = span_of(article, FIRST)
    create(article, reviewer, start, end, text="x" * 1000)

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start, end, text="x" * 1001)

    assert "text" in excinfo.value.message_dict
    assert Claim.objects.count() == 1


def test_claim_text_is_stored_without_surrounding_white_space(article, reviewer):
    start, end = span_of(article, FIRST)

    claim = create(article, reviewer, start, end, text="  La hausse est de 3,5 %.\n")

    assert claim.text == "La hausse est de 3,5 %."


def test_claimant_over_200_characters_is_refused(article, reviewer):
    start, end = span_of(article, FIRST)
    create(article, reviewer, start, end, claimant="c" * 200)

    with pytest.raises(ValidationError) as excinfo:
        create(article, reviewer, start, end, claimant="c" * 201)

    assert "claimant" in excinfo.value.message_dict
    assert Claim.objects.count() == 1


def test_claimant_is_optional(article, reviewer):
    start, end = span_of(article, FIRST)

    assert create(article, reviewer, start, end).claimant == ""


def test_html_in_claim_text_and_claimant_is_stored_verbatim(article, reviewer):
    start, end = span_of(article, FIRST)
    text = '<script>alert("x")</script> & <b>gras</b>'

    claim = create(article, reviewer, start, end, text=text, claimant="<img src=x onerror=1>")

    claim.refresh_from_db()
    assert claim.text == text
    assert claim.claimant == "<img src=x onerror=1>"


def test_user_without_a_role_cannot_create_a_claim(article, no_role_user):
    start, end = span_of(article, FIRST)

    with pytest.raises(PermissionDenied):
        create(article, no_role_user, start, end)

    assert not Claim.objects.exists()


def test_moderator_and_admin_can_create_claims(article, moderator, admin_user):
    start, end = span_of(article, FIRST)

    create(article, moderator, start, end)
    create(article, admin_user, start, end)

    assert Claim.objects.count() == 2


def test_inactive_reviewer_cannot_create_a_claim(article):
    start, end = span_of(article, FIRST)
    reviewer = ReviewerFactory(is_active=False)

    with pytest.raises(PermissionDenied):
        create(article, reviewer, start, end)


# --- claim_update -----------------------------------------------------------------------------


def test_author_edits_a_draft_and_its_version_increments():
    claim = ClaimFactory()

    updated = services.claim_update(
        claim=claim,
        user=claim.author,
        expected_version=1,
        text="  Le budget de la défense augmente de 3,1 %. ",
        claimant="Le ministre",
    )

    assert updated.version == 2
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.text == "Le budget de la défense augmente de 3,1 %."
    assert claim.claimant == "Le ministre"
    assert claim.updated_at >= claim.created_at


def test_editing_with_a_stale_version_raises_stale_edit_with_the_current_claim():
    claim = ClaimFactory()
    services.claim_update(claim=claim, user=claim.author, expected_version=1, text="Premier.")

    with pytest.raises(StaleEdit) as excinfo:
        services.claim_update(claim=claim, user=claim.author, expected_version=1, text="Second.")

    assert excinfo.value.expected_version == 1
    assert excinfo.value.claim.pk == claim.pk
    assert excinfo.value.claim.version == 2
    assert excinfo.value.claim.text == "Premier."
    claim.refresh_from_db()
    assert claim.text == "Premier."
    assert claim.version == 2


def test_edit_that_is_invalid_changes_nothing():
    claim = ClaimFactory()

    with pytest.raises(ValidationError):
        services.claim_update(claim=claim, user=claim.author, expected_version=1, text=" ")

    claim.refresh_from_db()
    assert claim.version == 1
    assert claim.text != ""


def test_another_reviewer_cannot_edit_a_draft(other_reviewer):
    claim = ClaimFactory()

    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, user=other_reviewer, expected_version=1, text="Réécrit.")

    assert version_of(claim) == 1


def test_moderator_who_is_not_the_author_cannot_edit_a_draft(moderator):
    claim = ClaimFactory()

    with pytest.raises(PermissionDenied):
        services.claim_update(claim=claim, user=moderator, expected_version=1, text="Réécrit.")

    assert version_of(claim) == 1


def test_claim_in_review_cannot_be_edited_by_its_author():
    claim = ready_claim()
    claim = services.claim_submit(claim=claim, user=claim.author)

    with pytest.raises(TransitionError):
        services.claim_update(
            claim=claim, user=claim.author, expected_version=claim.version, text="Trop tard."
        )

    claim.refresh_from_db()
    assert claim.text != "Trop tard."


# --- Evidence ------------------------------------------------------------------------------


def test_author_adds_evidence_and_the_claim_version_increments():
    claim = ClaimFactory()

    evidence = services.evidence_add(
        claim=claim,
        user=claim.author,
        expected_version=1,
        data=evidence_input(publisher=" Insee ", quote="La hausse est de 3,1 %."),
    )

    evidence.refresh_from_db()
    assert evidence.claim_id == claim.pk
    assert evidence.added_by == claim.author
    assert evidence.url == "https://www.example.org/plf-2025"
    assert evidence.title == "Projet de loi de finances 2025"
    assert evidence.publisher == "Insee"
    assert evidence.stance == Evidence.Stance.REFUTES
    assert version_of(claim) == 2


def test_author_updates_evidence_and_the_claim_version_increments():
    evidence = EvidenceFactory()
    claim = evidence.claim

    services.evidence_update(
        evidence=evidence,
        user=claim.author,
        expected_version=claim.version,
        data=evidence_input(title="Rapport de la Cour des comptes", stance="context"),
    )

    evidence.refresh_from_db()
    assert evidence.title == "Rapport de la Cour des comptes"
    assert evidence.stance == Evidence.Stance.CONTEXT
    assert version_of(claim) == 3


def test_author_removes_evidence_and_the_claim_version_increments():
    evidence = EvidenceFactory()
    claim = evidence.claim

    returned = services.evidence_remove(
        evidence=evidence, user=claim.author, expected_version=claim.version
    )

    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert returned.version == version_of(claim) == 3


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://ftp.example.org/rapport.pdf",
        "file:///etc/passwd",
        "http://",
        "https://",
        "https:///chemin",
        "//example.org/x",
        "example.org/x",
        "",
        "   ",
        "https://exa mple.org/",
        "https://example.org/" + "a" * 1981,  # 2001 characters
        "https://example.org/" + "a" * 3000,
    ],
)
def test_evidence_url_that_is_not_a_web_address_is_refused(url):
    claim = ClaimFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(claim=claim, user=claim.author, data=evidence_input(url=url))

    assert "url" in excinfo.value.message_dict
    assert not Evidence.objects.exists()
    assert version_of(claim) == 1


def test_evidence_url_of_2000_characters_is_accepted():
    claim = ClaimFactory()
    url = "https://example.org/" + "a" * 1980

    evidence = services.evidence_add(claim=claim, user=claim.author, data=evidence_input(url=url))

    assert len(url) == 2000
    evidence.refresh_from_db()
    assert evidence.url == url


def test_evidence_url_scheme_is_stored_in_lower_case():
    claim = ClaimFactory()

    evidence = services.evidence_add(
        claim=claim, user=claim.author, data=evidence_input(url="  HTTPS://Example.org/x ")
    )

    evidence.refresh_from_db()
    assert evidence.url == "https://Example.org/x"


def test_plain_http_evidence_url_is_accepted():
    claim = ClaimFactory()

    evidence = services.evidence_add(
        claim=claim, user=claim.author, data=evidence_input(url="http://example.org/x?a=1#b")
    )

    assert evidence.url == "http://example.org/x?a=1#b"


@pytest.mark.parametrize("title", ["", "   ", None])
@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.lemonde.fr/politique/article/1.html", "lemonde.fr"),
        ("https://WWW.Insee.FR/fr/statistiques", "insee.fr"),
        ("http://data.gouv.fr:8080/x", "data.gouv.fr"),
        ("https://wwwexample.org/", "wwwexample.org"),
    ],
)
def test_evidence_without_a_title_is_titled_with_its_site(title, url, site):
    claim = ClaimFactory()

    evidence = services.evidence_add(
        claim=claim, user=claim.author, data=evidence_input(title=title, url=url)
    )

    evidence.refresh_from_db()
    assert evidence.title == site
    assert evidence.site == site


def test_evidence_keeps_the_title_it_is_given():
    claim = ClaimFactory()

    evidence = services.evidence_add(
        claim=claim,
        user=claim.author,
        data=evidence_input(title="  Le budget  ", url="https://www.example.org/b"),
    )

    assert (evidence.title, evidence.site) == ("Le budget", "example.org")


@pytest.mark.parametrize("stance", ["", "agrees", "SUPPORTS", None])
def test_evidence_with_an_unknown_stance_is_refused(stance):
    claim = ClaimFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(claim=claim, user=claim.author, data=evidence_input(stance=stance))

    assert "stance" in excinfo.value.message_dict
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("title", 300), ("publisher", 200), ("quote", 2000)])
def test_evidence_text_fields_are_limited_in_length(field, limit):
    claim = ClaimFactory()
    services.evidence_add(
        claim=claim, user=claim.author, data=evidence_input(**{field: "x" * limit})
    )

    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(
            claim=claim, user=claim.author, data=evidence_input(**{field: "x" * (limit + 1)})
        )

    assert field in excinfo.value.message_dict
    assert claim.evidence.count() == 1


def test_all_problems_with_evidence_are_reported_at_once():
    claim = ClaimFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.evidence_add(
            claim=claim,
            user=claim.author,
            data=evidence_input(url="javascript:alert(1)", title="x" * 301, stance="x"),
        )

    assert set(excinfo.value.message_dict) == {"url", "title", "stance"}


def test_invalid_evidence_update_changes_nothing():
    evidence = EvidenceFactory()
    claim = evidence.claim

    with pytest.raises(ValidationError):
        services.evidence_update(
            evidence=evidence,
            user=claim.author,
            expected_version=claim.version,
            data=evidence_input(url="javascript:alert(1)"),
        )

    evidence.refresh_from_db()
    assert evidence.url.startswith("https://www.insee.fr/")
    assert version_of(claim) == 2


def test_evidence_update_with_a_stale_version_raises_stale_edit_and_changes_nothing():
    evidence = EvidenceFactory()
    claim = evidence.claim
    old_title = evidence.title

    with pytest.raises(StaleEdit) as excinfo:
        services.evidence_update(
            evidence=evidence,
            user=claim.author,
            expected_version=claim.version - 1,
            data=evidence_input(title="Autre titre"),
        )

    assert excinfo.value.claim.version == claim.version
    evidence.refresh_from_db()
    assert evidence.title == old_title
    assert version_of(claim) == claim.version


def test_evidence_remove_with_a_stale_version_raises_stale_edit_and_changes_nothing():
    evidence = EvidenceFactory()
    claim = evidence.claim

    with pytest.raises(StaleEdit):
        services.evidence_remove(evidence=evidence, user=claim.author, expected_version=1)

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert version_of(claim) == 2


def test_another_reviewer_cannot_add_update_or_remove_evidence(other_reviewer):
    evidence = EvidenceFactory()
    claim = evidence.claim
    version, title = claim.version, evidence.title

    with pytest.raises(PermissionDenied):
        services.evidence_add(claim=claim, user=other_reviewer, data=evidence_input())
    with pytest.raises(PermissionDenied):
        services.evidence_update(
            evidence=evidence, user=other_reviewer, expected_version=version, data=evidence_input()
        )
    with pytest.raises(PermissionDenied):
        services.evidence_remove(evidence=evidence, user=other_reviewer, expected_version=version)

    assert list(claim.evidence.all()) == [evidence]
    evidence.refresh_from_db()
    assert evidence.title == title
    assert version_of(claim) == version


def test_evidence_of_another_claim_cannot_be_removed_through_ones_own_claim():
    """An Evidence pointed at one's own claim (a tampered form) removes nothing of the other."""
    theirs = EvidenceFactory()
    mine = ClaimFactory()
    tampered = Evidence.objects.get(pk=theirs.pk)
    tampered.claim = mine

    with pytest.raises(Evidence.DoesNotExist):
        services.evidence_remove(evidence=tampered, user=mine.author, expected_version=1)

    assert Evidence.objects.filter(pk=theirs.pk, claim=theirs.claim).exists()
    assert version_of(mine) == 1
    assert version_of(theirs.claim) == 2


def test_evidence_of_another_claim_cannot_be_updated_through_ones_own_claim():
    theirs = EvidenceFactory()
    mine = ClaimFactory()
    tampered = Evidence.objects.get(pk=theirs.pk)
    tampered.claim = mine

    with pytest.raises(Evidence.DoesNotExist):
        services.evidence_update(
            evidence=tampered,
            user=mine.author,
            expected_version=1,
            data=evidence_input(title="Détourné"),
        )

    theirs.refresh_from_db()
    assert theirs.claim_id != mine.pk
    assert theirs.title != "Détourné"
    assert version_of(mine) == 1


def test_evidence_already_removed_cannot_be_removed_again():
    evidence = EvidenceFactory()
    claim = evidence.claim
    services.evidence_remove(evidence=evidence, user=claim.author, expected_version=2)

    with pytest.raises(Evidence.DoesNotExist):
        services.evidence_remove(evidence=evidence, user=claim.author, expected_version=3)

    assert version_of(claim) == 3


# --- verdict_set ---------------------------------------------------------------------------


def test_verdict_is_created_at_version_1_then_replaced_while_the_claim_is_a_draft():
    claim = ClaimFactory()

    first = services.verdict_set(
        claim=claim, user=claim.author, expected_version=1, rating="false", rationale="Faux."
    )
    second = services.verdict_set(
        claim=claim,
        user=claim.author,
        expected_version=2,
        rating="mostly_false",
        rationale="  Plutôt faux.  ",
    )

    assert first.version == second.version == 1
    assert first.pk == second.pk
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.rating == Verdict.Rating.MOSTLY_FALSE
    assert verdict.rationale == "Plutôt faux."
    assert verdict.author == claim.author
    assert version_of(claim) == 3


def test_verdict_with_a_stale_version_raises_stale_edit_and_changes_nothing():
    verdict = VerdictFactory(rating="false")
    claim = verdict.claim

    with pytest.raises(StaleEdit):
        services.verdict_set(
            claim=claim, user=claim.author, expected_version=1, rating="true", rationale="Vrai."
        )

    verdict.refresh_from_db()
    assert verdict.rating == "false"
    assert version_of(claim) == 2


@pytest.mark.parametrize("rating", ["", "pants_on_fire", "TRUE", None, "mostly-false"])
def test_verdict_rating_must_be_one_of_the_seven(rating):
    claim = ClaimFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.verdict_set(
            claim=claim, user=claim.author, expected_version=1, rating=rating, rationale="R."
        )

    assert "rating" in excinfo.value.message_dict
    assert not Verdict.objects.exists()
    assert version_of(claim) == 1


@pytest.mark.parametrize("rationale", ["", "  \n ", None])
def test_verdict_rationale_is_required(rationale):
    claim = ClaimFactory()

    with pytest.raises(ValidationError) as excinfo:
        services.verdict_set(
            claim=claim, user=claim.author, expected_version=1, rating="true", rationale=rationale
        )

    assert "rationale" in excinfo.value.message_dict
    assert not Verdict.objects.exists()


def test_verdict_rationale_of_10000_characters_is_accepted_and_10001_refused():
    claim = ClaimFactory()
    services.verdict_set(
        claim=claim, user=claim.author, expected_version=1, rating="true", rationale="r" * 10_000
    )

    with pytest.raises(ValidationError) as excinfo:
        services.verdict_set(
            claim=claim,
            user=claim.author,
            expected_version=2,
            rating="false",
            rationale="r" * 10_001,
        )

    assert "rationale" in excinfo.value.message_dict
    assert Verdict.objects.get(claim=claim).rating == "true"


def test_another_reviewer_cannot_set_the_verdict(other_reviewer):
    claim = ClaimFactory()

    with pytest.raises(PermissionDenied):
        services.verdict_set(
            claim=claim, user=other_reviewer, expected_version=1, rating="true", rationale="R."
        )

    assert not Verdict.objects.exists()


@pytest.mark.parametrize(
    ("rating", "value"),
    [
        ("true", 5),
        ("mostly_true", 4),
        ("mixed", 3),
        ("mostly_false", 2),
        ("false", 1),
        ("misleading", None),
        ("unverifiable", None),
    ],
)
def test_rating_value_is_5_to_1_for_graded_ratings_and_none_otherwise(rating, value):
    verdict = VerdictFactory(rating=rating)

    assert verdict.rating_value == value
    assert Verdict.objects.get(pk=verdict.pk).rating_value == value


def test_every_rating_has_a_rating_value_rule():
    assert set(Verdict.Rating.values) == {
        "true",
        "mostly_true",
        "mixed",
        "mostly_false",
        "false",
        "misleading",
        "unverifiable",
    }


# --- claim_submit --------------------------------------------------------------------------

EVIDENCE = "at least one piece of evidence"
RATING = "a rating"
RATIONALE = "a rationale"


def test_submitting_a_bare_draft_lists_evidence_rating_and_rationale_as_missing():
    claim = ClaimFactory()

    with pytest.raises(IncompleteClaim) as excinfo:
        services.claim_submit(claim=claim, user=claim.author)

    assert excinfo.value.missing == [EVIDENCE, RATING, RATIONALE]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT
    assert claim.version == 1


def test_submitting_a_draft_with_only_evidence_lists_rating_and_rationale_as_missing():
    claim = EvidenceFactory().claim

    with pytest.raises(IncompleteClaim) as excinfo:
        services.claim_submit(claim=claim, user=claim.author)

    assert excinfo.value.missing == [RATING, RATIONALE]


def test_submitting_a_draft_with_only_a_verdict_lists_evidence_as_missing():
    claim = VerdictFactory().claim

    with pytest.raises(IncompleteClaim) as excinfo:
        services.claim_submit(claim=claim, user=claim.author)

    assert excinfo.value.missing == [EVIDENCE]


@pytest.mark.parametrize(
    ("with_evidence", "missing"), [(True, [RATIONALE]), (False, [EVIDENCE, RATIONALE])]
)
def test_submitting_lists_a_blank_rationale_written_around_the_service(with_evidence, missing):
    """The database cannot refuse a blank rationale (admin, old data); submitting does."""
    claim = EvidenceFactory().claim if with_evidence else ClaimFactory()
    Verdict.objects.create(claim=claim, rating="false", rationale="  \n ", author=claim.author)

    with pytest.raises(IncompleteClaim) as excinfo:
        services.claim_submit(claim=claim, user=claim.author)

    assert excinfo.value.missing == missing


def test_evidence_removed_again_makes_the_claim_incomplete():
    claim = ready_claim()
    evidence = claim.evidence.get()
    services.evidence_remove(evidence=evidence, user=claim.author, expected_version=claim.version)

    with pytest.raises(IncompleteClaim) as excinfo:
        services.claim_submit(claim=claim, user=claim.author)

    assert excinfo.value.missing == [EVIDENCE]


def test_draft_with_one_piece_of_evidence_and_a_verdict_goes_into_review():
    claim = ready_claim()
    version = claim.version

    submitted = services.claim_submit(claim=claim, user=claim.author, expected_version=version)

    assert submitted.status == Claim.Status.IN_REVIEW
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.version == version + 1
    assert permissions.missing_for_review(claim) == []


def test_submitting_twice_raises_transition_error():
    claim = ready_claim()
    services.claim_submit(claim=claim, user=claim.author)

    with pytest.raises(TransitionError):
        services.claim_submit(claim=claim, user=claim.author)


def test_submitting_with_a_stale_version_raises_stale_edit():
    claim = ready_claim()

    with pytest.raises(StaleEdit):
        services.claim_submit(claim=claim, user=claim.author, expected_version=1)

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_only_the_author_may_submit(other_reviewer):
    claim = ready_claim()

    for user in (other_reviewer, ModeratorFactory()):
        with pytest.raises(PermissionDenied):
            services.claim_submit(claim=claim, user=user)

    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DRAFT


def test_claim_in_review_accepts_no_more_evidence_or_verdict_changes():
    claim = ready_claim()
    claim = services.claim_submit(claim=claim, user=claim.author)
    evidence = claim.evidence.get()

    with pytest.raises(TransitionError):
        services.evidence_add(claim=claim, user=claim.author, data=evidence_input())
    with pytest.raises(TransitionError):
        services.evidence_remove(
            evidence=evidence, user=claim.author, expected_version=claim.version
        )
    with pytest.raises(TransitionError):
        services.verdict_set(
            claim=claim,
            user=claim.author,
            expected_version=claim.version,
            rating="true",
            rationale="Changé.",
        )

    assert claim.evidence.count() == 1
    assert Verdict.objects.get(claim=claim).rating == Verdict.Rating.MOSTLY_FALSE
    assert version_of(claim) == claim.version


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_the_same_version_at_once_lose_no_update():
    """Row locks (PostgreSQL) or the write lock of BEGIN IMMEDIATE (SQLite): the second
    writer waits, then sees the new version and is told so."""
    claim = ClaimFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def edit(text):
        try:
            barrier.wait(timeout=5)
            services.claim_update(claim=claim, user=claim.author, expected_version=1, text=text)
            outcomes.append("saved")
        except StaleEdit as exc:
            outcomes.append(("stale", exc.claim.version))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("Premier.", "Second.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert sorted(outcomes, key=str) == [("stale", 2), "saved"]
    claim.refresh_from_db()
    assert claim.version == 2
    assert claim.text in {"Premier.", "Second."}


# --- The database refuses what the services would -----------------------------------------


def test_database_refuses_a_claim_whose_start_is_not_before_its_end(reviewer):
    article = ArticleFactory()
    for start, end in ((10, 10), (20, 10)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.create(
                article=article, author=reviewer, start=start, end=end, quote="q", text="t"
            )
    assert not Claim.objects.exists()


def test_database_refuses_a_claim_with_empty_text_or_quote(reviewer):
    article = ArticleFactory()
    for fields in ({"quote": "", "text": "t"}, {"quote": "q", "text": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Claim.objects.create(article=article, author=reviewer, start=0, end=5, **fields)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/x"]
)
def test_database_refuses_evidence_with_a_non_web_url(url):
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            claim=claim, url=url, title="T", stance="supports", added_by=claim.author
        )


def test_database_refuses_evidence_with_an_unknown_stance_or_no_title():
    claim = ClaimFactory()
    for fields in ({"stance": "agrees", "title": "T"}, {"stance": "supports", "title": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(
                claim=claim, url="https://example.org", added_by=claim.author, **fields
            )


def test_database_refuses_a_verdict_with_an_unknown_rating():
    claim = ClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=claim, rating="pants_on_fire", rationale="R.", author=claim.author
        )


def test_database_refuses_two_verdicts_with_the_same_claim_and_version():
    verdict = VerdictFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=verdict.claim,
            version=verdict.version,
            rating="true",
            rationale="Doublon.",
            author=verdict.author,
        )
    assert Verdict.objects.count() == 1


def test_database_refuses_a_claim_with_an_unknown_status(reviewer):
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(
            article=article,
            author=reviewer,
            start=0,
            end=5,
            quote="Budge",
            text="t",
            status="published",
        )
