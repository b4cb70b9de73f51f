"""Uploaded files: read and decode them once, tell HTML from plain text, parse them.

:func:`read_upload` is the one way from an uploaded file (or text handled like one) to a
:class:`~annotations.importing.article.ParsedArticle`: size limit, decoding
(:func:`~annotations.importing.decoding.decode_bytes`), the choice between HTML and the
plain-text layout, then :func:`~annotations.importing.html_page.parse_html` or
:func:`~annotations.importing.plain_text.parse_plain_text`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import tzinfo
from typing import Protocol

from annotations.importing.article import ParsedArticle
from annotations.importing.decoding import check_size, decode_bytes
from annotations.importing.html_page import parse_html
from annotations.importing.plain_text import parse_plain_text
from annotations.importing.text import ALL_SPACES

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START_RE = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_STRUCTURE_RE = re.compile(
    r"<(?:body|head|article|main)[\s>]|</(?:p|div|section|h1|h2|li|article|body)>",
    re.IGNORECASE,
)


class Readable(Protocol):
    """A binary file open for reading: an uploaded file, an open file, ``io.BytesIO``."""

    def read(self) -> bytes: ...


def _looks_like_html(text: str) -> bool:
    if _HTML_START_RE.match(text):
        return True
    return text.lstrip(ALL_SPACES + "\ufeff").startswith("<") and bool(
        _HTML_STRUCTURE_RE.search(text)
    )


def _format_of(text: str, filename: str) -> str:
    if filename.lower().endswith(_HTML_SUFFIXES) or _looks_like_html(text):
        return "html"
    return "text"


def detect_format(data: bytes, *, filename: str = "") -> str:
    """``"html"`` or ``"text"``: how :func:`parse_upload` reads ``data``.

    Never raises: bytes that :func:`decode_bytes` would refuse are decoded leniently here,
    and :func:`parse_upload` raises the real error. (:func:`read_upload` gives the format
    and the article together, decoding only once.)
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return _format_of(text, filename)


def read_upload(
    upload: bytes | Readable,
    *,
    filename: str = "",
    size: int | None = None,
    default_timezone: tzinfo,
    max_bytes: int,
    language: str | None = None,
) -> tuple[str, ParsedArticle]:
    """Check the size, read and decode once, tell HTML from plain text, parse.

    Returns ``(format, article)``, the format being ``"html"`` or ``"text"``.

    ``upload`` is the bytes, or a binary file to read them from. When ``size`` is given
    (the size the file says it has), the size limit is checked before anything is read,
    so a huge file is refused without reading it; the bytes read are checked again.

    HTML when ``filename`` ends in ``.html``, ``.htm`` or ``.xhtml``, or the content
    starts with a doctype or ``<html``, or starts with a tag and has clear HTML structure
    (``<body>``, ``<article>``, ``</p>``…); otherwise plain text. Decoding notes come
    first in the article's notes. Raises
    :class:`~annotations.importing.article.ArticleParseError`.
    """
    if size is not None:
        check_size(size, max_bytes=max_bytes)
    data = upload if isinstance(upload, bytes) else upload.read()
    text, notes = decode_bytes(data, max_bytes=max_bytes)
    import_format = _format_of(text, filename)
    parse = parse_html if import_format == "html" else parse_plain_text
    article = parse(text, default_timezone=default_timezone, language=language)
    if notes:
        article = replace(article, notes=notes + article.notes)
    return import_format, article


def parse_upload(
    data: bytes,
    *,
    filename: str = "",
    default_timezone: tzinfo,
    max_bytes: int,
    language: str | None = None,
) -> ParsedArticle:
    """Decode an uploaded file and parse it as HTML or as the plain-text layout.

    :func:`read_upload` without the format (see there for how the format is chosen).
    """
    _, article = read_upload(
        data,
        filename=filename,
        default_timezone=default_timezone,
        max_bytes=max_bytes,
        language=language,
    )
    return article
