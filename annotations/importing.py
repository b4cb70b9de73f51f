"""Parsing half of article import: bytes or text in, one :class:`ParsedArticle` out.

Everything here is a pure function with no Django import: the service that stores a
:class:`ParsedArticle` lives elsewhere. There are three ways in, and they all end in the
same frozen dataclass:

* :func:`parse_plain_text` reads the plain-text layout of the articles we receive
  (headline, byline ``Publisher - 20 août 2025 01:35``, paragraphs separated by blank
  lines, then trailing ``Source`` and ``#Tag`` lines);
* :func:`parse_html` extracts the article from a web page with trafilatura;
* :func:`parse_pasted` takes a title, a text and metadata typed into a form.

:func:`decode_bytes` and :func:`parse_upload` handle uploaded files (size limit, binary
files, UTF-8 or strictly valid Windows-1252, HTML or plain text).

Every offset the application stores refers to :attr:`ParsedArticle.body`, which is
always in the canonical form produced by :func:`normalize_text`: the headline, a blank
line, then the paragraphs separated by exactly one blank line, each paragraph on a
single line. ``body[start:end]`` for each entry of ``paragraph_spans`` is exactly that
paragraph.

Bad input never gives a partial result: it raises :class:`ArticleParseError`, whose
``code`` is stable (the interface translates it) and whose message, in English, gives the
details (which line, which size, which limit).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "MAX_TITLE_LENGTH",
    "ArticleParseError",
    "ParsedArticle",
    "content_hash",
    "decode_bytes",
    "detect_format",
    "detect_language",
    "normalize_text",
    "parse_html",
    "parse_pasted",
    "parse_plain_text",
    "parse_upload",
]

#: A headline longer than this is refused (``title_too_long``): a first line that long
#: is a paragraph, which means the headline is missing.
MAX_TITLE_LENGTH = 300

#: In a block of consecutive non-blank lines, if every line is at most this long the
#: block is hard-wrapped text and its lines are joined with a space; if any line is
#: longer, the text was not wrapped and each line is a paragraph of its own.
WRAP_WIDTH = 100


# --------------------------------------------------------------------------------------
# Result and error types
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedArticle:
    """An article read from a file, a web page or a form, ready to be stored."""

    title: str
    """The headline: one line, stripped."""
    body: str
    """The headline, ``"\\n\\n"``, then the paragraphs joined by ``"\\n\\n"``; every
    offset stored by the application refers to this string."""
    language: str
    """Two-letter primary language tag, normally ``"fr"`` or ``"en"``."""
    publisher: str
    """The outlet, ``""`` when unknown."""
    author: str
    """``""`` when unknown."""
    source_url: str
    """An http(s) URL with a host, or ``""`` when unknown."""
    published_at: datetime | None
    """Timezone-aware, or ``None`` when unknown."""
    tags: tuple[str, ...]
    """Tags without the ``#``, in order of appearance, without duplicates."""
    notes: tuple[str, ...]
    """Non-fatal remarks for the user, in English."""
    paragraph_spans: tuple[tuple[int, int], ...]
    """``(start, end)`` of each paragraph in :attr:`body`, the headline first."""

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The paragraphs, the headline first (``body[start:end]`` for each span)."""
        return tuple(self.body[start:end] for start, end in self.paragraph_spans)


class ArticleParseError(ValueError):
    """The input cannot be imported; nothing was parsed.

    ``code`` is stable and meant for the interface to translate:

    ``empty``              empty input, or whitespace only
    ``binary``             NUL bytes, mostly control characters, or a known binary format
    ``unsupported_format`` a text format that is not an article (RTF)
    ``encoding``           neither UTF-8 nor unambiguously Windows-1252
    ``too_large``          more bytes than allowed
    ``no_article_text``    an HTML page with no extractable article text
    ``no_title``           no headline (a form with an empty title)
    ``no_body``            a headline but no body paragraph
    ``bad_date``           a date that looks like a date but is impossible
    ``title_too_long``     a headline over :data:`MAX_TITLE_LENGTH` characters
    ``bad_url``            a source URL that is not http(s) with a host
    ``bad_language``       a language that is not a two-letter tag
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ArticleParseError({self.code!r}, {self.message!r})"

    def __reduce__(self) -> tuple[type[ArticleParseError], tuple[str, str]]:
        return (type(self), (self.code, self.message))  # picklable despite the two arguments


# --------------------------------------------------------------------------------------
# Normalization
# --------------------------------------------------------------------------------------

# No-break spaces are content, not layout: French typography puts U+00A0 or U+202F before
# « : ; ! ? » and the sentence segmenter relies on them. They are never stripped, except
# that a line made only of white space counts as blank.
_NO_BREAK_SPACES = "\u00a0\u202f\u2007"
# Every character for which str.isspace() is true, less the no-break spaces (a test checks
# this list against the Unicode database of the running Python).
_STRIPPABLE_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
_ALL_SPACES = _STRIPPABLE_SPACES + _NO_BREAK_SPACES

