"""Every read of the domain: pages, the API, exports and feeds, each a fixed number of queries.

The numbers of queries are pinned by the tests."""

from __future__ import annotations

import difflib
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from datetime import date as date_type
from itertools import pairwise

import numpy as np
from django.conf import settings
from django.db import connections, router
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken

from annotations import anchoring, fulltext, matching
from annotations.fulltext import EXTERNAL, KINDS, OURS, search_condition
from annotations.importing import content_hash
from annotations.importing.language import detect_language
from annotations.models import (
    BLIND_ACTIVE_STATUSES,
    PUBLIC_STATUSES,
    AnchorState,
    Article,
    ArticleVersion,
    BlindReview,
    Claim,
    ClaimEvent,
    Evidence,
    ExternalFactCheck,
    FactCheckVector,
    IdempotencyKey,
    Notification,
    Profile,
    PublicRevision,
    Review,
    SameClaim,
    Sentence,
    Verdict,
)


def count_of(queryset: QuerySet, outer_field: str = "article") -> Coalesce:
    """A correlated COUNT(*) subquery: counts without multiplying joined rows."""
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .values(outer_field)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def article_list() -> QuerySet[Article]:
    """Articles, newest import first, with sentence and claim counts per status, and tags.

    Two queries a page: the articles (counts as subqueries) and their tags.
    """
    counts = {
        f"{status}_count": count_of(Claim.objects.filter(status=status))
        for status in Claim.Status.values
    }
    return (
        Article.objects.select_related("imported_by")
        .prefetch_related("tags")
        .annotate(sentence_count=count_of(Sentence.objects.all()), **counts)
        .defer("body")
        .order_by("-imported_at", "-id")
    )


def article_detail(pk: int) -> Article:
    """One article with who imported it (1 query); ``Article.DoesNotExist`` if none."""
    return Article.objects.select_related("imported_by").get(pk=pk)


def article_tags(article: Article) -> list:
    """The article's tags, by name (1 query)."""
    return list(article.tags.all())


def matching_article(parsed) -> Article | None:
    """The article a parsed text may be a new version of: the latest with its source URL,
    else with its publisher and title (case aside); None when there is none (1-2
    queries)."""
    articles = Article.objects.defer("body").order_by("-imported_at", "-id")
    if parsed.source_url:
        found = articles.filter(source_url=parsed.source_url).first()
        if found is not None:
            return found
    if parsed.publisher and parsed.title:
        return articles.filter(
            publisher__iexact=parsed.publisher, title__iexact=parsed.title
        ).first()
    return None


def version_of_text(article: Article, parsed) -> int | None:
    """The number of the article's version whose title and body are ``parsed``'s, if any
    (1 query)."""
    return (
        ArticleVersion.objects.filter(
            article=article, content_hash=content_hash(parsed.title, parsed.body)
        )
        .values_list("number", flat=True)
        .first()
    )


def evidence_detail(pk: int) -> Evidence:
    """One piece of evidence with its claim (1 query); ``Evidence.DoesNotExist`` if none."""
    return Evidence.objects.select_related("claim").get(pk=pk)


def _verdict_versions() -> Prefetch:
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.select_related("author").order_by("-version"),
        to_attr="verdict_versions",
    )


def latest_verdict(claim: Claim) -> Verdict | None:
    """The claim's latest verdict version, whatever its status (a draft's, a pending
    correction's); read from ``verdict_versions`` when a selector prefetched them."""
    versions = getattr(claim, "verdict_versions", None)
    if versions is None:
        return claim.verdicts.order_by("-version").first()
    return versions[0] if versions else None


def article_claims(article: Article) -> list[Claim]:
    """An article's claims in reading order with author and current verdict (2 queries).

    The annotate page shows each verdict's rating only: its versions are read without
    their authors or texts (a long report has a thousand claims)."""
    ratings = Prefetch(
        "verdicts",
        queryset=Verdict.objects.only("id", "claim_id", "version", "rating", "status").order_by(
            "-version"
        ),
        to_attr="verdict_versions",
    )
    claims = list(
        Claim.objects.filter(article=article)
        .select_related("author")
        .prefetch_related(ratings)
        .order_by("start", "end", "id")
    )
    for claim in claims:
        claim.verdict = latest_verdict(claim)
    return claims


def claim_detail(pk: int) -> Claim:
    """One claim with its article, author, evidence and current verdict (3 queries)."""
    claim = (
        Claim.objects.select_related("article", "author")
        .prefetch_related(
            _verdict_versions(),
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by")),
        )
        .get(pk=pk)
    )
    claim.verdict = latest_verdict(claim)
    return claim


def my_claims(user) -> QuerySet[Claim]:
    """Every claim of the user, whatever its state, most recently changed first, with its
    article, verdict versions, the moderators' sendings back (latest first) and its
    evidence count (3 queries a page)."""
    return (
        Claim.objects.filter(author=user)
        .select_related("article")
        .prefetch_related(
            _verdict_versions(),
            Prefetch(
                "reviews",
                queryset=Review.objects.filter(decision=Review.Decision.CHANGES_REQUESTED)
                .select_related("decided_by")
                .order_by("-decided_at", "-id"),
                to_attr="sent_back",
            ),
        )
        .annotate(evidence_count=count_of(Evidence.objects.all(), "claim"))
        .defer("article__body")
        .order_by("-updated_at", "-id")
    )


def my_claim_states(user) -> dict[str, int]:
    """How many claims of the user are in each state (1 query)."""
    rows = Claim.objects.filter(author=user).order_by().values_list("status").annotate(n=Count("*"))
    return dict(rows)


def my_claim_articles(user) -> list[tuple[int, str, str]]:
    """The articles the user has claims on, as (id, title, language), newest import
    first (1 query)."""
    return list(
        Article.objects.filter(pk__in=Claim.objects.filter(author=user).values("article_id"))
        .order_by("-imported_at", "-id")
        .values_list("id", "title", "language")
    )


# --- The article as sentences, with claims as highlights -----------------------------


@dataclass(frozen=True)
class Segment:
    text: str
    claims: tuple[Claim, ...]


@dataclass
class SentenceView:
    position: int
    start: int
    end: int
    paragraph: int
    is_headline: bool
    text: str
    segments: list[Segment] = field(default_factory=list)
    gap_after: str = ""  # the body's white space up to the next sentence of the paragraph


@dataclass
class ParagraphView:
    number: int
    is_headline: bool
    sentences: list[SentenceView]


