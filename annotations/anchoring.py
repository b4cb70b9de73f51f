"""A span of an article's body: checked against a quote, found by its quote, and described.

Pure functions over the body (``article.body``) and character offsets, with no Django
import: the service that stores a claim, the write API that locates a quote, the pages
that show a quote in its context and the linked-data documents all use these.

Errors are :class:`SpanError` with a stable ``code``; the callers word them for their
users (``services.claims`` for forms, the write serializers for the API).
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import StrEnum

from diff_match_patch import diff_match_patch
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, LCSseq

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


# --- Re-anchoring a span in a new version of the text ----------------------------------
#
# A new version of an article arrives; each claim's span must follow its passage, and
# never silently land on text that says something else. The diff (Google's
# diff-match-patch, what browser annotators build on) maps every unchanged region of the
# old text to the new one; a span that lies in such a region follows it. Only a span that
# an edit touches is searched for, by its quote and its context (prefix and suffix), and
# scored with rapidfuzz. Deterministic: the diff runs without a time limit, and ties are
# broken by position.


class AnchorState(StrEnum):
    """Where a claim's passage stands in the current version of its article."""

    UNCHANGED = "unchanged"  # the quote is there, identical (up to typography)
    CHANGED = "changed"  # the passage is there, its words changed: a span is proposed
    REMOVED = "removed"  # no acceptable match


# The thresholds, in one place. Similarities are rapidfuzz ratios scaled to 0..1.
#
# A quote found elsewhere than where the diff puts it (a moved paragraph, a duplicate)
# follows the text only if its context is recognisably the same: the mean similarity of
# the 32 characters before and after must reach CONTEXT_MIN. Below it, the quote reads
# the same but in other surroundings (a different statement, or a second occurrence),
# which a person must confirm. Measured on the edit corpus (tests/data/reanchoring/):
# moved paragraphs keep 0.73 to 1.0 (their new neighbours differ on one side); a
# duplicate in another paragraph scores 0.19 to 0.36.
CONTEXT_MIN = 0.6
# Between several identical occurrences the best context must beat the next one by this
# much to decide alone; otherwise the claim is reported changed, never unchanged.
CONTEXT_MARGIN = 0.15
# An edited passage still counts as the claim's passage (changed, with a proposed span)
# when it keeps this much of the quote: a corrected figure, a typo or a reworded
# sentence scores 0.77 to 0.99 on the corpus; a sentence replaced by an unrelated one,
# 0.38. (A negation keeps most words, 0.90: it is proposed as changed, for a person to
# read, never taken as unchanged.)
CHANGED_MIN = 0.6

# Characters that typography changes without changing the text: apostrophes, quotation
# marks and the spaces French typography puts before « : ; ! ? ». Each is replaced by one
# character, so that offsets stay aligned.
TYPOGRAPHY = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
    }
)

_TYPOGRAPHY_PAIRS = tuple((chr(code), plain) for code, plain in TYPOGRAPHY.items())


def typography_folded(text: str) -> str:
    """``text`` with typographic variants folded, character for character.

    (The same as ``text.translate(TYPOGRAPHY)``, a test says so; but ``translate`` looks
    every character up in a dictionary, 30 ms for an article of 200,000 characters, where
    one ``replace`` per variant present takes a millisecond.)"""
    for variant, plain in _TYPOGRAPHY_PAIRS:
        if variant in text:
            text = text.replace(variant, plain)
    return text


@dataclass(frozen=True)
class Span:
    """A claim's span in the old text, with its quote and context as stored."""

    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Reanchored:
    """A span's place in the new text: the span itself when unchanged, the proposed one
    when changed (a person confirms it), none when removed."""

    state: AnchorState
    start: int | None = None
    end: int | None = None
    similarity: float = 0.0  # of the quote and the new passage, 0..1


# diff-match-patch codes each distinct piece as one character: the limits it uses itself
# for lines (2/3 of the code points for the old text, the rest for the new one).
_MAX_PIECES_OLD, _MAX_PIECES = 666_666, 1_114_111
# Up to this many cells (the lengths of the two texts multiplied), a difference is
# aligned by rapidfuzz (a bit-parallel LCS in C++: one bit a cell, 12 MB at most);
# beyond, by diff-match-patch's own bisection, in Python.
_ALIGN_MAX_CELLS = 100_000_000


def _pieces(text: str):
    """``text`` cut after each line break and each full stop followed by a space: pieces
    of about a sentence (only the diff's speed depends on where they end), with string
    methods, which run in C, rather than a regular expression tried at each character."""
    for line in text.splitlines(keepends=True):
        *sentences, last = line.split(". ")
        for sentence in sentences:
            yield sentence + ". "
        if last:
            yield last


