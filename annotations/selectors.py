"""Reads for views and the API, each with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from annotations.models import Article, Sentence


def article_list() -> QuerySet[Article]:
    """Articles, newest import first, with their sentence count and tags (2 queries a page)."""
    return (
        Article.objects.select_related("imported_by")
        .prefetch_related("tags")
        .annotate(sentence_count=Count("sentences"))
        .defer("body")
        .order_by("-imported_at", "-id")
    )


@dataclass(frozen=True)
class SentenceView:
    position: int
    start: int
    end: int
    paragraph: int
    is_headline: bool
    text: str


@dataclass(frozen=True)
class ParagraphView:
    number: int
    is_headline: bool
    sentences: list[SentenceView]


def article_sentences(article: Article) -> list[ParagraphView]:
    """The article's sentences grouped by paragraph, text sliced from the body (1 query)."""
    body = article.body
    paragraphs: list[ParagraphView] = []
    rows = (
        Sentence.objects.filter(article=article)
        .order_by("position")
        .values_list("position", "start", "end", "paragraph", "is_headline")
    )
    for position, start, end, paragraph, is_headline in rows:
        if not paragraphs or paragraphs[-1].number != paragraph:
            paragraphs.append(ParagraphView(paragraph, is_headline, []))
        paragraphs[-1].sentences.append(
            SentenceView(position, start, end, paragraph, is_headline, body[start:end])
        )
    return paragraphs
