"""factory_boy factories. Articles are made through the import service, as users make them."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from annotations import importing, services
from annotations.models import Article, Claim, Evidence, Verdict
from annotations.permissions import MODERATORS, REVIEWERS

PASSWORD = "correct horse battery staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=[REVIEWERS])``; subclasses name their default roles."""
        names = extracted if extracted is not None else kwargs.get("default", ())
        for name in names:
            # get_or_create: transactional tests flush the groups the migration made.
            self.groups.add(Group.objects.get_or_create(name=name)[0])


class ReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")
    roles__default = (REVIEWERS,)


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")
    roles__default = (MODERATORS,)


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


FRENCH_PARAGRAPHS = (
    "Le gouvernement a présenté mardi un budget en hausse de 3,5 % pour la défense. "
    "Selon le ministre, « cet effort est indispensable ».",
    "L’opposition dénonce un texte « insincère ». Elle réclame une commission d’enquête.",
)


class ArticleFactory(factory.Factory):
    """Builds an Article through ``services.article_import`` (sentences included)."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Budget de la défense : ce que prévoit le texte n°{n}")
    paragraphs = FRENCH_PARAGRAPHS
    language = "fr"
    publisher = "Le Quotidien"
    author = ""
    source_url = ""
    published_at = None
    tags = ()
    imported_by = None

    @classmethod
    def _create(cls, model_class, *, paragraphs, imported_by, **fields):
        parsed = importing.parse_pasted(text="\n\n".join(paragraphs), **fields)
        result = services.article_import(
            parsed=parsed, import_format=Article.ImportFormat.PASTED, imported_by=imported_by
        )
        return result.article


# --- Claims, evidence, verdicts: made through the services, as reviewers make them --------


class ClaimFactory(factory.Factory):
    """A draft claim made through ``services.claim_create`` over a real span of an article.

    By default it highlights the whole of sentence ``sentence`` (1 is the first sentence
    after the headline); give ``start`` and ``end`` for any other span. The quote is
    taken from the body, as the browser would send it.
    """

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    author = factory.SubFactory(ReviewerFactory)
    sentence = 1
    start = None
    end = None
    text = factory.Sequence(lambda n: f"Le budget de la défense augmente de 3,5 % (n°{n}).")
    claimant = "Le gouvernement"

    @classmethod
    def _create(cls, model_class, *, article, author, sentence, start, end, text, claimant):
        if start is None and end is None:
            span = article.sentences.get(position=sentence)
            start, end = span.start, span.end
        return services.claim_create(
            article=article,
            author=author,
            start=start,
            end=end,
            quote=article.body[start:end],
            text=text,
            claimant=claimant,
        )


def _refresh_version(claim: Claim) -> None:
    """Services bump the version of the row they lock, not of the caller's object."""
    claim.refresh_from_db(fields=["version", "updated_at", "status"])


class EvidenceFactory(factory.Factory):
    """Evidence added through ``services.evidence_add`` by the claim's author.

    The ``claim`` object given is refreshed afterwards, so that ``claim.version`` is the
    version the next edit must expect.
    """

    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    added_by = factory.LazyAttribute(lambda o: o.claim.author)
    url = factory.Sequence(lambda n: f"https://www.insee.fr/fr/statistiques/{n}")
    title = factory.Sequence(lambda n: f"Projet de loi de finances, annexe {n}")
    stance = Evidence.Stance.REFUTES
    publisher = "Insee"
    published_on = None
    quote = ""

    @classmethod
    def _create(cls, model_class, *, claim, added_by, **fields):
        evidence = services.evidence_add(
            claim=claim, user=added_by, data=services.EvidenceInput(**fields)
        )
        _refresh_version(claim)
        return evidence