class _SentenceDiff(diff_match_patch):
    """diff-match-patch whose first pass compares sentences rather than lines, and whose
    core alignment is rapidfuzz's.

    On a text of more than 100 characters diff-match-patch diffs whole lines first (each
    line coded as one character), then diffs again, character by character, only the
    lines that differ. An article's "lines" are its paragraphs: one edited sentence makes
    its whole paragraph (600 characters and more) go through the character diff, whose
    cost grows with the length times the differences (a new sentence in ten paragraphs
    of a 2,000-sentence article: a tenth of a second). Cut at sentence ends instead, the
    first pass sees an added or removed sentence as one piece added or removed, and the
    character diff runs over the edited sentences alone. The pieces only speed the diff
    up: the character pass decides every offset, as before. Hand-written: the library
    has no other unit than the line.

    Where the two texts differ (what is left once their common start and end are set
    aside), diff-match-patch aligns them by Myers' bisection, a loop in Python whose cost
    grows with the length times the differences: a sentence replaced by an unrelated one
    costs it tens of milliseconds. rapidfuzz's ``Indel.opcodes`` finds an alignment of
    the same quality (a longest common subsequence: the fewest characters inserted and
    deleted, which is what Myers' algorithm finds) in C++, hundreds of times faster;
    diff-match-patch's clean-ups then run on it as on its own.
    """

    def diff_bisect(self, text1: str, text2: str, deadline):
        if len(text1) * len(text2) > _ALIGN_MAX_CELLS:
            return super().diff_bisect(text1, text2, deadline)
        diffs = []
        for tag, start1, end1, start2, end2 in Indel.opcodes(text1, text2):
            if tag == "equal":
                diffs.append((self.DIFF_EQUAL, text1[start1:end1]))
                continue
            if end1 > start1:
                diffs.append((self.DIFF_DELETE, text1[start1:end1]))
            if end2 > start2:
                diffs.append((self.DIFF_INSERT, text2[start2:end2]))
        return diffs

    def diff_linesToChars(self, text1: str, text2: str):
        pieces: list[str] = [""]  # code 0 left unused, as the library does
        codes: dict[str, int] = {}

        def encoded(text: str, limit: int) -> str:
            chars, at = [], 0
            for piece in _pieces(text):
                if len(pieces) >= limit:  # out of codes: the rest is one piece
                    piece = text[at:]
                code = codes.get(piece)
                if code is None:
                    code = codes[piece] = len(pieces)
                    pieces.append(piece)
                chars.append(chr(code))
                at += len(piece)
                if at == len(text):
                    break
            return "".join(chars)

        return encoded(text1, _MAX_PIECES_OLD), encoded(text2, _MAX_PIECES), pieces


class OffsetMap:
    """Old offsets -> new offsets through a diff, with what the edits touched."""

    def __init__(self, old: str, new: str):
        differ = _SentenceDiff()
        differ.Diff_Timeout = 0  # no time limit: the same inputs always give the same diff
        diffs = differ.diff_main(old, new)
        differ.diff_cleanupSemantic(diffs)
        # Equal runs: (old start, new start, length), in order.
        self.equal: list[tuple[int, int, int]] = []
        # Inserted runs of the new text: (new start, new end).
        self.inserted: list[tuple[int, int]] = []
        old_at = new_at = 0
        for op, text in diffs:
            if op == diff_match_patch.DIFF_EQUAL:
                self.equal.append((old_at, new_at, len(text)))
                old_at += len(text)
                new_at += len(text)
            elif op == diff_match_patch.DIFF_DELETE:
                old_at += len(text)
            else:
                self.inserted.append((new_at, new_at + len(text)))
                new_at += len(text)
        self._starts = [run[0] for run in self.equal]
        self.new_length = new_at
        self.old_length, self.new_length = len(old), len(new)

    def kept(self) -> float:
        """The share of the text the diff keeps (0..1): the characters of the equal runs
        over the longer of the two texts. A new version of the same article keeps most of
        it; another article, almost nothing."""
        longest = max(self.old_length, self.new_length)
        return sum(length for _, _, length in self.equal) / longest if longest else 1.0

    def _run(self, offset: int) -> tuple[int, int, int] | None:
        index = bisect_right(self._starts, offset) - 1
        return self.equal[index] if index >= 0 else None

    def position(self, offset: int, *, after: bool = False) -> int:
        """Where ``offset`` of the old text lands in the new one. Inside an edit, the edit's
        start, or with ``after`` its end (so that a span's end takes in the new words)."""
        index = bisect_right(self._starts, offset) - 1
        if index < 0:
            return self.equal[0][1] if after and self.equal else 0
        old_start, new_start, length = self.equal[index]
        if offset <= old_start + length or not after:
            return new_start + min(offset - old_start, length)
        if index + 1 < len(self.equal):
            return self.equal[index + 1][1]
        # After the last unchanged run: the end of the new text.
        return self.new_length

    def intact(self, start: int, end: int) -> tuple[int, int] | None:
        """The new span of ``[start, end)`` when no edit touches it (one equal run)."""
        run = self._run(start)
        if run is None:
            return None
        old_start, new_start, length = run
        if end > old_start + length:
            return None
        return new_start + start - old_start, new_start + end - old_start


