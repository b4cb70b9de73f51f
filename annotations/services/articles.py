"""Storing an imported article with its sentences and tags (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from annotations.importing import ParsedArticle, content_hash
from annotations.models import Article, ArticleVersion, Sentence, Tag
from annotations.segmentation import split_sentences


@dataclass(frozen=True)
class ImportResult:
    article: Article
    created: bool
    notes: tuple[str, ...] = ()
    sentence_count: int = 0  # of a new article


def sentence_spans(
    parsed: ParsedArticle, *, known: dict[str, list[tuple[int, int]]] | None = None
) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence; a sentence never crosses a paragraph.

    Each paragraph is segmented on its own, so a paragraph of ``known`` (its text -> its
    sentences, offsets within it; :func:`segmented_paragraphs` of a previous version in
    the same language) keeps those sentences without being segmented again: a new
    version segments only the paragraphs it changed."""
    sentences = []
    for paragraph, (p_start, p_end) in enumerate(parsed.paragraph_spans):
        text = parsed.body[p_start:p_end]
        found = known.get(text) if known else None
        if found is None:
            found = split_sentences(text, parsed.language)
        for start, end in found:
            sentences.append((p_start + start, p_start + end, paragraph))
    return sentences


def segmented_paragraphs(body: str, spans) -> dict[str, list[tuple[int, int]]]:
    """The sentences of each paragraph of a stored version (its ``body``, paragraphs
    separated by a blank line, and its ``sentence_spans``), by the paragraph's text, as
    :func:`sentence_spans` reuses them. A paragraph whose stored sentences do not fit in
    it is left out (segmented again)."""
    paragraphs = body.split("\n\n")
    starts, at = [], 0
    for text in paragraphs:
        starts.append(at)
        at += len(text) + 2
    by_paragraph: dict[int, list[tuple[int, int]]] = {}
    for start, end, paragraph in spans:
        by_paragraph.setdefault(paragraph, []).append((start, end))
    known = {}
    for paragraph, found in by_paragraph.items():
        if not 0 <= paragraph < len(paragraphs):
            continue
        base, length = starts[paragraph], len(paragraphs[paragraph])
        relative = [(start - base, end - base) for start, end in found]
        if all(0 <= start < end <= length for start, end in relative):
            known[paragraphs[paragraph]] = relative
    return known


def _tags_for(names: tuple[str, ...]) -> list[Tag]:
    """The Tag rows for ``names``, created when missing, in two queries whatever their number.

    ``names`` are distinct ignoring case (the parsers see to it). Every name is inserted,
    the database ignoring those its case-insensitive unique constraint already holds
    (including one a concurrent import has just created), then the rows are read back by
    the same ``LOWER(name)`` the constraint compares, so that no name is matched in Python
    with rules that differ from the database's.
    """
    if not names:
        return []
    Tag.objects.bulk_create([Tag(name=name) for name in names], ignore_conflicts=True)
    return list(
        Tag.objects.alias(key=Lower("name")).filter(key__in=[Lower(Value(n)) for n in names])
    )


# The fields of a sentence row, in the order of the values :func:`insert_sentences` gives
# (a test checks that they are every column of Sentence but its id).
SENTENCE_FIELDS = ("article", "position", "start", "end", "paragraph", "is_headline")


def insert_sentences(article: Article, spans: list[tuple[int, int, int]]) -> None:
    """Insert the sentence rows of ``article``, one statement run for every row.

    Hand-written rather than ``bulk_create``, which prepares every value of every row
    through its model field: 20 µs a row, 0.4 s for the 20,000 sentences of a megabyte of
    short paragraphs, six times the insert itself. These rows are six plain integers and
    a boolean each; the database's constraints check them as they would any insert.
    """
    ops = connection.ops
    columns = ", ".join(ops.quote_name(Sentence._meta.get_field(f).column) for f in SENTENCE_FIELDS)
    placeholders = ", ".join(["%s"] * len(SENTENCE_FIELDS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ops.quote_name(Sentence._meta.db_table)} ({columns}) "  # noqa: S608 -- names from the model
            f"VALUES ({placeholders})",
            [
                (article.pk, position, start, end, paragraph, paragraph == 0)
                for position, (start, end, paragraph) in enumerate(spans)
            ],
        )


def store_version(
    *, article: Article, spans: list[tuple[int, int, int]], notes=(), imported_by=None
) -> ArticleVersion:
    """The article's current text (title, body, sentences) as its version
    ``article.current_version``: kept as imported, to be read and compared later."""
    return ArticleVersion.objects.create(
        article=article,
        number=article.current_version,
        title=article.title,
        body=article.body,
        sentence_spans=[list(span) for span in spans],
        content_hash=article.content_hash,
        import_format=article.import_format,
        imported_by=imported_by,
        imported_at=article.imported_at if article.current_version == 1 else timezone.now(),
        notes="\n".join(notes),
    )


def article_import(*, parsed: ParsedArticle, import_format: str, imported_by=None) -> ImportResult:
    """Store a parsed article and its sentences, or find the identical one already stored.

    Importing the same title and body again (whatever the metadata) is a no-op
    that returns the existing article with ``created=False``.
    """
    digest = content_hash(parsed.title, parsed.body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is None:  # an earlier version of an article: that article
        existing = Article.objects.filter(versions__content_hash=digest).first()
    if existing is not None:
        return ImportResult(article=existing, created=False, notes=parsed.notes)
    spans = sentence_spans(parsed)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=parsed.title,
                body=parsed.body,
                language=parsed.language,
                publisher=parsed.publisher,
                author=parsed.author,
                source_url=parsed.source_url,
                published_at=parsed.published_at,
                content_hash=digest,
                import_format=import_format,
                imported_by=imported_by,
            )
            insert_sentences(article, spans)
            store_version(article=article, spans=spans, notes=parsed.notes, imported_by=imported_by)
            through = Article.tags.through
            through.objects.bulk_create(
                through(article_id=article.pk, tag_id=tag.pk) for tag in _tags_for(parsed.tags)
            )
    except IntegrityError:
        # Two imports of the same text at once: the other one won; ours left nothing.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return ImportResult(article=existing, created=False, notes=parsed.notes)
    return ImportResult(
        article=article, created=True, notes=parsed.notes, sentence_count=len(spans)
    )
