"""Text normalization: the canonical form every stored offset refers to, and its hash.

:func:`normalize_text` turns any text (a file, a web page's extracted text, a form) into
the canonical form of :attr:`~annotations.importing.article.ParsedArticle.body`: paragraphs
separated by exactly one blank line, each paragraph on a single line. The helpers it is
made of (:func:`prepare_lines`, :func:`paragraphs_from_lines`, :func:`paragraphs_of`,
:func:`one_line`) and the
tables of white space are shared by the parsers of the package.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

#: In a block of consecutive non-blank lines, if every line is at most this long the
#: block is hard-wrapped text and its lines are joined with a space; if any line is
#: longer, the text was not wrapped and each line is a paragraph of its own.
WRAP_WIDTH = 100

# No-break spaces are content, not layout: French typography puts U+00A0 or U+202F before
# « : ; ! ? » and the sentence segmenter relies on them. They are never stripped, except
# that a line made only of white space counts as blank.
_NO_BREAK_SPACES = "\u00a0\u202f\u2007"
# Every character for which str.isspace() is true, less the no-break spaces (a test checks
# this list against the Unicode database of the running Python).
STRIPPABLE_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2008\u2009\u200a\u2028\u2029\u205f\u3000"
)
#: Every white-space character, no-break spaces included.
ALL_SPACES = STRIPPABLE_SPACES + _NO_BREAK_SPACES

# Characters that end a line in other tools: vertical tab, form feed (pdftotext puts one
# between pages), NEL and LINE SEPARATOR become a newline; PARAGRAPH SEPARATOR a blank line.
# (A chain of str.replace, not str.translate: translate with a table looks every
# character up in a dict, 25 ms a megabyte; replace scans for one character at C speed.)
_LINE_BREAKS = (
    ("\x0b", "\n"),
    ("\x0c", "\n"),
    ("\x85", "\n"),
    ("\u2028", "\n"),
    ("\u2029", "\n\n"),
)
#: Bidirectional formatting characters: the embeddings, overrides and isolates
#: (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). Invisible, they
#: can make a text display in another order than the one it is stored and quoted in (the
#: "Trojan Source" trick), so normalization removes them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_CONTROLS_RE = re.compile(f"[{BIDI_CONTROLS}]")
# Control characters (C0, DEL, C1) other than tab and newline, lone surrogates (which no
# encoder or database accepts), U+FEFF (a BOM at the start; anywhere else, a left-over
# of concatenated files) and the bidirectional controls.
_UNWANTED = f"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff{BIDI_CONTROLS}"
_UNWANTED_CHARS_RE = re.compile(f"[{_UNWANTED}]")
# A character that survives normalization: neither white space nor an unwanted one.
_VISIBLE_CHAR_RE = re.compile(f"[^\\s{_UNWANTED}]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
# A line that starts a list item or a line of dialogue starts a new paragraph even inside
# a hard-wrapped block.
_LIST_ITEM_RE = re.compile(r"^(?:[-*•–—]|\d{1,3}[.)])[ \t\u00a0\u202f]")


def prepare_lines(text: str) -> list[str]:
    """Everything :func:`normalize_text` does, except building paragraphs.

    Returns the lines of ``text`` (one per line of the input, so that line numbers in
    error messages match an editor's), each stripped of leading and trailing white
    space other than no-break spaces; a line made only of white space is ``""``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for character, replacement in _LINE_BREAKS:
        text = text.replace(character, replacement)
    text = _UNWANTED_CHARS_RE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        if not line.strip(ALL_SPACES):
            lines.append("")
        else:
            lines.append(line.strip(STRIPPABLE_SPACES))
    return lines


def paragraphs_from_lines(lines: Iterable[str]) -> list[str]:
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
      surrogates, U+FEFF (a leading byte-order mark, or one left over elsewhere) and the
      bidirectional controls of :data:`BIDI_CONTROLS`;
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
    return "\n\n".join(paragraphs_of(text))


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of :func:`normalize_text` of ``text``, as a list."""
    return paragraphs_from_lines(prepare_lines(text))


def one_line(text: str) -> str:
    """Normalize ``text`` and put it on one line (for titles, names and tags)."""
    return " ".join(paragraphs_of(text))


def content_hash(title: str, body: str) -> str:
    """SHA-256 (hex) of a canonical form of an article, to recognise a re-import.

    The canonical form is the title on one line, a NUL, and :func:`normalize_text` of the
    body, with runs of spaces and tabs collapsed to one space: the same article re-saved
    with CRLF line ends, trailing spaces, a BOM, decomposed accents or re-wrapped lines
    gives the same hash. No-break spaces, apostrophes and quotes are kept as they are.
    """
    canonical = one_line(title) + "\x00" + normalize_text(body)
    canonical = re.sub(r"[ \t]+", " ", canonical)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def is_empty(text: str) -> bool:
    """True when nothing is left of ``text`` once normalized (white space, controls).

    The same as ``not normalize_text(text)``, in one scan that stops at the first
    visible character.
    """
    return _VISIBLE_CHAR_RE.search(text) is None


def count_bidi_controls(*texts: str) -> int:
    """How many :data:`BIDI_CONTROLS` characters ``texts`` hold (normalization removes them)."""
    return sum(len(_BIDI_CONTROLS_RE.findall(text)) for text in texts)


def first_surrogate(text: str) -> int | None:
    """The offset of the first lone surrogate in ``text`` (what a lossy decoding with
    ``errors="surrogateescape"`` leaves), or None."""
    match = _SURROGATE_RE.search(text)
    return None if match is None else match.start()


def same_words_ignoring_case(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` are the same words: case and runs of white space aside."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


#: A word: a run of letters (no digits, no underscores).
WORD_RE = re.compile(r"[^\W\d_]+")