def _segments(body: str, start: int, end: int, active: list[Claim]) -> list[Segment]:
    """Cut ``body[start:end]`` where claims begin or end; each piece knows its claims."""
    if not active:
        return [Segment(body[start:end], ())]
    cuts = {start, end}
    for claim in active:
        if start < claim.start < end:
            cuts.add(claim.start)
        if start < claim.end < end:
            cuts.add(claim.end)
    points = sorted(cuts)
    return [
        Segment(body[a:b], tuple(c for c in active if c.start <= a and c.end >= b))
        for a, b in pairwise(points)
    ]


def article_sentences(article: Article, claims: list[Claim] | None = None) -> list[ParagraphView]:
    """The article's sentences grouped by paragraph, cut into highlighted segments (1 query).

    ``claims`` must be sorted by start. A sweep over sentences and claims keeps this
    linear in their number (plus the overlaps), for 2,000-sentence reports too.
    """
    body = article.body
    claims = claims or []
    paragraphs: list[ParagraphView] = []
    rows = (
        Sentence.objects.filter(article=article)
        .order_by("position")
        .values_list("position", "start", "end", "paragraph", "is_headline")
    )
    next_claim = 0
    active: list[Claim] = []
    previous: SentenceView | None = None
    for position, start, end, paragraph, is_headline in rows:
        while next_claim < len(claims) and claims[next_claim].start < end:
            active.append(claims[next_claim])
            next_claim += 1
        active = [c for c in active if c.end > start]
        sentence = SentenceView(
            position,
            start,
            end,
            paragraph,
            is_headline,
            body[start:end],
            _segments(body, start, end, [c for c in active if c.start < end]),
        )
        if not paragraphs or paragraphs[-1].number != paragraph:
            paragraphs.append(ParagraphView(paragraph, is_headline, []))
        elif previous is not None:
            previous.gap_after = body[previous.end : start]
        paragraphs[-1].sentences.append(sentence)
        previous = sentence
    return paragraphs


# --- Moderation, history, inbox, public pages ----------------------------------------


def moderation_queue() -> QuerySet[Verdict]:
    """Verdict versions waiting for a moderator, oldest first (2 queries).

    The quote's context comes from the claim's stored prefix and suffix, so no article
    body is read: a queue of claims from long reports stays light.
    """
    return (
        Verdict.objects.filter(status=Verdict.Status.IN_REVIEW)
        .select_related("author", "claim__author", "claim__article")
        .defer("claim__article__body")
        .prefetch_related(
            Prefetch("claim__evidence", queryset=Evidence.objects.order_by("added_at", "id"))
        )
        .order_by("updated_at", "id")
    )


def moderation_count() -> int:
    """How many verdict versions wait for a moderator: the queue's length, for the
    header (1 query, a count on the queue's index)."""
    return Verdict.objects.filter(status=Verdict.Status.IN_REVIEW).count()


def claim_timeline(claim: Claim) -> QuerySet:
    """The claim's history, oldest first, with each actor (1 query)."""
    return (
        ClaimEvent.objects.filter(claim=claim).select_related("actor").order_by("created_at", "id")
    )


def claim_reviews(claim: Claim) -> list[Review]:
    """Decided reviews of the claim, newest first (the moderators' comments)."""
    return list(
        Review.objects.filter(claim=claim)
        .exclude(decision=Review.Decision.OPEN)
        .select_related("decided_by")
        .order_by("-decided_at", "-id")
    )


def inbox(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("claim", "actor")
        .order_by("-created_at", "-id")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# Who checked and who approved each published verdict, with the name they sign with:
# joined to the verdicts' query (no query per claim).
SIGNATURES = ("author__profile", "approved_by__profile")


def _published_verdicts() -> Prefetch:
    return Prefetch(
        "verdicts",
        queryset=Verdict.objects.filter(status=Verdict.Status.PUBLISHED)
        .select_related(*SIGNATURES)
        .order_by("-version"),
        to_attr="published_verdicts",
    )


def profile_of(user) -> Profile:
    """The user's profile, unsaved (empty: they sign with the team's name) when they
    never set one."""
    try:
        return Profile.objects.get(user=user)
    except Profile.DoesNotExist:
        return Profile(user=user)


def last_public_change():
    """When the claim's public version last changed: its first publication, its latest
    published correction, its retraction, or a new version of the article that changed
    its passage (never a draft's edit). A SQL expression."""
    latest_verdict = (
        Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED)
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    return Greatest(
        F("published_at"),
        Coalesce("retracted_at", "published_at"),
        Coalesce(Subquery(latest_verdict), "published_at"),
        Coalesce("passage_changed_at", "published_at"),
    )


def current_rating() -> Subquery:
    """The rating of the claim's latest published verdict (a correlated subquery)."""
    return Subquery(
        Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED)
        .order_by("-version")
        .values("rating")[:1]
    )


def checked_version_date() -> Subquery:
    """When the version of the article that the claim's published verdict checked was
    imported (a correlated subquery on the versions' unique index)."""
    # No ordering (one row at most): the model's own ordering, by the article's, joined
    # the articles and sorted for each claim of a page, a third of the page's query.
    return Subquery(
        ArticleVersion.objects.filter(
            article=OuterRef("article_id"), number=OuterRef("checked_version")
        )
        .order_by()
        .values("imported_at")[:1]
    )


def public_claim_rows_queryset() -> QuerySet[Claim]:
    """Public claims, with nothing joined or prefetched: for ``.values()`` reads.

    Public claims always have a date (a check constraint); saying so lets the database
    read them from the feed index, in order."""
    return Claim.objects.filter(status__in=PUBLIC_STATUSES, published_at__isnull=False)


def public_claim_rows() -> QuerySet[Claim]:
    """Public claims with ``current_rating`` and ``last_change``, in one query: the rows
    of the API's claim list (read with ``.values()``) and of an article's claims."""
    return public_claim_rows_queryset().annotate(
        current_rating=current_rating(),
        last_change=last_public_change(),
        checked_version_at=checked_version_date(),
        current_version=F("article__current_version"),
        has_same_as=has_same_as(),
    )


def has_same_as() -> Exists:
    """Whether the claim is marked as the same claim as a fact-check (its links' index):
    the marks' own query is made only for claims that have some."""
    return Exists(SameClaim.objects.filter(claim_id=OuterRef("pk")))


