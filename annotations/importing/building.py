"""Building a :class:`ParsedArticle`: the checks every parser shares, and the assembly.

The three parsers check the headline (:func:`check_title`) and the source URL
(:func:`checked_url`, :func:`valid_url`) as they read them, so that the first error in
the input is the one reported, and end with :func:`build_article`, which joins the
headline and the paragraphs into the body and computes the paragraph spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit

from annotations.importing.article import MAX_TITLE_LENGTH, ArticleParseError, ParsedArticle
from annotations.importing.text import ALL_SPACES, one_line


def valid_url(url: str) -> str | None:
    """``url`` stripped if it is an http(s) URL with a host, else None."""
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a malformed port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        return None
    return url


def checked_url(url: str, *, where: str) -> str:
    """``url`` stripped, ``""`` when blank; ``bad_url`` when it is not an http(s) URL.

    ``where`` says where the URL came from, for the message.
    """
    if not url.strip():
        return ""
    valid = valid_url(url)
    if valid is None:
        raise ArticleParseError(
            "bad_url",
            f"The source URL {url.strip()!r} ({where}) is not a web address: it must start "
            "with http:// or https:// and name a host, like https://www.example.org/article.",
        )
    return valid


def check_title(title: str, *, where: str) -> None:
    """Raise ``title_too_long`` when ``title`` is over :data:`MAX_TITLE_LENGTH`."""
    if len(title) > MAX_TITLE_LENGTH:
        raise ArticleParseError(
            "title_too_long",
            f"The headline ({where}) is {len(title):,} characters long; a headline may be "
            f"at most {MAX_TITLE_LENGTH} characters. A line that long is a paragraph: is "
            f"the headline missing? It starts: {title[:80]!r}…",
        )


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags on one line each, without ``#``, empty ones dropped, duplicates (ignoring
    case) dropped, first spelling kept."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        cleaned = one_line(tag).lstrip("#").rstrip(".:!?…").strip(ALL_SPACES)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return tuple(result)


def build_article(
    *,
    title: str,
    paragraphs: list[str],
    language: str,
    publisher: str = "",
    author: str = "",
    source_url: str = "",
    published_at: datetime | None = None,
    tags: Iterable[str] = (),
    notes: Iterable[str] = (),
) -> ParsedArticle:
    """Assemble the body and the spans. ``title`` is one normalized line and each
    paragraph a normalized, non-empty single line."""
    if not paragraphs:
        raise ArticleParseError(
            "no_body",
            f"The article has a headline ({title[:80]!r}) but no body paragraph after it.",
        )
    spans = []
    position = 0
    for paragraph in [title, *paragraphs]:
        spans.append((position, position + len(paragraph)))
        position += len(paragraph) + 2
    body = "\n\n".join([title, *paragraphs])
    return ParsedArticle(
        title=title,
        body=body,
        language=language,
        publisher=one_line(publisher),
        author=one_line(author),
        source_url=source_url,
        published_at=published_at,
        tags=_clean_tags(tags),
        notes=tuple(notes),
        paragraph_spans=tuple(spans),
    )