class VerdictFactory(factory.Factory):
    """The claim's verdict, set through ``services.verdict_set`` by the claim's author.

    The ``claim`` object given is refreshed afterwards, as with ``EvidenceFactory``.
    """

    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    author = factory.LazyAttribute(lambda o: o.claim.author)
    rating = Verdict.Rating.MOSTLY_FALSE
    rationale = "La hausse est de **3,1 %** selon le [projet de loi](https://www.example.org/plf)."

    @classmethod
    def _create(cls, model_class, *, claim, author, rating, rationale):
        _refresh_version(claim)
        verdict = services.verdict_set(
            claim=claim,
            user=author,
            expected_version=claim.version,
            rating=rating,
            rationale=rationale,
        )
        _refresh_version(claim)
        return verdict


# --- Claims further along the workflow: made through the moderation services ----------------


def ready_claim(**kwargs) -> Claim:
    """A draft with one piece of evidence and a verdict: all that submitting needs.

    Keyword arguments go to ``ClaimFactory`` (``author=...`` for instance).
    """
    claim = ClaimFactory(**kwargs)
    EvidenceFactory(claim=claim)
    VerdictFactory(claim=claim)
    return claim


def submitted_claim(**kwargs) -> Claim:
    """A claim in review: ``ready_claim`` submitted by its author (one open review)."""
    claim = ready_claim(**kwargs)
    return services.claim_submit(claim=claim, user=claim.author)


def published_claim(*, moderator=None, **kwargs) -> Claim:
    """A claim approved and published by ``moderator`` (a new moderator unless given)."""
    claim = submitted_claim(**kwargs)
    return services.claim_approve(claim=claim, moderator=moderator or ModeratorFactory())


def pending_correction(
    claim: Claim,
    *,
    author=None,
    note: str = "La hausse est de 3,1 %, pas de 3,5 %.",
    rating: str = Verdict.Rating.FALSE,
    submit: bool = False,
) -> Verdict:
    """A correction of a published claim by ``author`` (a new reviewer unless given):
    started, its verdict set with a correction note (unless ``note`` is empty), and
    submitted for review if ``submit``. Returns the correction's verdict, refreshed."""
    author = author or ReviewerFactory()
    verdict = services.correction_start(claim=claim, user=author)
    if note:
        current = Claim.objects.get(pk=claim.pk)
        services.verdict_set(
            claim=current,
            user=author,
            expected_version=current.version,
            rating=rating,
            rationale=f"{verdict.rationale}\n\nCorrigé : {note}",
            correction_note=note,
        )
    if submit:
        services.claim_submit(claim=claim, user=author)
    verdict.refresh_from_db()
    return verdict


# --- New versions of an article's text ---------------------------------------------------


def edited_text(article: Article, edits: dict[str, str]) -> importing.ParsedArticle:
    """The article's current text with each ``old -> new`` of ``edits`` applied once (the
    headline included), parsed as pasted text of its language."""
    body = article.body
    for old, new in edits.items():
        assert old in body, old
        body = body.replace(old, new, 1)
    title, _, text = body.partition("\n\n")
    return importing.parse_pasted(title=title, text=text, language=article.language)


def new_version(article: Article, edits: dict[str, str], *, user=None, force: bool = False):
    """``services.article_new_version`` of the article edited by ``edits``, imported by
    ``user`` (a new reviewer unless given). Returns the service's result."""
    return services.article_new_version(
        article=Article.objects.get(pk=article.pk),
        parsed=edited_text(article, edits),
        import_format=Article.ImportFormat.PASTED,
        imported_by=user or ReviewerFactory(),
        force=force,
    )


class ExternalFactCheckFactory(DjangoModelFactory):
    """Another organisation's fact-check, as an import stores it."""

    class Meta:
        model = "annotations.ExternalFactCheck"

    claim = "Vaccines cause autism."
    rating = "False"
    review_url = factory.Sequence(lambda n: f"https://checker.example/reviews/{n}")
    organisation = "Checker"
    published_on = factory.Faker("date_object")
    language = "en"
    source = "feed.json"