def public_claims_rated() -> QuerySet[Claim]:
    """Public claims with ``current_rating`` only: what the public list's counts per
    rating and by month are grouped from."""
    return public_claim_rows_queryset().annotate(current_rating=current_rating())


def public_claims() -> QuerySet[Claim]:
    """Published, corrected and retracted claims, newest publication first (2 queries a
    page), each with ``current_rating``: the rating of its latest published verdict."""
    return (
        public_claim_rows_queryset()
        .annotate(current_rating=current_rating(), checked_version_at=checked_version_date())
        .select_related("article")
        .defer("article__body")
        .prefetch_related(_published_verdicts())
        .order_by("-published_at", "-id")
    )


def public_claim(pk: int) -> Claim:
    """One public claim with its article, evidence, every published verdict version and
    ``last_change``."""
    return (
        Claim.objects.filter(status__in=PUBLIC_STATUSES)
        .annotate(last_change=last_public_change(), checked_version_at=checked_version_date())
        .select_related("article")
        .prefetch_related(_published_verdicts(), "evidence")
        .get(pk=pk)
    )


def public_claims_by_id(ids) -> list[Claim]:
    """The public claims of ``ids`` as ``public_claim`` reads one (evidence aside), in a
    fixed number of queries (2): what the webhooks send about each."""
    return list(
        Claim.objects.filter(status__in=PUBLIC_STATUSES, pk__in=list(ids))
        .annotate(last_change=last_public_change(), checked_version_at=checked_version_date())
        .select_related("article")
        .defer("article__body")
        .prefetch_related(_published_verdicts())
        .order_by("id")
    )


# --- Queries compiled once ---------------------------------------------------------------------


def _sqlite_utc_datetime(value, expression, connection):
    """SQLite's ``convert_datetimefield_value`` when the database's time zone is UTC
    (Django's default): the stored text or the naive datetime that sqlite3 gives, made
    aware in UTC. The same values (``tests/api/test_compiled_queries.py`` compares the
    compiled reads with the ORM's) for a quarter of the time: a page of claims converts
    a hundred, which took a tenth of a claims list's time."""
    if value is None:
        return None
    if type(value) is str:
        try:
            value = datetime.fromisoformat(value)
        except ValueError:  # another of the forms Django reads
            value = parse_datetime(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _quicker_converters(converters: dict, connection) -> dict:
    """``converters`` (``SQLCompiler.get_converters``) with SQLite's datetime converter
    replaced by ``_sqlite_utc_datetime`` where it gives the same values."""
    if connection.vendor != "sqlite" or connection.timezone is not UTC:
        return converters
    slow = type(connection.ops).convert_datetimefield_value
    return {
        index: (
            [
                _sqlite_utc_datetime if getattr(function, "__func__", None) is slow else function
                for function in functions
            ],
            expression,
        )
        for index, (functions, expression) in converters.items()
    }


class CompiledRows:
    """A ``.values()`` query that the ORM builds and compiles once (per thread and
    database), then run again as SQL with other values for its parameters, its rows
    converted as the ORM converts them.

    Profiled (a miss of the API's claim list and detail): building the querysets and
    compiling them to SQL took about half of each request, more than the database took to
    answer. ``build`` makes the queryset with ``markers``, one odd value per parameter
    (an id, a date), whose places in the compiled parameters are found once; ``rows``
    puts the request's values there. ``suffix`` is SQL added at the end (``LIMIT``).
    """

    def __init__(self, build, *markers, field=None):
        self._build = build
        self._markers = markers
        self._field = field  # the model field that adapts the markers' values, if not ints
        self._local = threading.local()

    def _adapt(self, value, connection, marker):
        if self._field is None or isinstance(marker, str):  # a text's place takes it as it is
            return value
        prepared = self._field.get_prep_value(value)
        return self._field.get_db_prep_value(prepared, connection, prepared=True)

    def _alias(self) -> str:
        """The database this read goes to now: a replica for a public read when there are
        replicas (factcheck/replicas.py), else the primary. Asked at every run, never
        kept with the compiled query."""
        model = getattr(self, "_model", None)
        if model is None:
            model = self._model = self._build(*self._markers).model
        return router.db_for_read(model)

    def _compiled(self):
        alias = self._alias()
        by_alias = getattr(self._local, "compiled", None)
        if by_alias is None:
            by_alias = self._local.compiled = {}
        compiled = by_alias.get(alias)
        if compiled is None:
            queryset = self._build(*self._markers).using(alias)
            compiler = queryset.query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            params = list(params)
            places = [params.index(self._adapt(m, compiler.connection, m)) for m in self._markers]
            query = queryset.query  # the names as ValuesIterable reads them
            names = list(query.selected or ())
            names = names or [*query.extra_select, *query.values_select, *query.annotation_select]
            # As ``results_iter`` finds them, once: looking them up was a tenth of a list.
            converters = _quicker_converters(
                compiler.get_converters(
                    [column[0] for column in compiler.select[: compiler.col_count]]
                ),
                compiler.connection,
            )
            compiled = by_alias[alias] = (compiler, sql, params, places, names, converters)
        return compiled

    def rows(self, *values, suffix: str = "", suffix_params: tuple = ()) -> list[dict]:
        compiler, sql, params, places, names, converters = self._compiled()
        params = list(params)
        for place, value, marker in zip(places, values, self._markers, strict=True):
            params[place] = self._adapt(value, compiler.connection, marker)
        with compiler.connection.cursor() as cursor:
            cursor.execute(sql + suffix, (*params, *suffix_params))
            fetched = cursor.fetchall()
        if converters:
            fetched = compiler.apply_converters(fetched, converters)
        return [dict(zip(names, row, strict=True)) for row in fetched]


# An id no row has (ids are positive), marking where a query's id goes.
_ID_MARKER = -7_654_321


class CompiledForIds:
    """A ``.values()`` query over a list of ids (``build(ids)``), compiled once per number
    of ids up to ``up_to`` (``CompiledRows``: each id's place marked by an id that no row
    has), built by the ORM each time beyond: a page of claims' marks, the fact-checks that
    claim matching found."""

    def __init__(self, build, *, up_to: int = 100):
        self._build = build
        self.up_to = up_to
        self._by_count: dict[int, CompiledRows] = {}

    def rows(self, ids) -> list[dict]:
        ids = list(ids)
        if not ids:
            return []
        if len(ids) > self.up_to:
            return list(self._build(ids))
        query = self._by_count.get(len(ids))
        if query is None:
            markers = [_ID_MARKER - place for place in range(len(ids))]
            query = self._by_count[len(ids)] = CompiledRows(
                lambda *marked: self._build(list(marked)), *markers
            )
        return query.rows(*ids)


# Marks the place of a date in a compiled query (a date no claim has).
_DATE_MARKER = datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)