# Characters that end a line in other tools: vertical tab, form feed (pdftotext puts one
# between pages), NEL and LINE SEPARATOR become a newline; PARAGRAPH SEPARATOR a blank line.
_LINE_BREAK_TRANSLATION = str.maketrans(
    {"\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
)
# Control characters (C0, DEL, C1) other than tab and newline, lone surrogates (which no
# encoder or database accepts) and U+FEFF (a BOM at the start; anywhere else, a left-over
# of concatenated files).
_UNWANTED_CHARS_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")
# A line that starts a list item or a line of dialogue starts a new paragraph even inside
# a hard-wrapped block.
_LIST_ITEM_RE = re.compile(r"^(?:[-*•–—]|\d{1,3}[.)])[ \t\u00a0\u202f]")


def _prepare_lines(text: str) -> list[str]:
    """Everything :func:`normalize_text` does, except building paragraphs.

    Returns the lines of ``text`` (one per line of the input, so that line numbers in
    error messages match an editor's), each stripped of leading and trailing white
    space other than no-break spaces; a line made only of white space is ``""``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_LINE_BREAK_TRANSLATION)
    text = _UNWANTED_CHARS_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        if not line.strip(_ALL_SPACES):
            lines.append("")
        else:
            lines.append(line.strip(_STRIPPABLE_SPACES))
    return lines


def _paragraphs_from_lines(lines: Iterable[str]) -> list[str]:
    """Group prepared lines into paragraphs (see :func:`normalize_text`)."""
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        if len(block) == 1 or any(len(line) > WRAP_WIDTH for line in block):
            paragraphs.extend(block)
        else:
            current = [block[0]]
            for line in block[1:]:
                if _LIST_ITEM_RE.match(line):
                    paragraphs.append(" ".join(current))
                    current = [line]
                else:
                    current.append(line)
            paragraphs.append(" ".join(current))
        block.clear()

    for line in lines:
        if line:
            block.append(line)
        else:
            flush()
    flush()
    return [unicodedata.normalize("NFC", paragraph) for paragraph in paragraphs]


def normalize_text(text: str) -> str:
    """Return ``text`` in the canonical form that every stored offset refers to.

    * ``\\r\\n`` and ``\\r`` become ``\\n``; vertical tab, form feed, NEL and U+2028
      become ``\\n``, U+2029 (paragraph separator) a blank line;
    * control characters other than ``\\n`` and ``\\t`` are removed, and so are lone
      surrogates and U+FEFF (a leading byte-order mark, or one left over elsewhere);
    * Unicode NFC;
    * each line loses its leading and trailing white space, except no-break spaces
      (U+00A0, U+202F, U+2007), which are kept exactly as they are, like typographic
      apostrophes and French quotes; a line of white space only is blank;
    * paragraphs are separated by exactly one blank line, with no blank line at the start
      or the end (runs of blank lines collapse);
    * each paragraph is a single line. Lines inside a block are joined with one space
      when the block is hard-wrapped (every line at most :data:`WRAP_WIDTH` characters),
      except that a line starting with a list marker (``-``, ``*``, ``•``, ``–``, ``—``,
      ``1.``, ``1)``) starts a new paragraph. When any line of the block is longer, the
      text was not wrapped (text copied from a web page puts one paragraph per line),
      and each line is a paragraph. Hyphens at the end of a line are kept (French has
      real hyphens: ``Royaume-`` / ``Uni``), so ``inter-`` / ``national`` gives
      ``inter- national``.

    The result is a fixed point: ``normalize_text(normalize_text(t)) == normalize_text(t)``.
    """
    return "\n\n".join(_paragraphs_from_lines(_prepare_lines(text)))


def _one_line(text: str) -> str:
    """Normalize ``text`` and put it on one line (for titles, names and tags)."""
    return " ".join(_paragraphs_from_lines(_prepare_lines(text)))


def content_hash(title: str, body: str) -> str:
    """SHA-256 (hex) of a canonical form of an article, to recognise a re-import.

    The canonical form is the title on one line, a NUL, and :func:`normalize_text` of the
    body, with runs of spaces and tabs collapsed to one space: the same article re-saved
    with CRLF line ends, trailing spaces, a BOM, decomposed accents or re-wrapped lines
    gives the same hash. No-break spaces, apostrophes and quotes are kept as they are.
    """
    canonical = _one_line(title) + "\x00" + normalize_text(body)
    canonical = re.sub(r"[ \t]+", " ", canonical)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------

# Hand-written on purpose: the choice is between two languages only, and a language-ID
# library (with its model files) would be a heavy dependency for that; nothing installed
# does it (trafilatura only uses py3langid when it is installed, and it is not).
# The lists hold frequent function words that are not words of the other language, so
# "a", "on", "en", "plus", "son", "me" and the like are left out. French elisions (l’,
# d’, qu’, n’, s’, c’, j’, m’, t’) count as French words.
_FRENCH_WORDS = frozenset(
    """
    le la les des du de un une et est sont dans pour par sur avec ce cette ces cet qui que
    ne pas au aux sa ses leur leurs nous vous ils elles il elle je été être ont mais ou où
    aussi très selon entre depuis après avant sans sous chez comme dont donc alors encore
    tout tous toute toutes fait peut mêmes même lors ainsi déjà
    """.split()  # noqa: SIM905 -- a word list reads better as words
)
_ENGLISH_WORDS = frozenset(
    """
    the of and to in is are was were for with that this these those which who by from at
    it its be been being have has had not but or an will would their they he she we you
    said says there what when than them his her our about into also could should after
    before while because just more most over other some such only
    """.split()  # noqa: SIM905 -- a word list reads better as words
)
_WORD_RE = re.compile(r"[^\W\d_]+")
_FRENCH_ELISION_RE = re.compile(r"(?<!\w)(?:qu|[ldjnmtsc])['’](?=\w)", re.IGNORECASE)


def _language_scores(text: str) -> tuple[int, int, int]:
    """(French hits, English hits, words) in ``text``."""
    words = _WORD_RE.findall(text.casefold())
    french = sum(1 for word in words if word in _FRENCH_WORDS)
    french += len(_FRENCH_ELISION_RE.findall(text))
    english = sum(1 for word in words if word in _ENGLISH_WORDS)
    return french, english, len(words)


def detect_language(text: str) -> str:
    """Return ``"fr"`` or ``"en"`` for ``text``, ``"fr"`` when unsure.

    Counts frequent function words of each language (stopwords) and French elisions.
    English wins only with at least three hits and two thirds of them; anything less
    (short text, a list of names, another language) gives ``"fr"``, the team's language.
    """
    french, english, _ = _language_scores(text)
    if english >= 3 and english * 3 >= (french + english) * 2:
        return "en"
    return "fr"


def _confident_language(text: str) -> str | None:
    """``"fr"`` or ``"en"`` when the text clearly is one of them, else ``None``.

    Clearly means at least 10 hits, 80 % of them for one language, and hits making at
    least 15 % of the words (German or Spanish text hits a few English or French words,
    but nowhere near that density).
    """
    french, english, words = _language_scores(text)
    hits = french + english
    if hits < 10 or hits * 100 < words * 15:
        return None
    if french * 10 >= hits * 8:
        return "fr"
    if english * 10 >= hits * 8:
        return "en"
    return None


_LANGUAGE_TAG_RE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*$")


def _language_tag(value: str) -> str | None:
    """The lower-case primary subtag of a BCP 47 tag (``"fr-FR"`` → ``"fr"``), or None."""
    match = _LANGUAGE_TAG_RE.match(value.strip())
    return match[1].lower() if match else None


def _explicit_language(language: str) -> str:
    tag = _language_tag(language)
    if tag is None:
        raise ArticleParseError(
            "bad_language",
            f"The language {language!r} is not a language tag: give a two-letter code "
            "such as 'fr' or 'en' (a region is allowed: 'fr-FR').",
        )
    return tag


# --------------------------------------------------------------------------------------
# URLs
# --------------------------------------------------------------------------------------


def _valid_url(url: str) -> str | None:
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


def _checked_url(url: str, *, where: str) -> str:
    if not url.strip():
        return ""
    valid = _valid_url(url)
    if valid is None:
        raise ArticleParseError(
            "bad_url",
            f"The source URL {url.strip()!r} ({where}) is not a web address: it must start "
            "with http:// or https:// and name a host, like https://www.example.org/article.",
        )
    return valid


# --------------------------------------------------------------------------------------
# Building the result
# --------------------------------------------------------------------------------------


def _check_title(title: str, *, where: str) -> None:
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
        cleaned = _one_line(tag).lstrip("#").rstrip(".:!?…").strip(_ALL_SPACES)
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            result.append(cleaned)
    return tuple(result)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _build_article(
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
        publisher=_one_line(publisher),
        author=_one_line(author),
        source_url=source_url,
        published_at=published_at,
        tags=_clean_tags(tags),
        notes=tuple(notes),
        paragraph_spans=tuple(spans),
    )


def _is_empty(text: str) -> bool:
    return not normalize_text(text)


# --------------------------------------------------------------------------------------
# Dates in bylines
# --------------------------------------------------------------------------------------

_MONTHS = {
    # French, full and abbreviated, with and without accents
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "déc": 12,
    # English, full and abbreviated
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_ALT = (
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lun|mer|jeu|ven|sam|dim|"
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|"
    "thu|fri|sat|sun"
)
_SP = r"[ \t\u00a0\u202f]"  # a space inside a byline, no-break spaces included
_WEEKDAY = rf"(?:(?:{_WEEKDAY_ALT})\.?,?{_SP}+)?"
_DATE_PATTERNS = (
    # 20 août 2025, 1er août 2025, mercredi 20 août 2025, 20 August 2025, 1st Aug. 2025
    rf"{_WEEKDAY}(?P<d1>\d{{1,2}})(?:er|e|st|nd|rd|th)?{_SP}+(?P<m1>{_MONTH_ALT})\.?,?"
    rf"{_SP}+(?P<y1>\d{{4}})",
    # August 20, 2025, Wednesday, Aug. 20 2025
    rf"{_WEEKDAY}(?P<m2>{_MONTH_ALT})\.?{_SP}+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?{_SP}+"
    rf"(?P<y2>\d{{4}})",
    # 2025-08-20 (ISO)
    r"(?P<y3>\d{4})-(?P<n3>\d{1,2})-(?P<d3>\d{1,2})",
    # 20/08/2025, 20.08.2025: day first (month first only when the day cannot be a month)
    r"(?P<d4>\d{1,2})[/.](?P<n4>\d{1,2})[/.](?P<y4>\d{4})",
)
# Unambiguous zone abbreviations seen in French and English bylines.
_ZONE_ABBREVIATIONS = {
    "CEST": timezone(timedelta(hours=2)),
    "CET": timezone(timedelta(hours=1)),
    "BST": timezone(timedelta(hours=1)),
    "EDT": timezone(timedelta(hours=-4)),
    "EST": timezone(timedelta(hours=-5)),
    "PDT": timezone(timedelta(hours=-7)),
    "PST": timezone(timedelta(hours=-8)),
}
_TIME_PATTERN = (
    rf"(?:{_SP}*(?:,|à|a|at|T|-|–|—){_SP}*|{_SP}+)"
    r"(?:"
    rf"(?P<H>\d{{1,2}}){_SP}?[:hH.]{_SP}?(?P<M>\d{{2}})(?::(?P<S>\d{{2}})(?:\.\d+)?)?"
    rf"|(?P<H2>\d{{1,2}}){_SP}?[hH](?![\w])"
    rf"|(?P<H3>\d{{1,2}})(?={_SP}*[aApP]\.?{_SP}?[mM]\b)"
    r")"
    rf"(?:{_SP}*(?P<ampm>[aApP])\.?{_SP}?[mM]\.?)?"
    rf"(?:{_SP}*\(?(?P<tz>(?:UTC|GMT|Z)(?:[+-]\d{{1,2}}(?::?\d{{2}})?)?|[+-]\d{{2}}:?\d{{2}}"
    rf"|{'|'.join(_ZONE_ABBREVIATIONS)})\)?)?"
)
_DATE_PREFIX = (
    rf"(?:(?:publié|mis{_SP}+à{_SP}+jour|published|updated|posted)(?:{_SP}+(?:le|on))?{_SP}+"
    rf"|(?:le|on){_SP}+)?"
)
_DATE_RE = re.compile(
    rf"{_DATE_PREFIX}(?:{'|'.join(_DATE_PATTERNS)})(?:{_TIME_PATTERN})?{_SP}*",
    re.IGNORECASE,
)
_BYLINE_SEPARATOR_RE = re.compile(rf"{_SP}+[-–—]{_SP}+")
_AUTHOR_PREFIX_RE = re.compile(rf"^(?:par|by){_SP}+", re.IGNORECASE)
_MAX_BYLINE_LENGTH = 200


def _tz_from_text(value: str) -> tzinfo:
    value = value.upper()
    if value in _ZONE_ABBREVIATIONS:
        return _ZONE_ABBREVIATIONS[value]
    for prefix in ("UTC", "GMT", "Z"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
            break
    if not value:
        return UTC
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours = int(digits[:-2] or 0) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _aware(value: datetime, zone: tzinfo, notes: list[str], where: str) -> datetime:
    """Make a naive local time aware in ``zone``; a time skipped by a daylight-saving
    change is moved forward, with a note."""
    aware = value.replace(tzinfo=zone)
    round_trip = aware.astimezone(UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != value:
        notes.append(
            f"The time {value:%H:%M} on {value:%Y-%m-%d} ({where}) does not exist in "
            f"{zone} (clocks change that night); it was read as {round_trip:%H:%M}."
        )
        return round_trip
    return aware


def _parse_byline_date(text: str, *, zone: tzinfo, where: str, notes: list[str]) -> datetime | None:
    """Read the date part of a byline.

    Returns None when ``text`` is not a date at all, and raises ``bad_date`` when it has
    the shape of a date but names an impossible day or time.
    """
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    groups = match.groupdict()
    try:
        if groups["y1"]:
            year, month, day = int(groups["y1"]), _MONTHS[groups["m1"].lower()], int(groups["d1"])
        elif groups["y2"]:
            year, month, day = int(groups["y2"]), _MONTHS[groups["m2"].lower()], int(groups["d2"])
        elif groups["y3"]:
            year, month, day = int(groups["y3"]), int(groups["n3"]), int(groups["d3"])
        else:
            year, month, day = int(groups["y4"]), int(groups["n4"]), int(groups["d4"])
            if month > 12 >= day:  # 08/20/2025 can only be month first
                month, day = day, month
        hour = minute = second = 0
        raw_hour = groups["H"] or groups["H2"] or groups["H3"]
        if raw_hour is not None:
            hour = int(raw_hour)
            minute = int(groups["M"] or 0)
            second = int(groups["S"] or 0)
            if groups["ampm"]:
                if not 1 <= hour <= 12:
                    raise ValueError(f"hour {hour} with AM/PM")
                hour = hour % 12 + (12 if groups["ampm"].lower() == "p" else 0)
        local = datetime(year, month, day, hour, minute, second)
        explicit_zone = _tz_from_text(groups["tz"]) if groups["tz"] else None
    except ValueError as error:
        raise ArticleParseError(
            "bad_date",
            f"The date {text.strip()!r} ({where}) is not a real date or time ({error}).",
        ) from None
    if explicit_zone is not None:
        return local.replace(tzinfo=explicit_zone).astimezone(zone)
    return _aware(local, zone, notes, where)


def _looks_like_byline(line: str) -> bool:
    """A short line with a dash separator whose right-hand side mentions a month or a
    year: a byline whose date could not be read."""
    if len(line) > _MAX_BYLINE_LENGTH or line.endswith((".", "!", "?", "…")):
        return False
    parts = _BYLINE_SEPARATOR_RE.split(line)
    if len(parts) < 2:
        return False
    tail = parts[-1].casefold()
    return bool(re.search(r"\b\d{4}\b", tail)) or (
        bool(re.search(r"\d", tail)) and any(word in _MONTHS for word in _WORD_RE.findall(tail))
    )


@dataclass(frozen=True)
class _Byline:
    publisher: str
    author: str
    published_at: datetime


def _parse_byline(line: str, *, zone: tzinfo, where: str, notes: list[str]) -> _Byline | None:
    """``Publisher - <date>`` or ``<date>`` alone; None when ``line`` is not a byline.

    The date must be the whole rest of the line, so a paragraph that starts with a date
    ("Le 20 août 2025, la France…") is never taken for a byline. A left-hand side that
    starts with "Par"/"By" names the author, not the publisher.
    """
    if len(line) > _MAX_BYLINE_LENGTH:
        return None
    candidates = [("", line)]
    for separator in _BYLINE_SEPARATOR_RE.finditer(line):
        candidates.append((line[: separator.start()], line[separator.end() :]))
    for who, when in candidates:
        published_at = _parse_byline_date(when, zone=zone, where=where, notes=notes)
        if published_at is None:
            continue
        who = who.strip(_ALL_SPACES)
        if _AUTHOR_PREFIX_RE.match(who):
            return _Byline("", _AUTHOR_PREFIX_RE.sub("", who), published_at)
        return _Byline(who, "", published_at)
    return None


# --------------------------------------------------------------------------------------
# Plain text
# --------------------------------------------------------------------------------------

_TAG_LINE_RE = re.compile(r"^#[^\s#,;]+(?:[\s,;]*#[^\s#,;]+)*[\s,;]*$")
_TAG_RE = re.compile(r"#([^\s#,;]+)")
_SOURCE_LINE_RE = re.compile(
    r"^sources?(?:[ \t\u00a0\u202f]*[:：–—-][ \t\u00a0\u202f]*(?P<rest>.*))?$", re.IGNORECASE
)
_URL_LIKE_RE = re.compile(r"(?:\b[a-z][a-z0-9+.-]*://|\bwww\.)\S+", re.IGNORECASE)
_URL_TRAILING_PUNCTUATION = ".,;:!?)]}»›\"'’”"
_MARKDOWN_HEADING_RE = re.compile(r"^#{1,6}[ \t]+")


def _metadata_line(line: str) -> str | None:
    """The kind of a trailing metadata line ("tags", "source", "url"), or None."""
    if _TAG_LINE_RE.match(line):
        return "tags"
    if _SOURCE_LINE_RE.match(line):
        return "source"
    if _valid_url(line) is not None:
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
      (``31 février 2025``) is a ``bad_date`` error.
    * Paragraphs are separated by blank lines (see :func:`normalize_text`).
    * At the end, lines of ``#Tags`` (one or several per line), a ``Source`` line and a
      bare URL are metadata, not body, in any order. ``Source`` alone gives nothing;
      ``Source: https://…`` (or ``Source : …``) gives ``source_url``; a name without
      URL (``Source : Le Monde``) becomes the publisher when the byline gave none, and
      is otherwise kept in a note (the model has no field for an original source).
    """
    if _is_empty(text):
        raise ArticleParseError("empty", "The text is empty (or only white space).")
    lines = _prepare_lines(text)
    notes: list[str] = []

    # headline
    first = next(i for i, line in enumerate(lines) if line)
    title = _one_line(_MARKDOWN_HEADING_RE.sub("", lines[first])) or lines[first]
    _check_title(title, where=f"line {first + 1}")

    # byline
    body_start = first + 1
    publisher = author = ""
    published_at = None
    following = next((i for i in range(first + 1, len(lines)) if lines[i]), None)
    if following is not None:
        where = f"line {following + 1}"
        byline = _parse_byline(lines[following], zone=default_timezone, where=where, notes=notes)
        if byline is not None:
            publisher, author, published_at = byline.publisher, byline.author, byline.published_at
            body_start = following + 1
        elif _looks_like_byline(lines[following]):
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

    tags: list[str] = []
    source_url = ""
    source_names: list[str] = []
    extra_urls: list[str] = []
    for i, kind in metadata:
        line = lines[i]
        if kind == "tags":
            tags.extend(_TAG_RE.findall(line))
            continue
        if kind == "url":
            urls, rest = [line], ""
        else:
            rest = (_SOURCE_LINE_RE.match(line)["rest"] or "").strip(_ALL_SPACES)
            urls = [u.rstrip(_URL_TRAILING_PUNCTUATION) for u in _URL_LIKE_RE.findall(rest)]
            rest = re.sub(r"[(\[]\s*(?:[)\]]|$)", " ", _URL_LIKE_RE.sub(" ", rest))  # "(<url>)"
            rest = " ".join(rest.split()).strip(" ,;:-–—")
        for url in urls:
            checked = _checked_url(url, where=f"line {i + 1}")
            if not source_url:
                source_url = checked
            elif checked != source_url:
                extra_urls.append(checked)
        if rest:
            source_names.append(rest)
    for name in source_names:
        if not publisher:
            publisher = name
        elif not _same_text(name, publisher):
            notes.append(
                f"The Source line names {name!r}; the publisher from the byline "
                f"({publisher!r}) was kept."
            )
    if extra_urls:
        notes.append(f"Only the first source URL was kept; also given: {', '.join(extra_urls)}.")

    paragraphs = _paragraphs_from_lines(lines[body_start:body_end])
    if language is not None:
        language = _explicit_language(language)
    else:
        language = detect_language(title + "\n" + "\n".join(paragraphs))
    return _build_article(
        title=title,
        paragraphs=paragraphs,
        language=language,
        publisher=publisher,
        author=author,
        source_url=source_url,
        published_at=published_at,
        tags=tags,
        notes=notes,
    )


