"""Building a :class:`ParsedArticle`: the checks every parser shares, and the assembly.

The three parsers check the headline (:func:`check_title`), the source URL
(:func:`checked_url`, :func:`valid_url`), the tags (:func:`checked_tags`,
:func:`limited_tags`), the publication date (:func:`check_publication_date`) and the text
itself (:func:`check_no_surrogates`) as they read them, so that the first error in the
input is the one reported, and end with :func:`build_article`, which joins the headline
and the paragraphs into the body and computes the paragraph spans.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from urllib.parse import urlsplit

from annotations.importing.article import (
    EARLIEST_YEAR,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    ArticleParseError,
    ParsedArticle,
    latest_year,
)
from annotations.importing.text import ALL_SPACES, first_surrogate, one_line


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


def _distinct_tags(tags: Iterable[str]) -> Iterator[str]:
    """Tags on one line each, without ``#``, empty ones dropped, duplicates (ignoring
    case) dropped, first spelling kept."""
    seen: set[str] = set()
    for tag in tags:
        cleaned = one_line(tag).lstrip("#").rstrip(".:!?…").strip(ALL_SPACES)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            yield cleaned


def checked_tags(tags: Iterable[str], *, where: str) -> tuple[str, ...]:
    """The tags cleaned (see :func:`_distinct_tags`), within the limits.

    Raises ``tag_too_long`` for a tag over :data:`MAX_TAG_LENGTH` characters, and
    ``too_many_tags`` as soon as there are more than :data:`MAX_TAGS` different ones (so
    that twenty thousand ``#tag`` lines are refused without reading them all). ``where``
    says where the tags came from, for the message.
    """
    result: list[str] = []
    for tag in _distinct_tags(tags):
        if len(tag) > MAX_TAG_LENGTH:
            raise ArticleParseError(
                "tag_too_long",
                f"A tag ({where}) is {len(tag):,} characters long; a tag may be at most "
                f"{MAX_TAG_LENGTH} characters. It starts: {tag[:40]!r}…",
            )
        if len(result) == MAX_TAGS:
            raise ArticleParseError(
                "too_many_tags",
                f"There are more than {MAX_TAGS} different tags ({where}); an article may "
                f"have at most {MAX_TAGS}.",
            )
        result.append(tag)
    return tuple(result)


def limited_tags(tags: Iterable[str], *, where: str, notes: list[str]) -> tuple[str, ...]:
    """The tags cleaned, for tags the user did not write (a web page's keywords): instead
    of refusing the article, tags over :data:`MAX_TAG_LENGTH` characters are left out and
    only the first :data:`MAX_TAGS` are kept, with a note."""
    distinct = list(_distinct_tags(tags))
    kept = [tag for tag in distinct if len(tag) <= MAX_TAG_LENGTH]
    if len(kept) < len(distinct):
        notes.append(f"Tags longer than {MAX_TAG_LENGTH} characters ({where}) were left out.")
    if len(kept) > MAX_TAGS:
        notes.append(f"There are {len(kept):,} tags ({where}); the first {MAX_TAGS} were kept.")
    return tuple(kept[:MAX_TAGS])


def check_publication_year(year: int, *, where: str, shown: str) -> None:
    """Raise ``bad_date`` when ``year`` is before :data:`EARLIEST_YEAR` or after next year
    (:func:`latest_year`): a typo or a placeholder, not a publication date.

    ``where`` says where the date came from and ``shown`` how it was written, for the
    message.
    """
    latest = latest_year()
    if not EARLIEST_YEAR <= year <= latest:
        raise ArticleParseError(
            "bad_date",
            f"The date {shown!r} ({where}) cannot be a publication date: its year must be "
            f"between {EARLIEST_YEAR} and {latest}.",
        )


def check_publication_date(value: datetime | None, *, where: str) -> None:
    """:func:`check_publication_year` for a date given as a datetime (or None)."""
    if value is not None:
        check_publication_year(value.year, where=where, shown=value.isoformat())


def check_no_surrogates(text: str, *, where: str) -> None:
    """Raise ``encoding`` when ``text`` holds a lone surrogate: bytes decoded with
    ``errors="surrogateescape"`` (or a broken UTF-16 pair) are not text."""
    offset = first_surrogate(text)
    if offset is not None:
        raise ArticleParseError(
            "encoding",
            f"There is a lone UTF-16 surrogate in {where} (U+{ord(text[offset]):04X} at "
            f"character {offset + 1:,}): it was decoded from bytes that are not text in a "
            "known encoding. Save it as UTF-8 and import it again.",
        )


def bidi_note(count: int) -> list[str]:
    """The note saying that normalization removed ``count`` bidirectional controls."""
    if not count:
        return []
    if count == 1:
        return [
            "1 invisible bidirectional control character was removed: such characters can "
            "make text display in another order than the one it is stored in."
        ]
    return [
        f"{count:,} invisible bidirectional control characters were removed: they can make "
        "text display in another order than the one it is stored in."
    ]


def build_article(
    *,
    title: str,
    paragraphs: list[str],
    language: str,
    publisher: str = "",
    author: str = "",
    source_url: str = "",
    published_at: datetime | None = None,
    tags: tuple[str, ...] = (),
    notes: Iterable[str] = (),
) -> ParsedArticle:
    """Assemble the body and the spans. ``title`` is one normalized line and each
    paragraph a normalized, non-empty single line; ``tags`` come from
    :func:`checked_tags` or :func:`limited_tags`."""
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
        tags=tags,
        notes=tuple(notes),
        paragraph_spans=tuple(spans),
    )