# Marks the places of a search's parameters in a compiled query (no search holds them).
_SEARCH_MARKER = "\x00search-{}\x00"


class PublicFeedRows:
    """The public claims' rows (``public_claim_rows``, read with ``.values(*fields)``) as
    DRF's cursor pagination reads a queryset: ``order_by`` the ordering, ``filter`` on the
    position of the cursor (``published_at__lt`` or ``__gt``), then one slice. Each shape
    is compiled once (``CompiledRows``), the slice added as ``LIMIT``/``OFFSET``: the
    claim list without filters, its first page and its cursors' pages; and with ``search``,
    the API's ``q=`` alone (``fulltext.search_condition``: one shape per database, and on
    SQLite per kind of search, its parameters put in at each run)."""

    _compiled: dict = {}  # (fields, ordering, lookup, search SQL) -> CompiledRows, shared

    def __init__(
        self, fields: tuple, ordering: tuple = (), lookup: tuple | None = None, search: str = ""
    ):
        self.fields, self.ordering, self.lookup, self.search = fields, ordering, lookup, search

    def order_by(self, *ordering) -> PublicFeedRows:
        return PublicFeedRows(self.fields, ordering, self.lookup, self.search)

    def filter(self, **lookups) -> PublicFeedRows:
        ((name, value),) = lookups.items()
        if name not in ("published_at__lt", "published_at__gt"):
            raise ValueError(f"Not a position of the feed: {name}")
        return PublicFeedRows(self.fields, self.ordering, (name, value), self.search)

    def _search(self) -> tuple[str, list[str]]:
        if not self.search:
            return "", []
        return search_condition(self.search, connections[router.db_for_read(Claim)])

    def _query(self, search_sql: str, search_count: int) -> CompiledRows:
        name = self.lookup[0] if self.lookup else None
        key = (self.fields, self.ordering, name, search_sql)
        query = self._compiled.get(key)
        if query is None:

            def build(*markers):
                rows = public_claim_rows().order_by(*self.ordering)
                if name:
                    rows = rows.filter(**{name: markers[0]})
                if search_sql:
                    found = RawSQL(search_sql, markers[-search_count:], output_field=BooleanField())  # noqa: S611
                    rows = rows.filter(found)
                return rows.values(*self.fields)

            markers = (_DATE_MARKER,) if name else ()
            markers += tuple(_SEARCH_MARKER.format(place) for place in range(search_count))
            query = CompiledRows(build, *markers, field=Claim._meta.get_field("published_at"))
            self._compiled[key] = query
        return query

    def __getitem__(self, window: slice) -> list[dict]:
        search_sql, search_params = self._search()
        values = (self.lookup[1],) if self.lookup else ()
        limit = window.stop - window.start
        return self._query(search_sql, len(search_params)).rows(
            *values,
            *search_params,
            suffix=" LIMIT %s OFFSET %s",
            suffix_params=(limit, window.start),
        )


def _detail_row_query(fields: tuple):
    def build(pk):
        return (
            public_claim_rows_queryset()
            .annotate(
                last_change=last_public_change(),
                checked_version_at=checked_version_date(),
                current_version=F("article__current_version"),
                has_same_as=has_same_as(),
            )
            .filter(pk=pk)
            .order_by()
            .values(*fields)
        )

    return CompiledRows(build, _ID_MARKER)


def _detail_verdicts_query(fields: tuple):
    def build(pk):
        return (
            Verdict.objects.filter(claim_id=pk, status=Verdict.Status.PUBLISHED)
            .order_by("-version")
            .values(*fields)
        )

    return CompiledRows(build, _ID_MARKER)


def _detail_evidence_query(fields: tuple):
    def build(pk):
        return Evidence.objects.filter(claim_id=pk).order_by("added_at", "id").values(*fields)

    return CompiledRows(build, _ID_MARKER)


@functools.cache
def _detail_queries(fields: tuple, verdict_fields: tuple, evidence_fields: tuple):
    return (
        _detail_row_query(fields),
        _detail_verdicts_query(verdict_fields),
        _detail_evidence_query(evidence_fields),
    )


def public_claim_detail_rows(
    pk: int, *, fields: tuple, verdict_fields: tuple, evidence_fields: tuple
) -> tuple[dict, list[dict], list[dict]]:
    """One public claim as ``.values()`` rows (3 queries, each compiled once): the claim
    with its article's columns, its published verdict versions (newest first), its
    evidence in the order it was added. Raises ``Claim.DoesNotExist`` when the claim is
    not public."""
    claim, verdicts, evidence = _detail_queries(fields, verdict_fields, evidence_fields)
    rows = claim.rows(pk)
    if not rows:
        raise Claim.DoesNotExist(pk)
    return rows[0], verdicts.rows(pk), evidence.rows(pk)


def export_rows() -> QuerySet[Claim]:
    """Public claims with their article, current rating and rationale, and last change
    (one query; the exports stream them)."""
    latest = Verdict.objects.filter(claim=OuterRef("pk"), status=Verdict.Status.PUBLISHED).order_by(
        "-version"
    )
    return (
        public_claims()
        .prefetch_related(None)
        .annotate(
            current_rationale=Subquery(latest.values("rationale")[:1]),
            last_change=last_public_change(),
        )
    )


def _public_claims_of_article() -> QuerySet[Claim]:
    return Claim.objects.filter(article=OuterRef("pk"), status__in=PUBLIC_STATUSES)


def public_articles() -> QuerySet[Article]:
    """Articles with at least one public claim, with ``public_claim_count`` (one query)."""
    return (
        Article.objects.filter(Exists(_public_claims_of_article()))
        .annotate(public_claim_count=count_of(Claim.objects.filter(status__in=PUBLIC_STATUSES)))
        .defer("body")
    )


def public_articles_with_claims() -> QuerySet[Article]:
    """``public_articles``, each with ``public_claims``: the rows of its public claims in
    reading order, and ``text_versions``: its versions' numbers and dates (3 queries)."""
    claims = public_claim_rows().order_by("start", "end", "id")
    versions = ArticleVersion.objects.only("id", "article_id", "number", "imported_at").order_by(
        "number"
    )
    return public_articles().prefetch_related(
        Prefetch("claims", queryset=claims, to_attr="public_claims"),
        Prefetch("versions", queryset=versions, to_attr="text_versions"),
    )