# --------------------------------------------------------------------------------------
# Pasted text
# --------------------------------------------------------------------------------------


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
    is not repeated. Tags may be given with or without ``#``.
    """
    clean_title = _one_line(title)
    paragraphs = _paragraphs_from_lines(_prepare_lines(text))
    if not clean_title and not paragraphs:
        raise ArticleParseError("empty", "Both the title and the text are empty.")
    if not clean_title:
        raise ArticleParseError("no_title", "The article has a text but no title.")
    _check_title(clean_title, where="the title field")
    notes = []
    if paragraphs and _same_text(paragraphs[0], clean_title):
        paragraphs = paragraphs[1:]
        notes.append("The text started with the headline; it is not repeated in the body.")
    if published_at is not None and published_at.utcoffset() is None:
        raise ArticleParseError(
            "bad_date",
            f"The publication date {published_at.isoformat()} has no time zone.",
        )
    if language is not None:
        language = _explicit_language(language)
    else:
        language = detect_language(clean_title + "\n" + "\n".join(paragraphs))
    return _build_article(
        title=clean_title,
        paragraphs=paragraphs,
        language=language,
        publisher=publisher,
        author=author,
        source_url=_checked_url(source_url, where="the source URL field"),
        published_at=published_at,
        tags=tags,
        notes=notes,
    )


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

# Pruned before trafilatura runs. trafilatura already discards navigation, asides, ads,
# cookie banners and (with include_comments=False) comment sections in its main pass,
# but when that pass finds too little it falls back to generic extractors that happily
# return a cookie banner or a <noscript> message as "the article". Class and id tokens
# are matched whole; nothing that holds the <h1> or an <article> is ever pruned.
_BOILERPLATE_TOKENS = (
    "cookie|cookies|cookie-banner|cookie-consent|cookie-notice|consent|gdpr|rgpd|cmp|"
    "didomi|didomi-host|onetrust|tarteaucitron|ad|ads|advert|adverts|advertisement|"
    "advertising|adsbygoogle|pub|publicite|publicité|sponsor|sponsored|outbrain|taboola|"
    "comments|comment-list|commentlist|comments-area|commentaires|reactions|disqus_thread|"
    "newsletter|paywall"
)
_PRUNE_XPATH = (
    "//noscript"
    " | //*[self::nav or @role='navigation'][not(.//h1) and not(.//article)]"
    " | //*[self::footer or self::header or @role='banner' or @role='contentinfo']"
    "[not(.//h1) and not(.//article) and not(ancestor::article)]"
    " | //*[self::div or self::section or self::aside or self::ul or self::ol or self::p"
    " or self::form or self::dialog][not(.//h1) and not(.//article)]["
    f"re:test(@class, '(^|\\s)({_BOILERPLATE_TOKENS})(\\s|$)', 'i')"
    f" or re:test(@id, '^({_BOILERPLATE_TOKENS})$', 'i')]"
)
_MIN_SENTENCE_WORDS = 6
_REGEXP_NAMESPACE = {"re": "http://exslt.org/regular-expressions"}
_PUBLISHED_TIME_XPATH = '//meta[@property="article:published_time"]/@content'
_TIMESTAMP_XPATHS = (
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//*[@itemprop="datePublished"]/@content',
    '//meta[@name="pubdate" or @name="publishdate" or @name="publish-date"'
    ' or @name="DC.date.issued" or @name="dcterms.created" or @name="date"]/@content',
    "//article//time[@datetime]/@datetime",
    "//time[@pubdate][@datetime]/@datetime",
)
_JSON_LD_XPATH = '//script[@type="application/ld+json"]/text()'
_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_STRUCTURE_RE = re.compile(
    r"<(?:body|head|article|main)[\s>]|</(?:p|div|section|h1|h2|li|article|body)>",
    re.IGNORECASE,
)


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.xpath(_JSON_LD_XPATH):
        try:
            walk(json.loads(script))
        except ValueError:
            continue
    return found


def _page_timestamp(tree: HtmlElement, day: date | None, zone: tzinfo) -> datetime | None:
    """A publication time with hours from the page's own metadata, if it has one.

    htmldate (through trafilatura) only ever returns a day, even when the page says
    ``article:published_time = 2025-03-14T08:30:00+01:00``; so the time is looked up
    here, and used only when it falls on the day trafilatura found.
    """
    candidates = [str(value) for value in tree.xpath(_PUBLISHED_TIME_XPATH)]
    candidates += _json_ld_dates(tree)
    for xpath in _TIMESTAMP_XPATHS:
        candidates.extend(str(value) for value in tree.xpath(xpath))
    for candidate in candidates:
        candidate = candidate.strip()
        if len(candidate) <= 10:  # a day only: nothing more than trafilatura's date
            continue
        try:
            value = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if day is not None and value.date() != day:
            continue
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return value.astimezone(zone)
    return None


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    values = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    values += tree.xpath(
        '//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")'
        ' = "content-language"]/@content'
    )
    values += tree.xpath('//meta[@property="og:locale"]/@content')
    for value in values:
        if value and (tag := _language_tag(str(value).split(",")[0])):
            return tag
    return None


def parse_html(
    html: str,
    *,
    default_timezone: tzinfo,
    url: str | None = None,
    language: str | None = None,
) -> ParsedArticle:
    """Extract the article of a web page with trafilatura.

    Navigation, scripts, adverts, cookie banners and reader comments are left out
    (``include_comments=False``, no tables, links, images or formatting, plus the
    pruning above). The headline, author, day, site name, canonical URL and tags come
    from trafilatura's metadata. The day comes from htmldate, which drops the time of
    day: a time is taken from the page's ``article:published_time``, JSON-LD
    ``datePublished`` or ``<time datetime>`` when it falls on that day, and otherwise
    the article is dated midnight in ``default_timezone``.

    The language is ``language`` when given; otherwise the page's own declaration
    (``<html lang>``, ``Content-Language``, ``og:locale``), unless the text is clearly
    French or English and the declaration says otherwise (templates often keep
    ``lang="en-US"`` on French sites), in which case the text wins and a note says so;
    otherwise :func:`detect_language`.

    ``url`` is where the page was fetched; the page's canonical URL is preferred.
    """
    # imported here: trafilatura is heavy (lxml, htmldate, courlan) and only HTML needs it
    import trafilatura
    from trafilatura.utils import load_html

    if _is_empty(html):
        raise ArticleParseError("empty", "The HTML page is empty (or only white space).")
    given_url = _checked_url(url or "", where="the URL given for the page")
    if language is not None:
        language = _explicit_language(language)
    if not re.search(r"<(?:html|body)[\s>]", html, re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # a fragment: trafilatura wants a page
    tree = load_html(html)
    if tree is None:
        raise ArticleParseError(
            "no_article_text", "The HTML could not be parsed: it is not a web page."
        )
    declared_language = _declared_language(tree)
    for element in tree.xpath(_PRUNE_XPATH, namespaces=_REGEXP_NAMESPACE):
        element.drop_tree()
    document = trafilatura.bare_extraction(
        tree,
        url=given_url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        include_formatting=False,
        deduplicate=False,
        # No "extensive" search: it dates a page from its copyright line ("© 2025" gives
        # 2025-01-01). A wrong date is worse than none for a fact-check.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": datetime.now(UTC).strftime("%Y-%m-%d"),
        },
    )
    # trafilatura's text has one block per line: each line is a paragraph, whatever its length
    paragraphs: list[str] = []
    if document is not None:
        for line in (document.text or "").split("\n"):
            paragraphs.extend(_paragraphs_from_lines(_prepare_lines(line)))
    no_article_text = ArticleParseError(
        "no_article_text",
        "No article text could be found in the HTML page: it may be an index page, a "
        "cookie or paywall screen, or a page built by JavaScript. Save the article page "
        "itself, or paste its text.",
    )
    if not paragraphs:
        raise no_article_text
    notes: list[str] = []
    title = _one_line(document.title or "")
    if not title:
        title = paragraphs.pop(0)
        notes.append("The page has no title; its first line was taken as the headline.")
    _check_title(title, where="the page title")
    # the <h1> is in trafilatura's text, not always first (a standfirst may come before it)
    paragraphs = [paragraph for paragraph in paragraphs if not _same_text(paragraph, title)]
    # A menu or a list of links is not an article: ask for at least one sentence.
    if not any(len(paragraph.split()) >= _MIN_SENTENCE_WORDS for paragraph in paragraphs):
        raise no_article_text

    source_url = ""
    if document.url:
        source_url = _valid_url(document.url) or ""
        if not source_url:
            notes.append(f"The page's own URL ({document.url!r}) is not a web address.")
    source_url = source_url or given_url

    day = None
    if document.date:
        try:
            day = date.fromisoformat(document.date[:10])
        except ValueError:
            day = None
    published_at = _page_timestamp(tree, day, default_timezone)
    if published_at is None and day is not None:
        published_at = datetime.combine(day, time(0), tzinfo=default_timezone)

    if language is None:
        text = title + "\n" + "\n".join(paragraphs)
        declared = declared_language
        guessed = _confident_language(text)
        if declared and guessed and guessed != declared:
            notes.append(
                f"The page declares the language {declared!r}, but the text is clearly "
                f"{'French' if guessed == 'fr' else 'English'}; {guessed!r} was used."
            )
            language = guessed
        else:
            language = declared or detect_language(text)

    tags = [part for tag in document.tags or () for part in tag.split(",")]
    return _build_article(
        title=title,
        paragraphs=paragraphs,
        language=language,
        publisher=document.sitename or "",
        author=document.author or "",
        source_url=source_url,
        published_at=published_at,
        tags=tags,
        notes=notes,
    )


# --------------------------------------------------------------------------------------
# Bytes
# --------------------------------------------------------------------------------------

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or OpenDocument file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office document (.doc)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
# Undecodable in strict UTF-8 but present: UTF-8 sequences for the characters French and
# English text uses (é = C3 A9, ’ = E2 80 99, NBSP = C2 A0, € = E2 82 AC, œ = C5 93). In
# real Windows-1252 text they would read "Ã©", "â€™", "Â " — which no one writes — so
# their presence means a file mixing UTF-8 with another encoding.
_UTF8_SEQUENCE_RE = re.compile(
    rb"\xc3[\x80-\xbf]|\xc2[\xa0-\xbf]|\xe2\x80[\x90-\xba]|\xe2\x82\xac|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]"
)
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D} | {0x7F}
# Non-ASCII characters that are normal in Windows-1252 text besides letters.
_CP1252_PUNCTUATION = frozenset("\u00a0«»‘’“”‚„–—…•€°§©®™±×÷¡¿¢£¥¦¨ª¬¯²³´µ¶·¸¹º¼½¾†‡‰‹›ˆ˜")


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def _position(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, byte {column} of the line"


def check_size(size: int, *, max_bytes: int) -> None:
    """Raise ``too_large`` when ``size`` bytes are over the limit (call it before reading)."""
    if size > max_bytes:
        raise ArticleParseError(
            "too_large",
            f"The file is {_megabytes(size)} ({size:,} bytes); the limit is "
            f"{_megabytes(max_bytes)} ({max_bytes:,} bytes).",
        )


def decode_bytes(data: bytes, *, max_bytes: int) -> tuple[str, tuple[str, ...]]:
    """Decode an uploaded file into text, with notes for the user.

    UTF-8 (with or without BOM) is read as is; UTF-16 with a BOM is accepted with a note.
    Anything else is decoded as Windows-1252 only when that is unambiguous: every byte is
    defined in Windows-1252, no control character other than tab, newline, CR and form
    feed appears, the result looks like text (mostly ASCII, the rest letters and usual
    punctuation), and there is no UTF-8 sequence for an accented letter or a typographic
    sign in it (which would mean a file mixing encodings). A note then says so; in every
    other case, ``encoding`` is raised. Checks before decoding: the size limit
    (``too_large``), emptiness (``empty``), known binary formats, NUL bytes or mostly
    control bytes (``binary``) and RTF (``unsupported_format``).
    """
    size = len(data)
    check_size(size, max_bytes=max_bytes)
    if size == 0:
        raise ArticleParseError("empty", "The file is empty (0 bytes).")

    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleParseError(
                "encoding",
                f"The file starts like UTF-16 but is not valid UTF-16 (at byte {error.start:,}).",
            ) from None
        if _is_empty(text):
            raise ArticleParseError("empty", "The file contains only white space.")
        return text.removeprefix("\ufeff"), ("The file was UTF-16; it was decoded as such.",)

    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise ArticleParseError(
                "binary",
                f"The file is {kind}, not text or a web page. Import the article as plain "
                "text (.txt) or as a saved web page (.html).",
            )
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise ArticleParseError(
            "unsupported_format",
            "The file is an RTF (rich text) document. Save it as plain text (.txt) and "
            "import it again.",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        sample = data[:4096]
        if sample.count(0) * 3 >= len(sample) and (
            sample[1::2].count(0) * 10 >= len(sample[1::2]) * 9
            or sample[0::2].count(0) * 10 >= len(sample[0::2]) * 9
        ):
            raise ArticleParseError(
                "encoding",
                "Every other byte of the file is a NUL byte: it is probably UTF-16 without "
                "a byte-order mark. Save it as UTF-8 and import it again.",
            )
        raise ArticleParseError(
            "binary",
            f"The file contains NUL bytes (the first at {_position(data, nul)}): it is a "
            "binary file, not text.",
        )
    sample = data[:65536]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    if controls * 10 > len(sample):
        raise ArticleParseError(
            "binary",
            f"The file is mostly control characters ({controls * 100 // len(sample)} % of "
            f"its first {len(sample):,} bytes): it is a binary file, not text.",
        )

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _decode_windows_1252(data, error)
        notes: tuple[str, ...] = ("The file was not UTF-8; it was decoded as Windows-1252.",)
    else:
        notes = ()
    if _is_empty(text):
        raise ArticleParseError("empty", "The file contains only white space.")
    return text, notes


def _decode_windows_1252(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    bad_byte = data[utf8_error.start]
    not_utf8 = (
        f"The file is not valid UTF-8 (byte 0x{bad_byte:02X} at "
        f"{_position(data, utf8_error.start)})"
    )
    advice = "Save the file as UTF-8 and import it again."
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and it is not Windows-1252 either: byte 0x{byte:02X} at "
            f"{_position(data, error.start)} is not defined there. {advice}",
        ) from None
    mixed = _UTF8_SEQUENCE_RE.search(data)
    if mixed:
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, but it also contains UTF-8 text (at "
            f"{_position(data, mixed.start())}): it mixes two encodings and cannot be "
            f"read reliably. {advice}",
        )
    control = re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    if control:
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and read as Windows-1252 it contains a control character "
            f"(U+{ord(control[0]):04X} at {_position(data, control.start())}), so it is not "
            f"plain text in a known encoding. {advice}",
        )
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    unusual = [ch for ch in non_ascii if not ch.isalpha() and ch not in _CP1252_PUNCTUATION]
    if len(non_ascii) * 10 > len(text) * 3 or len(unusual) * 5 > len(non_ascii):
        raise ArticleParseError(
            "encoding",
            f"{not_utf8}, and read as Windows-1252 it does not look like text "
            f"({len(non_ascii):,} of {len(text):,} characters are not ASCII, "
            f"{len(unusual):,} of them neither letters nor usual punctuation). {advice}",
        )
    return text


_HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _looks_like_html(text: str) -> bool:
    if _HTML_START_RE.match(text):
        return True
    return text.lstrip(_ALL_SPACES + "\ufeff").startswith("<") and bool(
        _HTML_STRUCTURE_RE.search(text)
    )


def _format_of(text: str, filename: str) -> str:
    if filename.lower().endswith(_HTML_SUFFIXES) or _looks_like_html(text):
        return "html"
    return "text"


def detect_format(data: bytes, *, filename: str = "") -> str:
    """``"html"`` or ``"text"``: how :func:`parse_upload` reads ``data``.

    Never raises: bytes that :func:`decode_bytes` would refuse are decoded leniently here,
    and :func:`parse_upload` raises the real error.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return _format_of(text, filename)


def parse_upload(
    data: bytes,
    *,
    filename: str = "",
    default_timezone: tzinfo,
    max_bytes: int,
    language: str | None = None,
) -> ParsedArticle:
    """Decode an uploaded file and parse it as HTML or as the plain-text layout.

    HTML when the name ends in ``.html``, ``.htm`` or ``.xhtml``, or the content starts
    with a doctype or ``<html``, or starts with a tag and has clear HTML structure
    (``<body>``, ``<article>``, ``</p>``…); otherwise plain text (see
    :func:`detect_format`). Decoding notes come first in the article's notes.
    """
    text, notes = decode_bytes(data, max_bytes=max_bytes)
    if _format_of(text, filename) == "html":
        article = parse_html(text, default_timezone=default_timezone, language=language)
    else:
        article = parse_plain_text(text, default_timezone=default_timezone, language=language)
    return replace(article, notes=notes + article.notes) if notes else article