def _similarity(a: str, b: str) -> float:
    return fuzz.ratio(a, b) / 100


def _context_score(new: str, start: int, end: int, span: Span) -> float:
    """How much the text around ``[start, end)`` reads like the stored prefix and suffix."""
    scores = []
    if span.prefix:
        before = typography_folded(new[max(0, start - len(span.prefix)) : start])
        scores.append(_similarity(before, typography_folded(span.prefix)))
    if span.suffix:
        after = typography_folded(new[end : end + len(span.suffix)])
        scores.append(_similarity(after, typography_folded(span.suffix)))
    return sum(scores) / len(scores) if scores else 1.0


class _Spaceless:
    """The new text without white space, made once and only if asked: a quote that is not
    in it (white space removed) has no loose occurrence, and :func:`find_quote`'s regular
    expression (compiled anew for each quote) need not run. The same answer, faster."""

    def __init__(self, text: str):
        self.text = text
        self._spaceless: str | None = None

    def may_contain(self, quote: str) -> bool:
        if self._spaceless is None:
            # str.split() cuts at the same white space as ``\s``, ten times faster
            self._spaceless = "".join(self.text.split())
        return "".join(quote.split()) in self._spaceless


def _occurrences(
    folded_new: str, folded_quote: str, spaceless: _Spaceless | None = None
) -> list[tuple[int, int]]:
    """Every place where the quote reads the same, typography and spacing aside."""
    found = []
    at = folded_new.find(folded_quote)
    while at != -1:
        found.append((at, at + len(folded_quote)))
        at = folded_new.find(folded_quote, at + 1)
    if found or (spaceless is not None and not spaceless.may_contain(folded_quote)):
        return found
    return find_quote(folded_new, folded_quote)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# How far a proposed passage's ends may move to match the quote better: a diff can put a
# shared closing stop or quotation mark on either side of an edit. Only punctuation and
# spaces are taken in or left out, never part of a word.
_REFINE = 3


def _only_punctuation(text: str) -> bool:
    return not any(character.isalnum() for character in text)


def _refined(new: str, start: int, end: int, quote: str) -> tuple[int, int, float]:
    """The span near ``[start, end)`` that reads most like ``quote`` (ties: the least moved)."""
    best = (_similarity(quote, new[start:end]), 0, start, end)
    for move_start in range(-_REFINE, _REFINE + 1):
        for move_end in range(-_REFINE, _REFINE + 1):
            a, b = max(0, start + move_start), min(len(new), end + move_end)
            if b - a <= 0 or (a, b) == (start, end):
                continue
            crossed = new[min(a, start) : max(a, start)] + new[min(b, end) : max(b, end)]
            if not _only_punctuation(crossed):
                continue
            moved = abs(move_start) + abs(move_end)
            candidate = (_similarity(quote, new[a:b]), -moved, a, b)
            if candidate[:2] > best[:2]:
                best = candidate
    score, _, a, b = best
    a, b = _trimmed(new, a, b)
    return a, b, score


def _best_possible(quote: str, text: str) -> float:
    """The highest similarity any part of ``text`` can have with ``quote``: with ``m``
    the longest subsequence they share, a part ``s`` scores ``2 lcs / (|quote| + |s|)``,
    at most ``2 m / (|quote| + m)``. The LCS is computed in C++ (microseconds), where a
    search of the best part takes a hundred times longer."""
    shared = LCSseq.similarity(quote, text)
    return 2 * shared / (len(quote) + shared) if shared else 0.0


def _edited_passage(new: str, offsets: OffsetMap, span: Span) -> Reanchored | None:
    """The passage the diff puts where the quote was, or the best match in the text the
    edits inserted (a paragraph moved and edited), when it keeps enough of the quote.

    Each candidate is scored in turn and a later one wins only with a strictly higher
    score. An insertion whose every part scores too low to win (:func:`_best_possible`,
    over the insertion with its margins and the refinement's reach) is not searched: it
    could not change the answer."""
    best = None

    def consider(start: int, end: int) -> None:
        nonlocal best
        if end <= start:
            return
        start, end, score = _refined(new, start, end, span.quote)
        if score >= CHANGED_MIN and (best is None or score > best.similarity):
            best = Reanchored(AnchorState.CHANGED, start, end, score)

    consider(*_trimmed(new, offsets.position(span.start), offsets.position(span.end, after=True)))
    for ins_start, ins_end in offsets.inserted:
        if ins_end - ins_start < len(span.quote) // 2:
            continue
        base = max(0, ins_start - len(span.quote))
        window = new[base : ins_end + len(span.quote)]
        to_beat = CHANGED_MIN if best is None else best.similarity
        reach = new[max(0, base - _REFINE) : ins_end + len(span.quote) + _REFINE]
        if _best_possible(span.quote, reach) < to_beat:
            continue
        found = fuzz.partial_ratio_alignment(span.quote, window, score_cutoff=CHANGED_MIN * 100)
        if found is not None and found.score / 100 >= CHANGED_MIN:
            consider(*_trimmed(new, base + found.dest_start, base + found.dest_end))
    return best