def public_article_version(pk: int, number: int) -> ArticleVersion:
    """Version ``number`` of article ``pk``, when the article has a public claim (1
    query); ``ArticleVersion.DoesNotExist`` otherwise."""
    return (
        ArticleVersion.objects.filter(article_id=pk, number=number)
        .filter(
            Exists(Claim.objects.filter(article=OuterRef("article"), status__in=PUBLIC_STATUSES))
        )
        .select_related("article")
        .only("article_id", "number", "title", "body", "imported_at", "article__current_version")
        .get()
    )


def user_tokens(user) -> QuerySet:
    """The user's API tokens, newest first (key prefix and dates only; never the digest)."""
    return (
        AuthToken.objects.filter(user=user)
        .order_by("-created")
        .only("token_key", "created", "expiry")
    )


def export_rows_with_evidence() -> QuerySet[Claim]:
    """``export_rows``, each claim with its ``evidence`` in the order it was added (one
    more query per chunk of claims streamed)."""
    return export_rows().prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "id"))
    )


def article_bodies() -> QuerySet[Article]:
    """Every article with only its id and body: where a new claim's quote is found."""
    return Article.objects.only("id", "body")


def public_article_choices() -> QuerySet[Article]:
    """Articles with at least one public claim, by title, id and title only: the article
    filter of the public list (1 query)."""
    return (
        Article.objects.filter(Exists(_public_claims_of_article()))
        .only("id", "title")
        .order_by("title")
    )


def idempotent_answer(user, key: str, *, since: datetime) -> IdempotencyKey | None:
    """The answer stored for the user's ``Idempotency-Key`` since ``since``; None when
    there is none (never sent, refused, rolled back, or expired) (1 query)."""
    return IdempotencyKey.objects.filter(user=user, key=key, created_at__gte=since).first()


# --- Versions of an article's text ---------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """Where the annotate page highlights a claim in the current text: its span, or the
    span proposed for its changed passage (a removed passage has none)."""

    pk: int
    status: str
    verdict: Verdict | None
    start: int
    end: int
    anchor_state: str


def highlights(claims: list[Claim]) -> list[Highlight]:
    """The claims' highlights in the current text, sorted by start (no query)."""
    marks = []
    for claim in claims:
        if claim.anchor_state == AnchorState.CHANGED:
            start, end = claim.proposed_start, claim.proposed_end
        elif claim.anchor_state == AnchorState.REMOVED:
            continue
        else:
            start, end = claim.start, claim.end
        verdict = getattr(claim, "verdict", None)
        marks.append(Highlight(claim.pk, claim.status, verdict, start, end, claim.anchor_state))
    return sorted(marks, key=lambda mark: (mark.start, mark.end, mark.pk))


def article_versions(article: Article) -> list[ArticleVersion]:
    """The article's versions, first to last, with who imported each; their texts are
    left out (1 query)."""
    return list(
        ArticleVersion.objects.filter(article=article)
        .select_related("imported_by")
        .defer("body", "sentence_spans")
        .order_by("number")
    )


def article_version(article: Article, number: int) -> ArticleVersion:
    """Version ``number`` of the article, with its text (1 query);
    ``ArticleVersion.DoesNotExist`` if there is none."""
    return ArticleVersion.objects.select_related("imported_by").get(article=article, number=number)


def version_paragraphs(version: ArticleVersion) -> list[ParagraphView]:
    """A version's text as the annotate page shows one, without claims (no query)."""
    body = version.body
    paragraphs: list[ParagraphView] = []
    previous: SentenceView | None = None
    for position, (start, end, paragraph) in enumerate(version.sentence_spans):
        sentence = SentenceView(
            position,
            start,
            end,
            paragraph,
            paragraph == 0,
            body[start:end],
            [Segment(body[start:end], ())],
        )
        if not paragraphs or paragraphs[-1].number != paragraph:
            paragraphs.append(ParagraphView(paragraph, paragraph == 0, []))
        elif previous is not None:
            previous.gap_after = body[previous.end : start]
        paragraphs[-1].sentences.append(sentence)
        previous = sentence
    return paragraphs


@dataclass(frozen=True)
class SentenceChange:
    """One line of a comparison of two versions, by sentence: ``kind`` is difflib's
    ``equal`` (``count`` sentences kept, ``old`` the first of them), ``insert``,
    ``delete`` or ``replace`` (``words``: the word diff of the old and new sentence)."""

    kind: str
    old: str = ""
    new: str = ""
    count: int = 1
    words: tuple = ()


def _sentences(version: ArticleVersion) -> list[str]:
    return [version.body[start:end] for start, end, _ in version.sentence_spans]


def versions_compared(article: Article, old: int, new: int) -> list[SentenceChange]:
    """What changed from version ``old`` to version ``new``, sentence by sentence (1
    query); ``ArticleVersion.DoesNotExist`` when one is missing.

    difflib over the two lists of sentences; a replaced block pairs its sentences in
    order, each with the word diff (``anchoring.word_diff``) of the pair."""
    versions = {
        v.number: v
        for v in ArticleVersion.objects.filter(article=article, number__in=(old, new)).only(
            "number", "body", "sentence_spans"
        )
    }
    if old not in versions or new not in versions:
        raise ArticleVersion.DoesNotExist(f"article {article.pk}: version {old} or {new}")
    before, after = _sentences(versions[old]), _sentences(versions[new])
    changes: list[SentenceChange] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for kind, a1, a2, b1, b2 in matcher.get_opcodes():
        if kind == "equal":
            changes.append(SentenceChange(kind, old=before[a1], count=a2 - a1))
            continue
        paired = min(a2 - a1, b2 - b1) if kind == "replace" else 0
        for i in range(paired):
            words = tuple(anchoring.word_diff(before[a1 + i], after[b1 + i]))
            changes.append(SentenceChange(kind, before[a1 + i], after[b1 + i], words=words))
        changes.extend(SentenceChange("delete", old=text) for text in before[a1 + paired : a2])
        changes.extend(SentenceChange("insert", new=text) for text in after[b1 + paired : b2])
    return changes


# --- "Already checked?": similar published fact-checks ----------------------------------------


@functools.cache
def matching_model():
    """The process's sentence-embedding model (about 120 MB, under a second to load), or
    None when its package is not installed: matching then uses the words alone."""
    return matching.load_embedder()


