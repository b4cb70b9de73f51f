"""Storing an imported article with its sentences and tags (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
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


def sentence_spans(parsed: ParsedArticle) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) of every sentence; a sentence never crosses a paragraph."""
    sentences = []
    for paragraph, (p_start, p_end) in enumerate(parsed.paragraph_spans):
        for start, end in split_sentences(parsed.body[p_start:p_end], parsed.language):
            sentences.append((p_start + start, p_start + end, paragraph))
    return sentences


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


def _tags_for(names) -> list[Tag]:
    tags = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name)
        tags.append(tag)
    return tags


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
            sentences = Sentence.objects.bulk_create(
                Sentence(
                    article=article,
                    position=position,
                    start=start,
                    end=end,
                    paragraph=paragraph,
                    is_headline=paragraph == 0,
                )
                for position, (start, end, paragraph) in enumerate(spans)
            )
            store_version(article=article, spans=spans, notes=parsed.notes, imported_by=imported_by)
            article.tags.set(_tags_for(parsed.tags))
    except IntegrityError:
        # Two imports of the same text at once: the other one won; ours left nothing.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        return ImportResult(article=existing, created=False, notes=parsed.notes)
    return ImportResult(
        article=article, created=True, notes=parsed.notes, sentence_count=len(sentences)
    )
