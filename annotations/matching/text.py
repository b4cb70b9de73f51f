"""Claim text for matching: accent-folded stems, the figures a claim states, its polarity.

Stems come from the Snowball stemmers (``snowballstemmer``, the algorithms PostgreSQL's
``french`` and ``english`` text-search configurations use) and the stop-word lists
shipped by ``bm25s``. What no library does for French and English news claims is
written here: reading figures in both languages' notations ("40 000" and "40,000",
"7,5 %" and "7.5%"), and telling a negated claim from its affirmation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS, STOPWORDS_FRENCH

LANGUAGES = ("fr", "en")
SNOWBALL_NAMES = {"fr": "french", "en": "english"}

# Words: letters and digits; an apostrophe ends a word (l'autisme -> l, autisme), and the
# elided articles it leaves are stop words.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOP_WORDS = frozenset(STOPWORDS_EN_PLUS) | frozenset(STOPWORDS_FRENCH)


@dataclass(frozen=True)
class Term:
    """A word of a text and its accent-folded stem."""

    stem: str
    word: str


def fold(text: str) -> str:
    """Lower case without accents: "Chômage" -> "chomage"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=2)
def stemmer(language: str):
    return snowballstemmer.stemmer(SNOWBALL_NAMES[language])


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The folded Snowball stem of one lower-case word (accents matter to the stemmer)."""
    return fold(stemmer(language).stemWord(word))


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def terms(text: str, language: str) -> list[Term]:
    """The content words of ``text``, stemmed for ``language``, in order.

    A figure is one term whatever its notation: "40 000", "40,000" and "40000" are all
    the stem "40000", so that French and English fact-checks meet on their figures.
    """
    check_language(language)
    found = []
    position = 0
    for figure in FIGURE.finditer(text):
        found.extend(word_terms(text[position : figure.start()], language))
        found.append(Term(figure_stem(parse_figure(figure.group(1), language)), figure.group(1)))
        position = figure.end()
    found.extend(word_terms(text[position:], language))
    return found


def word_terms(text: str, language: str) -> list[Term]:
    found = []
    for match in WORD.finditer(text):
        word = match.group().casefold()
        if word in STOP_WORDS or fold(word) in STOP_WORDS:
            continue
        found.append(Term(stem(word, language), match.group()))
    return found


def figure_stem(value: float) -> str:
    """3400000.0 -> "3400000", 7.5 -> "7.5"."""
    return str(int(value)) if value.is_integer() else repr(value)


def stems(text: str, language: str) -> list[str]:
    return [term.stem for term in terms(text, language)]


def query_stems(text: str) -> list[str]:
    """The stems of a query under both stemmers, deduplicated, in order.

    Each fact-check is indexed with its own language's stemmer; a query is stemmed both
    ways so that it meets French and English fact-checks on the words they share (names,
    figures, cognates such as "vaccins" and "vaccines").
    """
    seen: dict[str, None] = {}
    for language in LANGUAGES:
        for value in stems(text, language):
            seen.setdefault(value, None)
    return list(seen)


# --- Figures -----------------------------------------------------------------------------

# A figure standing alone: not glued to letters ("CO2", "4G", "COVID-19" are names).
# Thousands may be grouped with spaces (French: "40 000", also with no-break spaces) or
# commas (English: "40,000").
FIGURE = re.compile(
    r"(?<![\w\-])"
    r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*)"
    r"(?![^\W\d_])"
)


def parse_figure(raw: str, language: str) -> float:
    """ "40 000" -> 40000, "7,5" (fr) -> 7.5, "40,000" (en) -> 40000, "1.2" -> 1.2."""
    digits = re.sub(r"[ \u00a0\u202f]", "", raw)
    if language == "en":
        # English groups thousands with commas; a comma before anything but three digits
        # is a decimal comma typed by a French writer.
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            digits = digits.replace(",", "")
        else:
            digits = digits.replace(",", ".")
    else:
        digits = digits.replace(",", ".")
    if digits.count(".") > 1:
        # 1.500.000: dots grouping thousands.
        digits = digits.replace(".", "")
    return float(digits)


def figures(text: str, language: str) -> frozenset[float]:
    """The figures ``text`` states, as numbers: "7,5 %" and "7.5%" are both 7.5."""
    check_language(language)
    return frozenset(parse_figure(match.group(1), language) for match in FIGURE.finditer(text))


def figures_conflict(first: frozenset[float], second: frozenset[float]) -> bool:
    """Two claims that both state figures, and not the same ones, are different claims.

    One set within the other is no conflict: a restatement may leave out the year.
    """
    return bool(first and second and not (first <= second or second <= first))


# --- Polarity ----------------------------------------------------------------------------

NEGATION_EN = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|cannot)\b|n't\b", re.IGNORECASE
)
# Restrictions, not negations: "no more than 18 hours" says "only 18 hours".
NOT_NEGATION_EN = re.compile(r"\bno (?:more|less|fewer) than\b|\bnot only\b", re.IGNORECASE)
NEGATION_FR = re.compile(
    r"\b(?:pas|jamais|aucun|aucune|rien|nullement|ni|non)\b"
    # "ne … plus" (no longer), with up to two words between; "ne … que" is a restriction.
    r"|\bn(?:e\s+|')(?:\w+\s+){0,2}?plus\b",
    re.IGNORECASE,
)


def is_negated(text: str, language: str) -> bool:
    """Whether ``text`` says something is not so (one negation; a double one is rare)."""
    check_language(language)
    if language == "en":
        return bool(NEGATION_EN.search(NOT_NEGATION_EN.sub(" ", text)))
    return bool(NEGATION_FR.search(text.replace("\u2019", "'")))