@dataclass(frozen=True)
class SimilarFactCheck:
    """A published fact-check found for a text: ours (``kind`` "ours", a public claim) or
    another organisation's ("external"), with the score and the reason of the match."""

    kind: str
    id: int
    text: str
    rating: str
    date: datetime | date_type | None
    organisation: str
    url: str
    language: str
    score: float
    reason: str
    shared_words: tuple[str, ...]
    other_figures: bool
    opposite_polarity: bool
    # One of ours: its status (a retracted one is shown, never offered as "same claim").
    status: str = ""


@dataclass
class CandidateIndex:
    """The stored vectors of the candidates in memory, as of ``key`` (``candidates_key``
    and the model); ``built``: when it was last read whole (``time.monotonic``)."""

    key: tuple
    index: matching.MeaningIndex
    ours: np.ndarray  # which rows are our public claims
    built: float


# Hand-written cache (one per process); Django's cache framework would pickle the matrix
# on every read. The words are not kept here: the database's full-text search finds them
# (annotations.fulltext). Only fact-checks with a vector have a row (one whose vector is
# not computed yet is found by its words only). When the key moves (a publication, an
# import, new vectors), only the vectors stored since are read and put in place: a new
# vector (a new fact-check, or one computed again after its text changed) is always a new
# row of FactCheckVector. The whole matrix is read again when the model changes, when the
# last vector is older than the one kept (vectors deleted), and at least every
# ``CANDIDATES_REBUILD_SECONDS`` (the rows of deleted fact-checks leave then; meanwhile the
# search's reads leave them out).
candidate_cache: dict[str, CandidateIndex] = {}
CANDIDATES_REBUILD_SECONDS = 3600


def _candidates_key_query():
    return (
        PublicRevision.objects.filter(pk=PublicRevision.SINGLETON)
        .annotate(
            external=Subquery(ExternalFactCheck.objects.order_by("-pk").values("pk")[:1]),
            vector=Subquery(FactCheckVector.objects.order_by("-pk").values("pk")[:1]),
        )
        .order_by()
        .values("number", "external", "vector")
    )


# Read before every search: compiled once (the ORM's building was most of its time).
_CANDIDATES_KEY = CompiledRows(_candidates_key_query)


def candidates_key() -> tuple:
    """One query: what changes when a candidate or a vector is added or changed."""
    found = _CANDIDATES_KEY.rows()
    if found:
        return (found[0]["number"], found[0]["external"], found[0]["vector"])
    external = ExternalFactCheck.objects.order_by("-pk").values_list("pk", flat=True).first()
    vector = FactCheckVector.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (0, external, vector)


def stored_vectors(model, *, after: int | None = None):
    """The vectors of ``model`` of published fact-checks (our public claims, imported
    ones), stored after vector ``after`` (default: all): ids ``(kind, pk)``, their
    ``(text, language)``, and the float32 matrix. One query."""
    queryset = FactCheckVector.objects.filter(model_id=model.model_id).filter(
        Q(claim__status__in=PUBLIC_STATUSES) | Q(external__isnull=False)
    )
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    ids, texts, raw = [], [], []
    for claim_id, external_id, vector, text, language, claim, claim_language in queryset.order_by(
        "pk"
    ).values_list(
        "claim_id",
        "external_id",
        "vector",
        "claim__text",
        "claim__article__language",
        "external__claim",
        "external__language",
    ):
        if claim_id is not None:
            ids.append((OURS, claim_id))
            texts.append((text, language))
        else:
            ids.append((EXTERNAL, external_id))
            texts.append((claim, claim_language))
        raw.append(bytes(vector))
    return ids, texts, matching.matrix_from_bytes(raw, model.dimension)


def ours_mask(ids) -> np.ndarray:
    return np.fromiter((kind == OURS for kind, _ in ids), dtype=bool, count=len(ids))


def candidate_index(model) -> CandidateIndex:
    """The stored vectors of every published fact-check, ours and imported (kept while
    the key stays, brought up to date when it moves: see ``candidate_cache``)."""
    key = (candidates_key(), model.model_id)
    cached = candidate_cache.get("index")
    if cached is not None and cached.key == key:
        return cached
    kept_vector = cached.key[0][2] if cached is not None else None
    last_vector = key[0][2]
    if (
        cached is not None
        and cached.key[1] == key[1]
        and kept_vector is not None
        and last_vector is not None
        and last_vector >= kept_vector
        and time.monotonic() - cached.built < CANDIDATES_REBUILD_SECONDS
    ):
        ids, texts, vectors = stored_vectors(model, after=kept_vector)
        index = cached.index
        before = index.size
        index.upsert(ids, texts, vectors)
        ours = cached.ours
        if index.size > before:
            ours = np.concatenate([ours, ours_mask(index.ids[before:])])
        cached = CandidateIndex(key, index, ours, cached.built)
    else:
        ids, texts, vectors = stored_vectors(model)
        index = matching.MeaningIndex(ids, texts, vectors)
        cached = CandidateIndex(key, index, ours_mask(ids), time.monotonic())
    candidate_cache["index"] = cached
    return cached


@dataclass
class Rankings:
    """For each text, the words' ranking and the meaning's (fact-check ids ``(kind, pk)``,
    best first), and what the claim checks need of every candidate."""

    words: list[list[tuple]]
    meaning: list[list[tuple]]
    candidates: dict[tuple, matching.Analysed]


