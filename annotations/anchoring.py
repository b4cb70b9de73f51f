"""A span of an article's body: checked against a quote, found by its quote, and described.

Pure functions over the body (``article.body``) and character offsets, with no Django
import: the service that stores a claim, the write API that locates a quote, the pages
that show a quote in its context and the linked-data documents all use these.

Errors are :class:`SpanError` with a stable ``code``; the callers word them for their
users (``services.claims`` for forms, the write serializers for the API).
"""

from __future__ import annotations

import re

# Characters kept on each side of a claim's quote, to re-anchor it if the text changes
# (the W3C TextQuoteSelector's prefix and suffix).
CONTEXT_LENGTH = 32
# Characters of the body shown around a quote on the pages (cut at word boundaries).
DISPLAY_CONTEXT = 160

_WS = re.compile(r"\s+")


class SpanError(ValueError):
    """A span or quote that cannot be anchored in the body.

    ``code``: ``outside`` (offsets not within the body), ``empty`` (only white space),
    ``mismatch`` (the body reads otherwise there), ``not_found`` (the quote is not in the
    body), ``ambiguous`` (it occurs ``count`` times and no occurrence was given),
    ``no_such_occurrence`` (fewer than ``occurrence + 1`` occurrences).
    """

    def __init__(self, code: str, *, count: int = 0):
        super().__init__(code)
        self.code = code
        self.count = count


def same_text_but_spaces(a: str, b: str) -> bool:
    """Equal but for white space: a browser's selection renders paragraph breaks and
    the gaps between sentences in its own way (or not at all); every other character
    must match."""
    return _WS.sub("", a) == _WS.sub("", b)


def check_span(body: str, start, end, quote: str) -> tuple[int, int]:
    """``(start, end)`` trimmed of surrounding white space, once ``body[start:end]``
    reads as ``quote`` (white space aside); else :class:`SpanError`."""
    offsets_are_ints = type(start) is int and type(end) is int  # not bool, not str
    if not offsets_are_ints or not 0 <= start < end <= len(body):
        raise SpanError("outside")
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise SpanError("empty")
    if not same_text_but_spaces(body[start:end], quote or ""):
        raise SpanError("mismatch")
    return start, end


def find_quote(body: str, quote: str) -> list[tuple[int, int]]:
    """Every place where ``quote`` occurs in ``body``, white space compared loosely (as
    :func:`check_span` does: a copied quote may break lines its own way)."""
    characters = [re.escape(c) for c in quote if not c.isspace()]
    if not characters:
        return []
    pattern = re.compile(r"\s*".join(characters))
    return [(match.start(), match.end()) for match in pattern.finditer(body)]


def locate_quote(body: str, quote: str, occurrence: int | None = None) -> tuple[int, int]:
    """The offsets of ``quote`` in ``body``: its only occurrence, or occurrence number
    ``occurrence`` (from 0) when it occurs more than once."""
    found = find_quote(body, quote)
    if not found:
        raise SpanError("not_found")
    if occurrence is None:
        if len(found) > 1:
            raise SpanError("ambiguous", count=len(found))
        occurrence = 0
    if occurrence >= len(found):
        raise SpanError("no_such_occurrence", count=len(found))
    return found[occurrence]


def context(body: str, start: int, end: int, length: int = CONTEXT_LENGTH) -> tuple[str, str]:
    """The ``length`` characters before and after the span: its stored prefix and suffix."""
    return body[max(0, start - length) : start], body[end : end + length]


def words_around(body: str, start: int, end: int, length: int = DISPLAY_CONTEXT) -> tuple[str, str]:
    """Up to ``length`` characters before and after the span, cut at word boundaries (a
    word is never shown in part), to show a quote in its context."""
    before = body[max(0, start - length) : start]
    if start > length and " " in before:
        before = before[before.index(" ") + 1 :]
    after = body[end : end + length]
    if end + length < len(body) and " " in after:
        after = after[: after.rindex(" ")]
    return before, after


def span_selectors(*, start: int, end: int, quote: str, prefix: str, suffix: str) -> dict:
    """The span as the API describes it: ``{"position": …, "quote": …}``."""
    return {
        "position": {"start": start, "end": end},
        "quote": {"exact": quote, "prefix": prefix, "suffix": suffix},
    }


def web_annotation_selectors(
    *, start: int, end: int, quote: str, prefix: str, suffix: str
) -> list[dict]:
    """The same span as W3C Web Annotation selectors (empty prefix or suffix left out).

    Offsets count Unicode code points, as TextPositionSelector asks."""
    values = span_selectors(start=start, end=end, quote=quote, prefix=prefix, suffix=suffix)
    text_quote = {"type": "TextQuoteSelector"}
    text_quote.update((key, value) for key, value in values["quote"].items() if value)
    return [text_quote, {"type": "TextPositionSelector", **values["position"]}]
