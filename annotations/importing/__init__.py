"""Parsing half of article import: bytes or text in, one frozen ParsedArticle out (no Django)."""

from annotations.importing.article import (
    EARLIEST_YEAR,
    MAX_HTML_DEPTH,
    MAX_TAG_LENGTH,
    MAX_TAGS,
    MAX_TITLE_LENGTH,
    ArticleParseError,
    ParsedArticle,
    latest_year,
)
from annotations.importing.building import check_publication_date, checked_tags
from annotations.importing.decoding import check_size, decode_bytes
from annotations.importing.html_page import parse_html
from annotations.importing.language import detect_language
from annotations.importing.plain_text import parse_pasted, parse_plain_text
from annotations.importing.text import content_hash, normalize_text
from annotations.importing.upload import detect_format, parse_upload, read_upload

__all__ = [
    "EARLIEST_YEAR",
    "MAX_HTML_DEPTH",
    "MAX_TAGS",
    "MAX_TAG_LENGTH",
    "MAX_TITLE_LENGTH",
    "ArticleParseError",
    "ParsedArticle",
    "check_publication_date",
    "check_size",
    "checked_tags",
    "content_hash",
    "decode_bytes",
    "detect_format",
    "detect_language",
    "latest_year",
    "normalize_text",
    "parse_html",
    "parse_pasted",
    "parse_plain_text",
    "parse_upload",
    "read_upload",
]