def factcheck_rankings(
    texts: list[str],
    *,
    model=None,
    kinds: tuple[str, ...] = KINDS,
    settings: matching.Settings | None = None,
) -> Rankings:
    """The two signals of claim matching for each text, before their fusion.

    Words: the database's full-text search (one query for every text). Meaning: the
    stored vectors in memory (one query for the key while nothing changed). ``model``: the
    embedder (default: the process's), or False for the words alone."""
    settings = settings or matching.Settings()
    model = (model if model is not None else matching_model()) or None
    meaning = None
    if model is not None and settings.use_meaning and texts:
        cached = candidate_index(model)  # its queries here, in the request's thread
        mask = None
        if set(kinds) != set(KINDS):
            mask = cached.ours if OURS in kinds else ~cached.ours
        # The texts' vectors and the search of the stored ones (numpy, no query) run in
        # this process's meaning thread while this one waits for the database's word
        # search: a search waits for the longer of the two, not for their sum (measured
        # at 200,000 fact-checks on PostgreSQL: about 5 ms each).
        meaning = _meaning_thread().submit(
            _meaning_rows, model, cached.index, texts, settings.candidates, mask
        )
    candidates: dict[tuple, matching.Analysed] = {}
    word_ids: list[list[tuple]] = [[] for _ in texts]
    try:
        if settings.use_words:
            for number, hits in enumerate(
                fulltext.word_candidates(texts, limit=settings.candidates, kinds=kinds)
            ):
                for hit in hits:
                    key = (hit.kind, hit.id)
                    word_ids[number].append(key)
                    candidates[key] = matching.analysed(hit.text, hit.language)
    finally:
        found_rows = meaning.result() if meaning is not None else [[] for _ in texts]
    meaning_ids: list[list[tuple]] = [[] for _ in texts]
    for number, rows in enumerate(found_rows):
        for row in rows:
            key = cached.index.ids[row]
            meaning_ids[number].append(key)
            if key not in candidates:
                candidates[key] = matching.analysed(*cached.index.texts[row])
    return Rankings(word_ids, meaning_ids, candidates)


def _meaning_rows(model, index, texts: list[str], k: int, mask) -> list[list[int]]:
    """The rows of ``index`` nearest in meaning to each text (the model's vectors)."""
    return [index.search(vector, k, mask) for vector in model.embed(texts)]


# At most this many searches' numpy work at once in a process: at least as many as a
# worker's request threads (gunicorn's gthread workers, 4 in deploy/), so that one
# request's search never waits for another's. An idle thread is reused before a new one
# is made: a sync worker, one request at a time, makes a single thread.
MEANING_THREADS = 8


@functools.cache
def _meaning_thread() -> ThreadPoolExecutor:
    """The threads of the meaning's numpy work (made at the first search, so after a
    server forks its workers)."""
    return ThreadPoolExecutor(max_workers=MEANING_THREADS, thread_name_prefix="meaning")


def fused_rankings(
    texts: list[str],
    rankings: Rankings,
    *,
    language: str | None = None,
    limit: int = 5,
    settings: matching.Settings | None = None,
) -> list[list[matching.Match]]:
    """The two signals fused, then the claim checks: the best ``limit`` of each text."""
    settings = settings or matching.Settings()
    return [
        matching.fuse_ids(
            matching.Analysed.of(text, language or detect_language(text)),
            rankings.words[number],
            rankings.meaning[number],
            rankings.candidates,
            settings,
            limit,
        )
        for number, text in enumerate(texts)
    ]


def ranked_factchecks(
    texts: list[str],
    *,
    language: str | None = None,
    limit: int = 5,
    model=None,
    kinds: tuple[str, ...] = KINDS,
    settings: matching.Settings | None = None,
) -> list[list[matching.Match]]:
    """Claim matching for each text: the best ``limit`` published fact-checks of ``kinds``
    (ids ``(kind, pk)``), words and meaning fused (``factcheck_rankings``), then the
    claim checks. ``settings``: the fusion's (the evaluation varies them)."""
    rankings = factcheck_rankings(texts, model=model, kinds=kinds, settings=settings)
    return fused_rankings(texts, rankings, language=language, limit=limit, settings=settings)


# How many of our fact-checks a search of the public list shows, best first.
PUBLIC_SEARCH_LIMIT = 50


def public_claims_found(text: str, *, limit: int = PUBLIC_SEARCH_LIMIT, model=None) -> list[int]:
    """The ids of our public claims that say the same as ``text``, best first: claim
    matching (words and meaning fused, then the claim checks) over our claims only.
    Without the model: the words alone."""
    return [
        match.id[1]
        for match in ranked_factchecks([text], limit=limit, model=model, kinds=(OURS,))[0]
    ]


def similar_factchecks(
    text: str, *, language: str | None = None, limit: int = 5, model=None
) -> list[SimilarFactCheck]:
    """The published fact-checks (ours and imported) that say the same as ``text``, best
    first: words (the database's full-text search) and meaning (the stored vectors) fused,
    then the claim checks (see ``annotations.matching``). With the model, one query for
    the cache's key, one for the words, then one per kind of fact-check found; without
    it, the key's query is not made."""
    return similar_factchecks_many([text], language=language, limit=limit, model=model)[0]


# The fact-checks claim matching found (a few, each search): compiled once per number.
_FOUND_CLAIMS = CompiledForIds(
    lambda ids: (
        Claim.objects.filter(pk__in=ids, status__in=PUBLIC_STATUSES)
        .annotate(rating=current_rating())
        .order_by()
        .values("id", "text", "rating", "published_at", "status", "article__language")
    )
)
_FOUND_EXTERNALS = CompiledForIds(
    lambda ids: (
        ExternalFactCheck.objects.filter(pk__in=ids)
        .order_by()
        .values("id", "claim", "rating", "published_on", "organisation", "review_url", "language")
    )
)


def similar_factchecks_many(
    texts: list[str],
    *,
    language: str | None = None,
    limit: int = 5,
    model=None,
    settings: matching.Settings | None = None,
) -> list[list[SimilarFactCheck]]:
    """``similar_factchecks`` for several texts, with the same few queries. ``model``:
    the embedder (default: the process's), or False for the words alone."""
    results = ranked_factchecks(
        texts, language=language, limit=limit, model=model, settings=settings
    )
    wanted = {kind: set() for kind in (OURS, EXTERNAL)}
    for matches in results:
        for match in matches:
            wanted[match.id[0]].add(match.id[1])
    rows = {}
    statuses: dict[tuple, str] = {}
    for claim in _FOUND_CLAIMS.rows(sorted(wanted[OURS])):
        rows[(OURS, claim["id"])] = (
            claim["text"],
            claim["rating"] or "",
            claim["published_at"],
            "",
            "",
            claim["article__language"],
        )
        statuses[(OURS, claim["id"])] = claim["status"]
    for fact_check in _FOUND_EXTERNALS.rows(sorted(wanted[EXTERNAL])):
        rows[(EXTERNAL, fact_check["id"])] = tuple(
            fact_check[name]
            for name in (
                "claim",
                "rating",
                "published_on",
                "organisation",
                "review_url",
                "language",
            )
        )
    return [
        [
            SimilarFactCheck(
                match.id[0],
                match.id[1],
                *rows[match.id],
                score=round(float(match.score), 6),
                reason=str(match.reason),
                shared_words=match.shared_words,
                other_figures=match.other_figures,
                opposite_polarity=match.opposite_polarity,
                status=statuses.get(match.id, ""),
            )
            for match in matches
            if match.id in rows
        ]
        for matches in results
    ]


