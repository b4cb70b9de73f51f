"""Language of an article: French or English, from its words or from a language tag."""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotations.importing.article import ArticleParseError
from annotations.importing.text import WORD_RE

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
_FRENCH_ELISION_RE = re.compile(r"(?<!\w)(?:qu|[ldjnmtsc])['’](?=\w)", re.IGNORECASE)


def _language_scores(text: str) -> tuple[int, int, int]:
    """(French hits, English hits, words) in ``text``."""
    words = WORD_RE.findall(text.casefold())
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


def confident_language(text: str) -> str | None:
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


def language_tag(value: str) -> str | None:
    """The lower-case primary subtag of a BCP 47 tag (``"fr-FR"`` → ``"fr"``), or None."""
    match = _LANGUAGE_TAG_RE.match(value.strip())
    return match[1].lower() if match else None


def explicit_language(language: str) -> str:
    """The primary subtag of a language given by the user; ``bad_language`` if none."""
    tag = language_tag(language)
    if tag is None:
        raise ArticleParseError(
            "bad_language",
            f"The language {language!r} is not a language tag: give a two-letter code "
            "such as 'fr' or 'en' (a region is allowed: 'fr-FR').",
        )
    return tag


def article_language(language: str | None, title: str, paragraphs: Iterable[str]) -> str:
    """The language of an article: ``language`` when given (:func:`explicit_language`),
    otherwise :func:`detect_language` of the headline and the paragraphs."""
    if language is not None:
        return explicit_language(language)
    return detect_language(title + "\n" + "\n".join(paragraphs))
