"""Articles from text: the plain-text layout of our article files, or a form's fields.

* :func:`parse_plain_text` reads the plain-text layout of the articles we receive
  (headline, byline ``Publisher - 20 août 2025 01:35``, paragraphs separated by blank
  lines, then trailing ``Source`` and ``#Tag`` lines);
* :func:`parse_pasted` takes a title, a text and metadata typed into a form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, tzinfo

from annotations.importing.article import ArticleParseError, ParsedArticle
from annotations.importing.building import (
    bidi_note,
    build_article,
    check_no_surrogates,
    check_publication_date,
    check_title,
    checked_tags,
    checked_url,
    valid_url,
)
from annotations.importing.bylines import looks_like_byline, parse_byline
from annotations.importing.language import article_language
from annotations.importing.text import (
    ALL_SPACES,
    count_bidi_controls,
    is_empty,
    one_line,
    paragraphs_from_lines,
    paragraphs_of,
    prepare_lines,
    same_words_ignoring_case,
)

_TAG_LINE_RE = re.compile(r"^#[^\s#,;]+(?:[\s,;]*#[^\s#,;]+)*[\s,;]*$")
_TAG_RE = re.compile(r"#([^\s#,;]+)")
_SOURCE_LINE_RE = re.compile(
    r"^sources?(?:[ \t\u00a0\u202f]*[:：–—-][ \t\u00a0\u202f]*(?P<rest>.*))?$", re.IGNORECASE
)
_URL_LIKE_RE = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
_URL_TRAILING_PUNCTUATION = ".,;:!?)]}»›\"'’”"
_MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}[ \t]+")


def _listing(items: list[str], *, quoted: bool, shown: int = 3) -> str:
    """``'a', 'b', 'c' and 12 more``: a note names a few items, however many lines gave
    them (a note is a message on the page)."""
    distinct = list(dict.fromkeys(item[:200] for item in items))
    listed = ", ".join(repr(item) if quoted else item for item in distinct[:shown])
    hidden = len(distinct) - shown
    return f"{listed} and {hidden:,} more" if hidden > 0 else listed


def _metadata_line(line: str) -> str | None:
    """The kind of a trailing metadata line ("tags", "source", "url"), or None."""
    if _TAG_LINE_RE.match(line):
        return "tags"
    if _SOURCE_LINE_RE.match(line):
        return "source"
    if valid_url(line) is not None:
        return "url"
    return None


def parse_plain_text(
    text: str, *, default_timezone: tzinfo, language: str | None = None
) -> ParsedArticle:
    """Parse an article in the plain-text layout of ``shared/articles/*.txt``.

    * The first non-empty line is the headline (a Markdown ``#`` marker is dropped).
    * The next non-empty line is a byline when it reads ``Publisher - <date>`` or
      ``<date>`` alone, the dash being ``-``, ``–`` or ``—`` between spaces, and the date
      being the whole rest of the line: ``20 août 2025 01:35``, ``1er août 2025``,
      ``mercredi 20 août 2025 à 14h35``, ``August 20, 2025 1:35 PM``, ``20 August 2025``,
      ``2025-08-20 14:35``, ``20/08/2025`` (day first). French and English month names,
      full or abbreviated. A time without zone is local to ``default_timezone``; ``UTC``,
      ``GMT``, an offset or an unambiguous abbreviation (``CEST``, ``BST``, ``EDT``…)
      after the time is honoured. ``Par X - <date>`` gives the author.
      A line that is not a byline stays a paragraph (with a note when it looked like a
      byline whose date could not be read); a date of the right shape that is impossible
      (``31 février 2025``), or whose year is before 1800 or after next year, is a
      ``bad_date`` error.
    * Paragraphs are separated by blank lines (see :func:`normalize_text`).
    * At the end, lines of ``#Tags`` (one or several per line), a ``Source`` line and a
      bare URL are metadata, not body, in any order. ``Source`` alone gives nothing;
      ``Source: https://…`` (or ``Source : …``) gives ``source_url``; a name without
      URL (``Source : Le Monde``) becomes the publisher when the byline gave none, and
      is otherwise kept in a note (the model has no field for an original source).
      More than :data:`~annotations.importing.article.MAX_TAGS` different tags, or one
      over :data:`~annotations.importing.article.MAX_TAG_LENGTH` characters, is an error
      (``too_many_tags``, ``tag_too_long``).
    * Bidirectional controls are removed (see :func:`normalize_text`), with a note; a lone
      surrogate (text decoded with ``surrogateescape``) is an ``encoding`` error.
    """
    if is_empty(text):
        raise ArticleParseError("empty", "The text is empty (or only white space).")
    check_no_surrogates(text, where="the text")
    lines = prepare_lines(text)
    notes: list[str] = bidi_note(count_bidi_controls(text))

    # headline
    first = next(i for i, line in enumerate(lines) if line)
    title = one_line(_MARKDOWN_HEADING_RE.sub("", lines[first])) or lines[first]
    check_title(title, where=f"line {first + 1}")

    # byline
    body_start = first + 1
    publisher = author = ""
    published_at = None
    following = next((i for i in range(first + 1, len(lines)) if lines[i]), None)
    if following is not None:
        where = f"line {following + 1}"
        byline = parse_byline(lines[following], zone=default_timezone, where=where, notes=notes)
        if byline is not None:
            publisher, author, published_at = byline.publisher, byline.author, byline.published_at
            body_start = following + 1
        elif looks_like_byline(lines[following]):
            notes.append(
                f"Line {following + 1} ({lines[following]!r}) looks like a byline, but its "
                "date could not be read; it was kept as the first paragraph."
            )

    # trailing metadata, read from the end
    body_end = len(lines)
    metadata: list[tuple[int, str]] = []
    for i in range(len(lines) - 1, body_start - 1, -1):
        if not lines[i]:
            continue
        kind = _metadata_line(lines[i])
        if kind is None:
            break
        metadata.append((i, kind))
        body_end = i
    metadata.reverse()

    raw_tags: list[str] = []
    source_url = ""
    source_names: list[str] = []
    extra_urls: list[str] = []
    for i, kind in metadata:
        line = lines[i]
        if kind == "tags":
            raw_tags.extend(_TAG_RE.findall(line))
            continue
        if kind == "url":
            urls, rest = [line], ""
        else:
            rest = (_SOURCE_LINE_RE.match(line)["rest"] or "").strip(ALL_SPACES)
            urls = [u.rstrip(_URL_TRAILING_PUNCTUATION) for u in _URL_LIKE_RE.findall(rest)]
            rest = re.sub(r"[(\[]\s*(?:[)\]]|$)", " ", _URL_LIKE_RE.sub(" ", rest))  # "(<url>)"
            rest = " ".join(rest.split()).strip(" ,;:-–—")
        for url in urls:
            checked = checked_url(url, where=f"line {i + 1}")
            if not source_url:
                source_url = checked
            elif checked != source_url:
                extra_urls.append(checked)
        if rest:
            source_names.append(rest)
    other_names: list[str] = []
    for name in source_names:
        if not publisher:
            publisher = name
        elif not same_words_ignoring_case(name, publisher):
            other_names.append(name)
    if other_names:
        notes.append(
            f"The Source line names {_listing(other_names, quoted=True)}; the publisher from "
            f"the byline ({publisher!r}) was kept."
        )
    if extra_urls:
        notes.append(
            f"Only the first source URL was kept; also given: {_listing(extra_urls, quoted=False)}."
        )

    tags = checked_tags(raw_tags, where="the #tag lines")
    paragraphs = paragraphs_from_lines(lines[body_start:body_end])
    return build_article(
        title=title,
        paragraphs=paragraphs,
        language=article_language(language, title, paragraphs),
        publisher=publisher,
        author=author,
        source_url=source_url,
        published_at=published_at,
        tags=tags,
        notes=notes,
    )


def parse_pasted(
    *,
    title: str,
    text: str,
    language: str | None = None,
    publisher: str = "",
    author: str = "",
    source_url: str = "",
    published_at: datetime | None = None,
    tags: Iterable[str] = (),
) -> ParsedArticle:
    """Build an article from a form: a title, a text and optional metadata.

    The text is taken as it is (no byline or ``#Tag`` recognition: the form has fields
    for those), normalized by :func:`normalize_text`. When the text starts with the
    headline itself, that first paragraph is dropped (with a note) so that the headline
    is not repeated. Tags may be given with or without ``#``, within the same limits as
    the ``#Tag`` lines of :func:`parse_plain_text`; the publication date, within the same
    years as a byline's. Bidirectional controls are removed with a note; a lone
    surrogate in any field is an ``encoding`` error.
    """
    tags = list(tags)
    for field, value in (
        ("title", title),
        ("text", text),
        ("publisher", publisher),
        ("author", author),
        *(("tags", tag) for tag in tags),
    ):
        check_no_surrogates(value, where=f"the {field} field")
    clean_title = one_line(title)
    paragraphs = paragraphs_of(text)
    if not clean_title and not paragraphs:
        raise ArticleParseError("empty", "Both the title and the text are empty.")
    if not clean_title:
        raise ArticleParseError("no_title", "The article has a text but no title.")
    check_title(clean_title, where="the title field")
    notes = bidi_note(count_bidi_controls(title, text, publisher, author, *tags))
    if paragraphs and same_words_ignoring_case(paragraphs[0], clean_title):
        paragraphs = paragraphs[1:]
        notes.append("The text started with the headline; it is not repeated in the body.")
    if published_at is not None and published_at.utcoffset() is None:
        raise ArticleParseError(
            "bad_date",
            f"The publication date {published_at.isoformat()} has no time zone.",
        )
    check_publication_date(published_at, where="the publication date field")
    return build_article(
        title=clean_title,
        paragraphs=paragraphs,
        language=article_language(language, clean_title, paragraphs),
        source_url=checked_url(source_url, where="the source URL field"),
        notes=notes,
        # the other fields as the form gives them (build_article puts them on one line)
        publisher=publisher,
        author=author,
        published_at=published_at,
        tags=checked_tags(tags, where="the Tags field"),
    )