# --- "Same claim as": a claim marked as the same claim as a published fact-check ------------


@dataclass(frozen=True)
class SameAs:
    """What a claim is marked as the same claim as: one of our public claims (``kind``
    "ours": ``url`` is its public page's path, ``rating`` its rating's code) or another
    organisation's review ("external": ``url`` is the review's, ``rating`` its words)."""

    kind: str
    id: int
    text: str
    rating: str
    date: date_type | None
    organisation: str
    url: str
    language: str
    marked_by: str
    marked_at: datetime

    @property
    def external(self) -> bool:
        return self.kind == EXTERNAL

    @property
    def rating_label(self) -> str:
        if self.kind == OURS and self.rating in Verdict.Rating.values:
            return Verdict.Rating(self.rating).label
        return self.rating

    def absolute(self, build_absolute_uri) -> SameAs:
        """The same, its ``url`` made absolute (a review's URL already is)."""
        return replace(self, url=build_absolute_uri(self.url))


_SAME_AS_FIELDS = (
    "claim_id",
    "earlier_id",
    "earlier__text",
    "earlier__published_at",
    "earlier__article__language",
    "earlier_rating",
    "external_id",
    "external__claim",
    "external__rating",
    "external__published_on",
    "external__organisation",
    "external__review_url",
    "external__language",
    "marked_by__username",
    "marked_at",
)


def _same_as(row: dict) -> SameAs:
    marked = (row["marked_by__username"], row["marked_at"])
    if row["earlier_id"] is not None:
        published = row["earlier__published_at"]
        day = timezone.localtime(published).date() if published else None
        return SameAs(
            OURS,
            row["earlier_id"],
            row["earlier__text"],
            row["earlier_rating"] or "",
            day,
            settings.PUBLISHER_NAME,
            reverse("annotations:public_claim_detail", args=[row["earlier_id"]]),
            row["earlier__article__language"],
            *marked,
        )
    return SameAs(
        EXTERNAL,
        row["external_id"],
        row["external__claim"],
        row["external__rating"],
        row["external__published_on"],
        row["external__organisation"],
        row["external__review_url"],
        row["external__language"],
        *marked,
    )


def _same_claim_rows(ids):
    """The marks of the claims ``ids`` (a list, or one id): values rows, in the order marked."""
    rating = Subquery(
        Verdict.objects.filter(claim=OuterRef("earlier_id"), status=Verdict.Status.PUBLISHED)
        .order_by("-version")
        .values("rating")[:1]
    )
    links = SameClaim.objects.filter(
        **({"claim_id__in": ids} if isinstance(ids, list) else {"claim_id": ids})
    )
    return (
        links.annotate(earlier_rating=rating).order_by("marked_at", "id").values(*_SAME_AS_FIELDS)
    )


# One claim's marks (its public page, its API document): compiled once.
_ONE_CLAIMS_MARKS = CompiledRows(_same_claim_rows, _ID_MARKER)

# The marks of a page of claims (at most ``PublicCursorPagination.max_page_size``):
# building and compiling the query was half of a claims list's time.
_MARKS_OF_PAGES = CompiledForIds(lambda ids: _same_claim_rows(list(ids)))


def same_claim_links(claim_ids) -> dict[int, list[SameAs]]:
    """What each claim of ``claim_ids`` is marked as the same claim as, in the order
    marked (1 query, none for no claim). Our fact-checks come with their current rating."""
    ids = list(claim_ids)
    found: dict[int, list[SameAs]] = {pk: [] for pk in ids}
    if not ids:
        return found
    links = _ONE_CLAIMS_MARKS.rows(ids[0]) if len(ids) == 1 else _MARKS_OF_PAGES.rows(ids)
    for link in links:
        found[link["claim_id"]].append(_same_as(link))
    return found


# --- Blind double review ---------------------------------------------------------------------


def active_blind_reviews(claim_ids) -> dict[int, BlindReview]:
    """The second verdict asked for and not decided of each claim that has one (1 query)."""
    return {
        blind.claim_id: blind
        for blind in BlindReview.objects.filter(
            claim_id__in=list(claim_ids), status__in=BLIND_ACTIVE_STATUSES
        )
    }


def blind_queue(user) -> QuerySet[BlindReview]:
    """Second verdicts waiting for a reviewer, oldest first, leaving out the claims this
    user wrote (1 query: no article body, no verdict)."""
    return (
        BlindReview.objects.filter(status=BlindReview.Status.OPEN)
        .exclude(first_author=user)
        .exclude(claim__author=user)
        .select_related("claim__article")
        .defer("claim__article__body")
        .order_by("requested_at", "id")
    )


def my_blind_reviews(user) -> QuerySet[BlindReview]:
    """The second verdicts this user took or was given, those to write first (1 query)."""
    return (
        BlindReview.objects.filter(reviewer=user)
        .exclude(status=BlindReview.Status.CANCELLED)
        .select_related("claim__article")
        .defer("claim__article__body")
        .order_by(
            Case(When(status=BlindReview.Status.IN_PROGRESS, then=0), default=1),
            "-taken_at",
            "-id",
        )
    )


def blind_waiting_count(user) -> int:
    return blind_queue(user).count()


def blind_review_detail(pk: int) -> BlindReview:
    """One second verdict with its claim, the first verdict and its evidence (2 queries)."""
    return (
        BlindReview.objects.select_related(
            "claim__article",
            "claim__author",
            "first_verdict__author",
            "first_author",
            "reviewer",
            "requested_by",
            "decided_by",
        )
        .prefetch_related(
            Prefetch("claim__evidence", queryset=Evidence.objects.order_by("added_at", "id"))
        )
        .get(pk=pk)
    )


def agreement_pairs() -> list[dict]:
    """Every pair of independent verdicts: the second verdicts that came in, with the
    first verdict's rating as it was then, oldest first (1 query)."""
    return list(
        BlindReview.objects.filter(submitted_at__isnull=False)
        .exclude(status=BlindReview.Status.CANCELLED)
        .order_by("submitted_at", "id")
        .values(
            "id",
            "claim_id",
            "claim__text",
            "first_author_id",
            "first_author__username",
            "first_rating",
            "reviewer_id",
            "reviewer__username",
            "rating",
            "submitted_at",
        )
    )