def reanchor(
    old: str, new: str, spans: list[Span], *, offsets: OffsetMap | None = None
) -> list[Reanchored]:
    """Each span's place in ``new``, in order. See :class:`AnchorState` and the thresholds.

    A span that no edit touches follows the text (unchanged). Otherwise the quote is
    looked for: found with its context (alone, or clearly ahead of other occurrences), it
    follows the text too; found without it, or edited, a span is proposed (changed);
    else the passage is gone (removed). ``offsets``: the ``OffsetMap(old, new)`` when the
    caller has already computed it.
    """
    offsets = offsets or OffsetMap(old, new)
    folded_new = typography_folded(new)
    spaceless = _Spaceless(folded_new)
    results = []
    for span in spans:
        kept = offsets.intact(span.start, span.end)
        if kept is not None:
            results.append(Reanchored(AnchorState.UNCHANGED, *kept, 1.0))
            continue
        expected = offsets.position(span.start)
        scored = sorted(
            (
                (-_context_score(new, start, end, span), abs(start - expected), start, end)
                for start, end in _occurrences(folded_new, typography_folded(span.quote), spaceless)
            ),
        )
        if scored:
            best_context = -scored[0][0]
            runner_up = -scored[1][0] if len(scored) > 1 else -1.0
            _, _, start, end = scored[0]
            if best_context >= CONTEXT_MIN and best_context - runner_up >= CONTEXT_MARGIN:
                results.append(Reanchored(AnchorState.UNCHANGED, start, end, 1.0))
                continue
        edited = _edited_passage(new, offsets, span)
        if edited is not None:
            results.append(edited)
        elif scored:
            _, _, start, end = scored[0]
            results.append(Reanchored(AnchorState.CHANGED, start, end, 1.0))
        else:
            results.append(Reanchored(AnchorState.REMOVED))
    return results


def same_passage(a: str, b: str) -> bool:
    """The same words, typography and white space aside: a passage that reads as before."""
    if a == b:  # nearly always so: no folding to do
        return True
    return same_text_but_spaces(typography_folded(a), typography_folded(b))


def passage_state(state: str, checked_quote: str, current_quote: str) -> AnchorState:
    """How the passage a verdict checked stands in the current text, for the public:
    removed or changed as the claim's anchor is; and changed too once a person confirmed
    a passage that reads otherwise than the one checked."""
    if state != AnchorState.UNCHANGED:
        return AnchorState(state)
    if same_passage(checked_quote, current_quote):
        return AnchorState.UNCHANGED
    return AnchorState.CHANGED


def public_anchor(
    *,
    state: str,
    checked_version: int | None,
    checked_quote: str,
    current_version: int,
    start: int,
    end: int,
    quote: str,
    proposed_start: int | None,
    proposed_end: int | None,
    proposed_quote: str,
    checked_at: str | None = None,
) -> dict:
    """A public claim's ``anchor`` (the API's, the webhooks'): the version its verdict
    checked (``checked_revision``, imported at ``checked_revision_at``), the current
    one, how the checked passage stands there (:func:`passage_state`) and, unless it
    was removed, where it is in the current version (the proposed span, when changed).
    The arguments are the claim's fields."""
    if state == AnchorState.CHANGED:
        current = (proposed_start, proposed_end, proposed_quote)
    elif state == AnchorState.REMOVED:
        current = None
    else:
        current = (start, end, quote)
    anchor = {
        "state": str(passage_state(state, checked_quote, current[2] if current else "")),
        "checked_revision": checked_version,
        "checked_revision_at": checked_at,
        "current_revision": current_version,
    }
    if current is not None:
        anchor.update(start=current[0], end=current[1], quote=current[2])
    return anchor


# A word, a run of white space, or one other character: the units of :func:`word_diff`.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """``[(op, text), ...]`` turning ``old`` into ``new`` word by word, for display: op is
    -1 (removed), 0 (kept) or 1 (added). A changed word shows whole ("dix" -> "douze",
    not "d" kept and "ix" -> "ouze"): difflib over the words, spaces and punctuation."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pairs: list[tuple[int, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.append((0, "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pairs.append((-1, "".join(a[i1:i2])))
        if j2 > j1:
            pairs.append((1, "".join(b[j1:j2])))
    return pairs
