"""The result of parsing (:class:`ParsedArticle`) and its error (:class:`ArticleParseError`).

Every offset the application stores refers to :attr:`ParsedArticle.body`, which is
always in the canonical form produced by
:func:`~annotations.importing.text.normalize_text`: the headline, a blank line, then the
paragraphs separated by exactly one blank line, each paragraph on a single line.
``body[start:end]`` for each entry of ``paragraph_spans`` is exactly that paragraph.

Bad input never gives a partial result: it raises :class:`ArticleParseError`, whose
``code`` is stable (the interface translates it) and whose message, in English, gives the
details (which line, which size, which limit).

There are three ways in, and they all end in
:func:`~annotations.importing.building.build_article`:

* :func:`~annotations.importing.plain_text.parse_plain_text` reads the plain-text layout
  of the articles we receive;
* :func:`~annotations.importing.html_page.parse_html` extracts the article from a web
  page with trafilatura;
* :func:`~annotations.importing.plain_text.parse_pasted` takes a title, a text and
  metadata typed into a form.

Uploaded files go through :func:`~annotations.importing.upload.read_upload`, which
decodes them and picks the first or the second. Nothing in the package imports Django:
the service that stores a :class:`ParsedArticle` lives elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

#: A headline longer than this is refused (``title_too_long``): a first line that long
#: is a paragraph, which means the headline is missing.
MAX_TITLE_LENGTH = 300
#: More tags than this on one article are refused (``too_many_tags``): each tag is a row
#: and a link to store, and a text with thousands of ``#tag`` lines is not an article.
MAX_TAGS = 50
#: A tag longer than this is refused (``tag_too_long``); it is also the length of the
#: database column (``Tag.name``).
MAX_TAG_LENGTH = 100
#: A publication date before this year is refused (``bad_date``); so is one after next
#: year (:func:`latest_year`).
EARLIEST_YEAR = 1800
#: An HTML page whose elements nest deeper than this is refused (``too_deeply_nested``):
#: the HTML parser (libxml2) stops at 256 levels and would silently drop the rest of the
#: page, and the text extractor's cost grows with the depth.
MAX_HTML_DEPTH = 200


def latest_year() -> int:
    """The last year a publication date may have: next year (a time zone ahead of ours
    may already be there, and an embargoed article may be dated ahead)."""
    return datetime.now(UTC).year + 1


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
    ``encoding``           neither UTF-8 nor unambiguously Windows-1252, or text holding
                           UTF-16 surrogates (encoded, or left by a lossy decoding)
    ``too_large``          more bytes than allowed
    ``no_article_text``    an HTML page with no extractable article text
    ``no_title``           no headline (a form with an empty title)
    ``no_body``            a headline but no body paragraph
    ``bad_date``           a date that looks like a date but is impossible, or whose
                           year is before :data:`EARLIEST_YEAR` or after next year
    ``title_too_long``     a headline over :data:`MAX_TITLE_LENGTH` characters
    ``bad_url``            a source URL that is not http(s) with a host
    ``bad_language``       a language that is not a two-letter tag
    ``too_many_tags``      more than :data:`MAX_TAGS` different tags
    ``tag_too_long``       a tag over :data:`MAX_TAG_LENGTH` characters
    ``too_deeply_nested``  an HTML page nested deeper than :data:`MAX_HTML_DEPTH` levels
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ArticleParseError({self.code!r}, {self.message!r})"

    def __reduce__(self) -> tuple[type[ArticleParseError], tuple[str, str]]:
        return (type(self), (self.code, self.message))  # picklable despite the two arguments
