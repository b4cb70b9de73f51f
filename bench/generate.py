"""Fill the database with the benchmark's data set: French articles, claims, their history.

At scale 1: 2,000 articles of about 40 sentences, 20,000 public claims (about 93 %
published, 5 % corrected, 2 % retracted) with 3 evidence each, their verdicts, reviews and
events, 2,000 claims the public never sees (drafts, in review, sent back), and one long
article of 2,000 sentences with 1,000 claims, some overlapping. Scale 10 gives ten times the
articles and claims; the long article stays the same. A fraction (``scale=0.01``) gives a
small data set for tests.

Everything comes from the seed: the same seed gives the same text and the same rows (the
dates too: they are drawn after a fixed base, never read from the clock; only the public
revision, the lists' ETag, moves on as at any publication). The database must
be empty: :func:`generate` refuses one that has articles, claims or benchmark users. The
ids are then the same from one run to the next as well (they are assigned here, from the
largest id in each table, and the sequences are moved past them).

The rows satisfy every constraint of the schema: sentences are cut by the project's own
segmenter exactly as an import cuts them (``services.sentence_spans``), each claim's quote is
``article.body[start:end]``, a verdict is never approved by its author, public claims have
distinct publication dates (the API pages by them), one open review at most per claim.
They are written in one transaction, without going through the ORM's ``bulk_create`` for the
large tables (``COPY`` on PostgreSQL, ``executemany`` on SQLite): building the SQL of
400,000 rows in Python took longer than storing them.

Command line (Django is set up here; the database must be migrated)::

    python -m bench.generate --scale 1 --seed 42

prints progress on stderr and the summary (see :func:`generate`) as JSON on stdout; it
exits with status 2 when the database is not empty or not migrated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import string
import sys
import time
from collections import Counter
from dataclasses import dataclass

from bench import text

ARTICLES = 2_000  # at scale 1
PUBLIC_CLAIMS = 20_000
HIDDEN_CLAIMS = 2_000
SENTENCES_PER_ARTICLE = 40  # headline included; an article has 36 to 44
LONG_SENTENCES = 2_000  # headline included
LONG_CLAIMS = 1_000
LONG_PUBLIC_SHARE = 0.7
EVIDENCE_PER_CLAIM = 3
REVIEWERS = 20
MODERATORS = 5

# Articles were published over the two years from START; everything else follows them (the
# last events fall about three months after the last article).
START = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
ARTICLE_SPAN = dt.timedelta(days=730)

# Public claims: the share corrected and retracted; the rest are published.
CORRECTED_SHARE = 0.05
RETRACTED_SHARE = 0.02
# Non-public claims: drafts, in review (with an open review), sent back for changes.
HIDDEN_SHARES = (("draft", 0.5), ("in_review", 0.35), ("changes_requested", 0.15))
PUBLIC_STATUSES = ("published", "corrected", "retracted")
# Published claims that were also rated a second time, blind (the agreement page's data),
# and how often the two ratings are the same.
BLIND_SHARE = 0.1
BLIND_AGREEMENT = 0.7
# Verdict ratings, most frequent first (fact-checkers publish more false claims than true).
RATING_WEIGHTS = {
    "false": 24,
    "mostly_false": 18,
    "misleading": 16,
    "mixed": 14,
    "mostly_true": 12,
    "true": 10,
    "unverifiable": 6,
}
# Claim spans: a whole sentence, a clause inside one, or two consecutive sentences.
SPAN_WEIGHTS = {"sentence": 5, "clause": 3, "pair": 2}
# The search term matches this share of the public claims (the benchmark's search query).
SEARCH_SHARE = (0.005, 0.02)

USERNAME_PREFIX = "bench-"
MINUTE, HOUR, DAY = 60, 3600, 86400


class DatabaseNotEmpty(Exception):
    """The generator only fills an empty database."""


def generate(
    *,
    scale: float = 1,
    seed: int = 42,
    out=None,
    articles: int | None = None,
    public_claims: int | None = None,
    hidden_claims: int | None = None,
    long_sentences: int = LONG_SENTENCES,
    long_claims: int = LONG_CLAIMS,
) -> dict:
    """Fill the (empty, migrated) database; print progress on ``out`` (standard output
    by default); return a summary.

    ``scale`` multiplies the numbers of articles and of claims (2,000 articles, 20,000
    public and 2,000 hidden claims at scale 1; a fraction is allowed); ``articles``,
    ``public_claims`` and ``hidden_claims`` set them directly. The long article has
    ``long_sentences`` sentences (headline included) and ``long_claims`` claims whatever
    the scale.

    The summary, JSON-serialisable: ``seed``, ``scale``, ``seconds`` (wall time),
    ``counts`` (rows per table), ``claims_by_status``, ``public_claims`` (their number),
    ``long_article_id``, ``long_article_sentences``, ``long_article_claims``,
    ``typical_article_id`` (an article of 40 sentences, or the nearest: 38 to 42 at any
    useful scale), ``sample_claim_id`` (a published claim of that article with 3 evidence
    and one verdict), ``search_term`` (a lowercase ASCII word of the claims' text or quote
    found in 0.5 % to 2 % of the public claims, the same as a word and as a substring) and
    ``search_term_matches`` (how many public claims it matches).
    """
    from django.db import transaction

    from annotations import services

    if scale <= 0:
        raise ValueError("scale must be positive")
    started = time.perf_counter()
    n_articles = articles if articles is not None else max(1, round(ARTICLES * scale))
    n_public = public_claims if public_claims is not None else round(PUBLIC_CLAIMS * scale)
    n_hidden = hidden_claims if hidden_claims is not None else round(HIDDEN_CLAIMS * scale)

    out = out or sys.stdout

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f} s] {message}", file=out, flush=True)

    with transaction.atomic():
        _check_empty()
        tables = _Tables()
        reviewers, moderators = _create_users(random.Random(f"{seed}:users"))
        tags = _create_tags()
        say(f"users: {len(reviewers)} reviewers, {len(moderators)} moderators")

        plans = [
            _plan_article(tables, seed, f"article:{i}", SENTENCES_PER_ARTICLE, reviewers, tags)
            for i in range(n_articles)
        ]
        long_plan = _plan_article(tables, seed, "long", long_sentences, reviewers, tags, long=True)
        _check_unique_hashes([*plans, long_plan])
        say(f"articles: {n_articles + 1:,} written and segmented")

        builder = _ClaimBuilder(tables, random.Random(f"{seed}:claims"), reviewers, moderators)
        claims = builder.regular(plans, n_public, n_hidden)
        long_claims_made = builder.long(long_plan, long_claims)
        say(f"claims: {len(claims) + len(long_claims_made):,} written with their history")

        tables.write()
        # What the public sees changed: the ETags of the public lists must move on.
        services.public_changed()
        say(f"stored: {tables.describe()}")

    all_claims = [*claims, *long_claims_made]
    public = [c for c in all_claims if c["status"] in PUBLIC_STATUSES]
    typical = min(plans, key=lambda p: abs(len(p.sentences) - SENTENCES_PER_ARTICLE))
    published = [c for c in claims if c["status"] == "published"] or public
    sample = next((c for c in published if c["article_id"] == typical.id), published[0])
    term, matches = _search_term(public)
    seconds = round(time.perf_counter() - started, 2)
    summary = {
        "seed": seed,
        "scale": scale,
        "seconds": seconds,
        "counts": _counts(),
        "claims_by_status": dict(sorted(Counter(c["status"] for c in all_claims).items())),
        "public_claims": len(public),
        "long_article_id": long_plan.id,
        "long_article_sentences": len(long_plan.sentences),
        "long_article_claims": len(long_claims_made),
        "typical_article_id": typical.id,
        "sample_claim_id": sample["id"],
        "search_term": term,
        "search_term_matches": matches,
    }
    say(f"done in {seconds:.1f} s")
    return summary


# --- Writing rows ------------------------------------------------------------------------------


class _Table:
    """Rows of one table, built as tuples and written in one go.

    Ids are assigned here, after the largest one in the table, so that rows can refer to
    each other before they are written. Values are adapted as the ORM would for the
    database (datetimes and dates, JSON); a field whose default is computed (the current
    time) must be given.
    """

    def __init__(self, model):
        from django.db import connection
        from django.db.models import Max
        from django.utils import timezone

        self.model = model
        self.fields = list(model._meta.concrete_fields)
        ops = connection.ops
        adapters = {
            "DateTimeField": ops.adapt_datetimefield_value,
            "DateField": ops.adapt_datefield_value,
            "JSONField": lambda value: ops.adapt_json_value(value, None),
        }
        self.columns = []  # (attname, adapter or None, default)
        for f in self.fields:
            if f.primary_key or f.default is timezone.now:
                default = _REQUIRED  # ids are given by add(); times by the caller
            elif f.has_default() and callable(f.default):
                default = _Call(f.default)  # dict for JSON fields
            else:
                default = f.get_default()  # the default, or "" or None
            self.columns.append((f.attname, adapters.get(f.get_internal_type()), default))
        self.rows: list[tuple] = []
        self.next_id = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def allocate(self) -> int:
        pk, self.next_id = self.next_id, self.next_id + 1
        return pk

    def add(self, values: dict) -> int:
        """Add a row (``values`` by attname: ``article_id``, not ``article``); its id."""
        if "id" not in values:
            values["id"] = self.allocate()
        row = []
        for attname, adapt, default in self.columns:
            value = values.get(attname, default)
            if value is _REQUIRED:
                raise KeyError(f"{self.model.__name__}.{attname} must be given")
            if isinstance(value, _Call):
                value = value.function()
            row.append(adapt(value) if adapt is not None and value is not None else value)
        self.rows.append(tuple(row))
        return values["id"]

    def write(self, cursor) -> None:
        from django.db import connection

        if not self.rows:
            return
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        columns = ", ".join(qn(f.column) for f in self.fields)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(self.fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", self.rows
            )


_REQUIRED = object()


@dataclass(frozen=True)
class _Call:
    function: object


class _Tables:
    """The tables the generator fills, in the order they are written."""

    def __init__(self):
        from annotations.models import (
            Article,
            ArticleVersion,
            BlindReview,
            Claim,
            ClaimEvent,
            Evidence,
            Review,
            Sentence,
            Verdict,
        )

        self.article = _Table(Article)
        self.version = _Table(ArticleVersion)
        self.sentence = _Table(Sentence)
        self.article_tag = _Table(Article.tags.through)
        self.claim = _Table(Claim)
        self.evidence = _Table(Evidence)
        self.verdict = _Table(Verdict)
        self.review = _Table(Review)
        self.event = _Table(ClaimEvent)
        self.blind = _Table(BlindReview)
        self.all = [
            self.article,
            self.version,
            self.sentence,
            self.article_tag,
            self.claim,
            self.evidence,
            self.verdict,
            self.review,
            self.event,
            self.blind,
        ]

    def write(self) -> None:
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for table in self.all:
                table.write(cursor)
            # Past the ids given here (PostgreSQL; SQLite's AUTOINCREMENT follows by itself).
            models = [table.model for table in self.all]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def describe(self) -> str:
        return ", ".join(f"{len(t.rows):,} {t.model._meta.db_table}" for t in self.all)


# --- Users, tags, articles ---------------------------------------------------------------------


def _check_empty() -> None:
    from django.contrib.auth import get_user_model

    from annotations.models import Article, Claim

    users = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX)
    if Article.objects.exists() or Claim.objects.exists() or users.exists():
        raise DatabaseNotEmpty(
            "the database already has articles, claims or benchmark users; the generator "
            "only fills an empty database (create a new one, or flush this one, and migrate)"
        )


def _create_users(rng: random.Random):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.contrib.auth.models import Group

    from annotations.permissions import MODERATORS as MODERATORS_GROUP
    from annotations.permissions import REVIEWERS as REVIEWERS_GROUP

    User = get_user_model()
    users = []
    for role, count in (("reviewer", REVIEWERS), ("moderator", MODERATORS)):
        for n in range(1, count + 1):
            first, last = text.person_name(rng).split(" ", 1)
            username = f"{USERNAME_PREFIX}{role}-{n:02d}"
            # Unusable, as make_password(None) makes them, but reproducible.
            suffix = "".join(rng.choices(string.ascii_letters + string.digits, k=40))
            users.append(
                User(
                    username=username,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@example.org",
                    password=UNUSABLE_PASSWORD_PREFIX + suffix,
                    date_joined=START - dt.timedelta(days=30),
                )
            )
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username"))
    reviewers = [u for u in users if "-reviewer-" in u.username]
    moderators = [u for u in users if "-moderator-" in u.username]
    Membership = User.groups.through
    memberships = []
    for name, members in ((REVIEWERS_GROUP, reviewers), (MODERATORS_GROUP, moderators)):
        group = Group.objects.get_or_create(name=name)[0]
        memberships += [Membership(user_id=u.pk, group_id=group.pk) for u in members]
    Membership.objects.bulk_create(memberships)
    return [u.pk for u in reviewers], [u.pk for u in moderators]


def _create_tags() -> dict[str, int]:
    """Tag ids by lowercase name (the tags already there are kept)."""
    from annotations.models import Tag

    existing = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
    Tag.objects.bulk_create([Tag(name=name) for name in text.TAGS if name.lower() not in existing])
    return {name.lower(): pk for pk, name in Tag.objects.values_list("pk", "name")}


@dataclass
class _Article:
    id: int
    digest: str  # content hash
    body: str
    topic: str
    imported_at: dt.datetime
    sentences: list[tuple[int, int, int]]  # (start, end, paragraph)


_SECTIONS = ("actualite", "politique", "economie", "societe", "regions", "verification")


def _plan_article(
    tables: _Tables,
    seed: int,
    key: str,
    sentences: int,
    reviewers: list[int],
    tags: dict[str, int],
    *,
    long: bool = False,
) -> _Article:
    """Write an article, cut it into sentences as ``services.article_import`` does, and
    add its rows (article, sentences, tags)."""
    from annotations.importing import ParsedArticle, content_hash
    from annotations.services import sentence_spans

    rng = random.Random(f"{seed}:{key}")
    topic = rng.choice(text.TOPICS)
    # The headline is a sentence too; ordinary articles vary around ``sentences``.
    low, high = (sentences - 1, sentences - 1) if long else (sentences - 5, sentences + 3)
    title, paragraphs = text.article_text(
        rng, sentences=max(1, rng.randint(low, high)), topic=topic
    )
    if long:
        title = f"Grand format{text.NBSP}: {title}"[:300]
    body = "\n\n".join([title, *paragraphs])
    spans, position = [], 0
    for part in [title, *paragraphs]:
        spans.append((position, position + len(part)))
        position += len(part) + 2
    publisher, domain = rng.choice(text.PUBLISHERS)
    author = text.person_name(rng)
    if rng.random() < 0.15:
        author = f"{author} et {text.person_name(rng)}"
    published_at = START + dt.timedelta(
        minutes=rng.randrange(ARTICLE_SPAN // dt.timedelta(minutes=1))
    )
    imported_at = published_at + _duration(rng, 5 * MINUTE, 2 * DAY)
    source_url = (
        f"https://www.{domain}/{rng.choice(_SECTIONS)}/{published_at:%Y/%m}/"
        f"{text.slug(title)}-{rng.randrange(10**6, 10**7)}.html"
    )
    parsed = ParsedArticle(
        title=title,
        body=body,
        language="fr",
        publisher=publisher,
        author=author,
        source_url=source_url,
        published_at=published_at,
        tags=tuple(text.topic_tags(rng, topic)),
        notes=(),
        paragraph_spans=tuple(spans),
    )
    digest = content_hash(title, body)
    importer = rng.choice(reviewers) if rng.random() < 0.9 else None
    article_id = tables.article.add(
        {
            "title": title,
            "body": body,
            "language": "fr",
            "publisher": publisher,
            "author": author,
            "source_url": source_url,
            "published_at": published_at,
            "content_hash": digest,
            "import_format": "text",
            "imported_by_id": importer,
            "imported_at": imported_at,
        }
    )
    cut = sentence_spans(parsed)
    tables.version.add(  # version 1, as ``services.article_import`` stores it
        {
            "article_id": article_id,
            "number": 1,
            "title": title,
            "body": body,
            "sentence_spans": [list(span) for span in cut],
            "content_hash": digest,
            "import_format": "text",
            "imported_by_id": importer,
            "imported_at": imported_at,
        }
    )
    for position, (start, end, paragraph) in enumerate(cut):
        tables.sentence.add(
            {
                "article_id": article_id,
                "position": position,
                "start": start,
                "end": end,
                "paragraph": paragraph,
                "is_headline": paragraph == 0,
            }
        )
    for name in parsed.tags:
        tables.article_tag.add({"article_id": article_id, "tag_id": tags[name.lower()]})
    return _Article(article_id, digest, body, topic, imported_at, cut)


def _check_unique_hashes(plans: list[_Article]) -> None:
    """Two identical articles would break the unique hash: with 40 random sentences it
    does not happen, but say so clearly if it ever does."""
    seen: dict[str, int] = {}
    for plan in plans:
        if plan.digest in seen:
            raise RuntimeError(f"articles {seen[plan.digest]} and {plan.id} are identical")
        seen[plan.digest] = plan.id


def _duration(rng: random.Random, low: int, high: int) -> dt.timedelta:
    """Between ``low`` and ``high`` seconds, to the second."""
    return dt.timedelta(seconds=rng.randint(low, high))


# --- Claims ----------------------------------------------------------------------------------

_WORD = re.compile(r"[^ ]+")
# Words a phrase does not end on (articles, prepositions, auxiliaries, conjunctions).
_DANGLING = frozenset(
    """
    de du des la le les un une en et à au aux par pour sur que qui dont dans avec a ont est
    sont son sa ses leur leurs ce cet cette ces plus moins ou mais selon entre depuis contre
    chez vers sans sous d’un d’une l’un près
    """.split()  # noqa: SIM905 -- a word list reads better as words
)


def _dangling(sentence: str, span: tuple[int, int]) -> bool:
    word = sentence[span[0] : span[1]].strip(_TRIM_END + ".").lower()
    return not any(ch.isalnum() for ch in word) or word in _DANGLING or word.endswith("’")


_TRIM_START = "«“\"(’' \u00a0\u202f"
_TRIM_END = ",;:»”\"(’' \u00a0\u202f"


class _ClaimBuilder:
    """Claims with their evidence, verdicts, reviews and events, as the services would
    have written them step by step (the same event payloads, the same version numbers)."""

    def __init__(self, tables: _Tables, rng: random.Random, reviewers, moderators):
        self.tables = tables
        self.rng = rng
        # The second, blind verdicts draw from a stream of their own, so that the rest of
        # the data is what the same seed gave before they existed.
        # Seeded from the main stream's state, which reading does not advance.
        self.blind_rng = random.Random(repr(rng.getstate()[1][:8]))
        self.reviewers = reviewers
        self.moderators = moderators
        self.published_at: set[dt.datetime] = set()

    # --- spans

    def _span(self, article: _Article, index: int) -> tuple[int, int]:
        """A span anchored on sentence ``index``: the sentence, a clause, or two."""
        rng, sentences = self.rng, article.sentences
        kind = rng.choices(tuple(SPAN_WEIGHTS), weights=tuple(SPAN_WEIGHTS.values()))[0]
        start, end, paragraph = sentences[index]
        if kind == "pair":
            if index + 1 < len(sentences) and sentences[index + 1][2] == paragraph:
                return start, sentences[index + 1][1]
            if index > 1 and sentences[index - 1][2] == paragraph:
                return sentences[index - 1][0], end
        elif kind == "clause":
            return self._clause(article.body, start, end)
        return start, end

    def _clause(self, body: str, start: int, end: int) -> tuple[int, int]:
        """Part of one sentence, cut at word boundaries: what follows "que" or "Selon X,"
        when the sentence reports a claim, else a run of words."""
        rng, sentence = self.rng, body[start:end]
        s, e = 0, len(sentence)
        marker = max(sentence.rfind(" que "), sentence.rfind(" qu’"))
        comma = sentence.find(", ")
        if marker > 0 and rng.random() < 0.8:
            s = marker + (5 if sentence.startswith(" que ", marker) else 4)
        elif 0 < comma < len(sentence) // 2 and rng.random() < 0.7:
            s = comma + 2
        else:
            words = [m.span() for m in _WORD.finditer(sentence)]
            if len(words) >= 6:
                count = rng.randint(4, len(words) - 1)
                first = rng.randrange(len(words) - count + 1)
                last = first + count - 1
                # not "… 1 550 postes en": a run of words ends on a word that ends a phrase
                while last > first + 3 and _dangling(sentence, words[last]):
                    last -= 1
                s, e = words[first][0], words[last][1]
        if e == len(sentence):
            e = len(sentence.rstrip(".!?" + _TRIM_END))
        while s < e and sentence[s] in _TRIM_START:
            s += 1
        while e > s and sentence[e - 1] in _TRIM_END:
            e -= 1
        if e - s < 12:  # too short to be a claim: the whole sentence
            return start, end
        return start + s, start + e

    # --- people and time

    def _author(self) -> int:
        return self.rng.choice(self.moderators if self.rng.random() < 0.05 else self.reviewers)

    def _moderator(self, *not_users: int) -> int:
        return self.rng.choice([m for m in self.moderators if m not in not_users])

    def _unique(self, moment: dt.datetime) -> dt.datetime:
        """Public claims are paged by publication date: no two share one."""
        while moment in self.published_at:
            moment += dt.timedelta(seconds=1)
        self.published_at.add(moment)
        return moment

    # --- a second, blind verdict

    def _blind_pair(self, claim_id: int, first: dict, submitted_at, moderator: int, decided_at):
        """One published claim in ``BLIND_SHARE`` was rated a second time, blind, before the
        moderator approved the first verdict: the agreement page's data. The second
        rating is the first in ``BLIND_AGREEMENT`` of the pairs, else a neighbour on the
        scale or another rating."""
        from annotations.models import BlindReview, Verdict

        rng = self.blind_rng
        if rng.random() >= BLIND_SHARE:
            return
        author = first["author_id"]
        second = rng.choice([r for r in self.reviewers if r != author])
        rating = first["rating"]
        if rng.random() >= BLIND_AGREEMENT:
            scale = sorted(Verdict.RATING_VALUES, key=Verdict.RATING_VALUES.get)
            if rating in scale and rng.random() < 0.7:
                at = scale.index(rating) + rng.choice((-1, 1))
                rating = scale[min(max(at, 0), len(scale) - 1)]
            else:
                rating = rng.choice([r for r in RATING_WEIGHTS if r != rating])
        asked = submitted_at + dt.timedelta(minutes=1)
        self.tables.blind.add(
            {
                "claim_id": claim_id,
                "first_verdict_id": first["id"],
                "first_author_id": author,
                "reason": BlindReview.Reason.REQUESTED,
                "requested_by_id": moderator,
                "requested_at": asked,
                "status": BlindReview.Status.DECIDED,
                "reviewer_id": second,
                "taken_at": asked + dt.timedelta(minutes=1),
                "rating": rating,
                "rationale": "Second verdict, given blind.",
                "first_rating": first["rating"],
                "submitted_at": asked + dt.timedelta(minutes=2 + rng.randrange(50)),
                "outcome": BlindReview.Outcome.FIRST,
                "decided_by_id": moderator,
                "decided_at": decided_at,
            }
        )

    # --- one claim

    def _claim(self, article: _Article, span: tuple[int, int], status: str, evidence: int):
        """Add one claim and its history, from its creation to ``status``; the claim's
        values (with ``status`` and ``id``)."""
        from annotations.models import Claim, ClaimEvent, Review, Verdict

        Action, S = ClaimEvent.Action, Claim.Status
        rng, tables, body = self.rng, self.tables, article.body
        start, end = span
        quote = body[start:end]
        author = self._author()
        t = article.imported_at + _duration(rng, 30 * MINUTE, 12 * DAY)
        claim_id = tables.claim.allocate()
        claim = {
            "id": claim_id,
            "article_id": article.id,
            "start": start,
            "end": end,
            "quote": quote,
            "prefix": body[max(0, start - Claim.CONTEXT_LENGTH) : start],
            "suffix": body[end : end + Claim.CONTEXT_LENGTH],
            "text": text.claim_restatement(rng, quote),
            "claimant": text.claimant(rng, quote)[: Claim.CLAIMANT_MAX_LENGTH],
            "author_id": author,
            "status": S.DRAFT,
            "version": 0,  # each event below is a new version; created is 1
            "created_at": t,
        }
        verdicts: list[dict] = []
        reviews: list[dict] = []

        def event(action: str, actor: int, at: dt.datetime, **values) -> None:
            tables.event.add(
                {"claim_id": claim_id, "action": action, "actor_id": actor, "created_at": at}
                | values
            )
            claim["updated_at"] = at
            claim["version"] += 1

        def review(verdict: dict, submitted_at: dt.datetime, **decision) -> None:
            reviews.append(
                {
                    "claim_id": claim_id,
                    "verdict_id": verdict["id"],
                    "submitted_by_id": verdict["author_id"],
                    "submitted_at": submitted_at,
                }
                | decision
            )

        def submit(verdict: dict, actor: int, at, statuses) -> None:
            """The verdict is submitted for review (as ``claim_submit``)."""
            verdict["updated_at"] = at
            event(
                Action.SUBMITTED,
                actor,
                at,
                after={"verdict_version": verdict["version"]},
                from_status=statuses[0],
                to_status=statuses[1],
            )

        def approve(verdict: dict, submitted_at, moderator: int, at, action, statuses) -> None:
            """A moderator approves and publishes ``verdict`` (as ``claim_approve``)."""
            comment = text.review_comment(rng, approved=True)
            verdict |= {
                "status": Verdict.Status.PUBLISHED,
                "approved_by_id": moderator,
                "published_at": at,
            }
            decided = {"decided_by_id": moderator, "decided_at": at, "comment": comment}
            review(verdict, submitted_at, decision=Review.Decision.APPROVED, **decided)
            event(
                action,
                moderator,
                at,
                after={"verdict_version": verdict["version"], "rating": verdict["rating"]},
                comment=comment,
                from_status=statuses[0],
                to_status=statuses[1],
            )

        event(
            Action.CREATED,
            author,
            t,
            after={
                "start": start,
                "end": end,
                "quote": quote,
                "text": claim["text"],
                "claimant": claim["claimant"],
            },
            to_status=S.DRAFT,
        )
        for _ in range(evidence):
            t += _duration(rng, 2 * MINUTE, 40 * MINUTE)
            values = text.evidence(rng, topic=article.topic)
            if values["published_on"] is not None:
                values["published_on"] = (t - _duration(rng, DAY, 400 * DAY)).date()
            evidence_id = tables.evidence.add(
                {"claim_id": claim_id, "added_by_id": author, "added_at": t} | values
            )
            published_on = values["published_on"]
            values["published_on"] = published_on.isoformat() if published_on else None
            event(Action.EVIDENCE_ADDED, author, t, after={"id": evidence_id} | values)

        def finish() -> dict:
            claim["status"] = status
            tables.claim.add(claim)
            for verdict in verdicts:
                tables.verdict.add(verdict)
            for values in reviews:
                tables.review.add(values)
            return claim

        if status == "draft" and (evidence == 0 or rng.random() < 0.5):
            return finish()  # no verdict yet
        ratings = tuple(RATING_WEIGHTS)
        weights = tuple(RATING_WEIGHTS.values())
        rating = rng.choices(ratings, weights=weights)[0]
        t += _duration(rng, 5 * MINUTE, 2 * HOUR)
        first = {
            "id": tables.verdict.allocate(),
            "claim_id": claim_id,
            "version": 1,
            "rating": rating,
            "rationale": text.rationale(rng, rating, topic=article.topic),
            "author_id": author,
            "created_at": t,
            "updated_at": t,
            "status": Verdict.Status.DRAFT,
        }
        verdicts.append(first)
        event(
            Action.VERDICT_SET,
            author,
            t,
            after={"version": 1, "rating": rating, "rationale": first["rationale"]},
        )
        if status == "draft":
            return finish()

        t += _duration(rng, MINUTE, 30 * MINUTE)
        submitted_at = t
        first["status"] = Verdict.Status.IN_REVIEW
        submit(first, author, t, (S.DRAFT, S.IN_REVIEW))
        if status == "in_review":
            review(first, submitted_at)  # open: waiting for a moderator
            return finish()

        moderator = self._moderator(author)
        t += _duration(rng, HOUR, 4 * DAY)
        if status == "changes_requested":
            comment = text.review_comment(rng, approved=False)
            first["status"] = Verdict.Status.CHANGES_REQUESTED
            decided = {"decided_by_id": moderator, "decided_at": t, "comment": comment}
            review(first, submitted_at, decision=Review.Decision.CHANGES_REQUESTED, **decided)
            event(
                Action.CHANGES_REQUESTED,
                moderator,
                t,
                after={"verdict_version": 1},
                comment=comment,
                from_status=S.IN_REVIEW,
                to_status=S.CHANGES_REQUESTED,
            )
            return finish()

        t = self._unique(t)
        claim["published_at"] = t
        # What the verdict checked (as ``claim_approve`` records it): the passage, in
        # version 1 of the text.
        claim.update(
            checked_version=1,
            checked_start=start,
            checked_end=end,
            checked_quote=quote,
            checked_prefix=claim["prefix"],
            checked_suffix=claim["suffix"],
        )
        approve(first, submitted_at, moderator, t, Action.PUBLISHED, (S.IN_REVIEW, S.PUBLISHED))
        self._blind_pair(claim_id, first, submitted_at, moderator, t)

        if status == "corrected":
            corrector = author if rng.random() < 0.7 else rng.choice(self.reviewers)
            t += _duration(rng, DAY, 40 * DAY)
            event(Action.CORRECTION_STARTED, corrector, t, after={"verdict_version": 2})
            new_rating = rating if rng.random() < 0.4 else rng.choices(ratings, weights=weights)[0]
            note = text.correction_note(rng)
            t += _duration(rng, 10 * MINUTE, DAY)
            second = {
                "id": tables.verdict.allocate(),
                "claim_id": claim_id,
                "version": 2,
                "rating": new_rating,
                "rationale": text.rationale(rng, new_rating, topic=article.topic),
                "author_id": corrector,
                "created_at": t,
                "correction_note": note,
            }
            verdicts.append(second)
            event(
                Action.VERDICT_SET,
                corrector,
                t,
                before={"rating": rating, "rationale": first["rationale"], "correction_note": ""},
                after={
                    "version": 2,
                    "rating": new_rating,
                    "rationale": second["rationale"],
                    "correction_note": note,
                },
            )
            t += _duration(rng, MINUTE, 30 * MINUTE)
            submitted_at = t
            submit(second, corrector, t, (S.PUBLISHED, S.PUBLISHED))
            moderator = self._moderator(corrector)
            t += _duration(rng, HOUR, 3 * DAY)
            approve(
                second, submitted_at, moderator, t, Action.CORRECTED, (S.PUBLISHED, S.CORRECTED)
            )
        elif status == "retracted":
            moderator = self._moderator()
            t += _duration(rng, DAY, 60 * DAY)
            note = text.retraction_note(rng)
            claim["retracted_at"], claim["retraction_note"] = t, note
            event(
                Action.RETRACTED,
                moderator,
                t,
                comment=note,
                from_status=S.PUBLISHED,
                to_status=S.RETRACTED,
            )
        return finish()

    # --- how many of each

    def _public_statuses(self, count: int) -> list[str]:
        corrected = round(count * CORRECTED_SHARE)
        retracted = round(count * RETRACTED_SHARE)
        statuses = ["corrected"] * corrected + ["retracted"] * retracted
        statuses += ["published"] * (count - len(statuses))
        self.rng.shuffle(statuses)
        return statuses

    def _hidden_statuses(self, count: int) -> list[str]:
        statuses = []
        for status, share in HIDDEN_SHARES[:-1]:
            statuses += [status] * round(count * share)
        statuses += [HIDDEN_SHARES[-1][0]] * (count - len(statuses))
        self.rng.shuffle(statuses)
        return statuses

    def regular(self, articles: list[_Article], public: int, hidden: int) -> list[dict]:
        """``public`` public claims spread over the articles (about as many on each, on
        distinct sentences of each) and ``hidden`` non-public ones anywhere."""
        rng, n = self.rng, len(articles)
        counts = [public // n] * n
        for i in rng.sample(range(n), public % n):
            counts[i] += 1
        for _ in range(n * 2):  # some articles draw more attention than others
            a, b = rng.randrange(n), rng.randrange(n)
            if counts[a] > counts[b] // 2 + 2:
                counts[a] -= 1
                counts[b] += 1
        statuses = self._public_statuses(public)
        hidden_by_article: dict[int, list[str]] = {}
        for status in self._hidden_statuses(hidden):
            hidden_by_article.setdefault(rng.randrange(n), []).append(status)
        result = []
        for i, article in enumerate(articles):
            wanted = [statuses.pop() for _ in range(counts[i])] + hidden_by_article.get(i, [])
            body = range(1, len(article.sentences)) or range(len(article.sentences))
            if len(wanted) <= len(body):
                anchors = rng.sample(body, len(wanted))
            else:
                anchors = [rng.choice(body) for _ in wanted]
            for status, anchor in zip(wanted, anchors, strict=True):
                evidence = rng.randint(0, 3) if status == "draft" else EVIDENCE_PER_CLAIM
                result.append(self._claim(article, self._span(article, anchor), status, evidence))
        return result

    def long(self, article: _Article, count: int) -> list[dict]:
        """``count`` claims on the long article, some overlapping, about 70 % public, all
        with their evidence."""
        rng = self.rng
        public = round(count * LONG_PUBLIC_SHARE)
        statuses = self._public_statuses(public)
        statuses += [rng.choice(("draft", "in_review")) for _ in range(count - public)]
        rng.shuffle(statuses)
        body = range(1, len(article.sentences)) or range(len(article.sentences))
        result, taken = [], []
        for status in statuses:
            # sometimes another claim on a sentence already claimed
            overlapping = taken and rng.random() < 0.15
            anchor = rng.choice(taken) if overlapping else rng.choice(body)
            taken.append(anchor)
            span = self._span(article, anchor)
            result.append(self._claim(article, span, status, EVIDENCE_PER_CLAIM))
        return result


# --- Summary ---------------------------------------------------------------------------------


def _counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from annotations.models import (
        Article,
        BlindReview,
        Claim,
        ClaimEvent,
        Evidence,
        Review,
        Sentence,
        Tag,
        Verdict,
    )

    return {
        "users": get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).count(),
        "tags": Tag.objects.count(),
        "articles": Article.objects.count(),
        "sentences": Sentence.objects.count(),
        "claims": Claim.objects.count(),
        "evidence": Evidence.objects.count(),
        "verdicts": Verdict.objects.count(),
        "reviews": Review.objects.count(),
        "events": ClaimEvent.objects.count(),
        "blind_reviews": BlindReview.objects.count(),
    }


_SEARCH_WORD = re.compile(r"[^\W\d_]+")
# Words that say nothing of what a claim is about: not a search a reader would make.
_NOT_SEARCHED = frozenset(
    """
    jamais toujours depuis encore contre pendant parmi plusieurs notamment selon autant
    chaque environ presque ensuite pourtant beaucoup seulement vraiment entre avant leurs
    elles aussi ainsi moins comme alors quand lorsque certains certaines personne
    simplement article affirme affirmation verifiee cette cours soutenu reconnu valoir
    entendre
    """.split()  # noqa: SIM905 -- a word list reads better as words
)


def _search_term(public: list[dict]) -> tuple[str, int]:
    """The lowercase ASCII word of six letters or more, found in 0.5 % to 2 % of the public
    claims (text, quote or claimant) as a word and as a substring alike, and sharing no stem
    with another word of theirs (so that a stemming search finds the same claims), that is
    nearest 1 %; for tiny data sets, the word nearest 1 %."""
    docs = [f"{c['text']}\n{c['quote']}\n{c['claimant']}".lower() for c in public]
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(set(_SEARCH_WORD.findall(doc)))
    total = len(docs) or 1
    low, high = SEARCH_SHARE
    candidates = sorted(
        (abs(count / total - 0.01), word)
        for word, count in frequency.items()
        if len(word) >= 6
        and word.isascii()
        and word not in _NOT_SEARCHED
        and low <= count / total <= high
    )
    for _distance, word in candidates:
        stem = word[:5]
        if any(other != word and other.startswith(stem) for other in frequency):
            continue
        matches = sum(1 for doc in docs if word in doc)
        if matches == frequency[word]:
            return word, matches
    ascii_words = [w for w in frequency if w.isascii() and len(w) >= 4] or list(frequency)
    word = min(ascii_words, key=lambda w: (abs(frequency[w] / total - 0.01), w), default="")
    return word, sum(1 for doc in docs if word and word in doc)


# --- Command line ----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Fill an empty, migrated database with the benchmark's data set.",
    )
    parser.add_argument(
        "--scale", type=float, default=1, help="1 (default): 2,000 articles, 20,000 claims"
    )
    parser.add_argument("--seed", type=int, default=42, help="the same seed, the same data")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    try:
        summary = generate(scale=args.scale, seed=args.seed, out=sys.stderr)
    except DatabaseNotEmpty as error:
        print(f"bench.generate: {error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        print(f"bench.generate: {error} (is the database migrated?)", file=sys.stderr)
        return 2
    json.dump(summary, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
