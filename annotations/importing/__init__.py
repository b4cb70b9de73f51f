"""Parsing half of article import: bytes or text in, one frozen ParsedArticle out (no Django)."""

from annotations.importing.article import MAX_TITLE_LENGTH, ArticleParseError, ParsedArticle
from annotations.importing.decoding import check_size, decode_bytes
from annotations.importing.html_page import parse_html
from annotations.importing.language import detect_language
from annotations.importing.plain_text import parse_pasted, parse_plain_text
from annotations.importing.text import content_hash, normalize_text
from annotations.importing.upload import detect_format, parse_upload, read_upload

__all__ = [
    "MAX_TITLE_LENGTH",
    "ArticleParseError",
    "ParsedArticle",
    "check_size",
    "content_hash",
    "decode_bytes",
    "detect_format",
    "detect_language",
    "normalize_text",
    "parse_html",
    "parse_pasted",
    "parse_plain_text",
    "parse_upload",
    "read_upload",
]
