"""Re-anchoring claims in a new version of their article, against an edit corpus.

``tests/data/reanchoring/cases.json`` holds edits of three articles (French and English:
typos inside and outside quotes, paragraphs inserted, deleted and moved, figures
corrected, sentences reworded, quotes removed or duplicated, typographic changes), and
for each claim the state it must get and the span it must land on or be proposed.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations import anchoring, importing
from annotations.anchoring import AnchorState, Span, reanchor

DATA = Path(__file__).parent / "data" / "reanchoring"
ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "fr": DATA / "article_fr.txt",
    "en": DATA / "article_en.txt",
    "sample": ROOT / "samples" / "chas-pravdy-2025-08-20-troupes-ukraine.txt",
}
CASES = json.loads((DATA / "cases.json").read_text(encoding="utf-8"))


def _body(name: str) -> str:
    text = ARTICLES[name].read_text(encoding="utf-8")
    return importing.parse_plain_text(text, default_timezone=ZoneInfo("Europe/Paris")).body


def _edited(body: str, edits: list[dict]) -> str:
    for edit in edits:
        assert edit["old"] in body, edit["old"]
        body = body.replace(edit["old"], edit["new"], -1 if edit.get("all") else 1)
    return body


def _nth(text: str, quote: str, n: int) -> tuple[int, int]:
    at = -1
    for _ in range(n + 1):
        at = text.find(quote, at + 1)
        assert at != -1, (quote, n)
    return at, at + len(quote)


def _run(case: dict) -> list[tuple[dict, anchoring.Reanchored, tuple[int, int] | None]]:
    old = _body(case["article"])
    new = _edited(old, case["edits"])
    spans = []
    for claim in case["claims"]:
        start, end = _nth(old, claim["quote"], claim.get("occurrence", 0))
        prefix, suffix = anchoring.context(old, start, end)
        spans.append(Span(start, end, claim["quote"], prefix, suffix))
    results = reanchor(old, new, spans)
    expected_spans = []
    for claim in case["claims"]:
        if claim["expect"] == AnchorState.REMOVED:
            expected_spans.append(None)
        else:
            quote = claim.get("new_quote", claim["quote"])
            expected_spans.append(_nth(new, quote, claim.get("new_occurrence", 0)))
    return list(zip(case["claims"], results, expected_spans, strict=True))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_each_claim_gets_its_expected_state_and_span(case):
    for claim, got, expected_span in _run(case):
        assert got.state == claim["expect"], (claim["quote"], got)
        if expected_span is not None:
            assert (got.start, got.end) == expected_span, (claim["quote"], got)


def test_the_corpus_never_moves_a_claim_silently_and_finds_every_unchanged_quote():
    """The confusion table over the whole corpus (printed with -s), and its targets."""
    confusion: Counter = Counter()
    silently_moved = proposals_elsewhere = 0
    for case in CASES:
        for claim, got, expected_span in _run(case):
            confusion[(claim["expect"], str(got.state))] += 1
            span = (got.start, got.end)
            if got.state == AnchorState.UNCHANGED and span != expected_span:
                silently_moved += 1
            if got.state == AnchorState.CHANGED and span != expected_span:
                proposals_elsewhere += 1
    states = [str(state) for state in AnchorState]
    print("\nexpected \\ got  " + "  ".join(f"{s:>9}" for s in states))
    for expected in states:
        row = "  ".join(f"{confusion[(expected, got)]:>9}" for got in states)
        print(f"{expected:<15}  {row}")
    total = sum(confusion.values())
    assert total >= 50
    assert silently_moved == 0
    assert proposals_elsewhere == 0
    reported_unchanged = confusion[("changed", "unchanged")] + confusion[("removed", "unchanged")]
    assert reported_unchanged == 0
    assert confusion[("unchanged", "unchanged")] == sum(
        n for (expected, _got), n in confusion.items() if expected == "unchanged"
    )


def test_the_word_diff_shows_whole_words_and_rebuilds_both_texts():
    old, new = "plus de dix nations, dit-il.", "plus de douze nations, dit-elle."
    pairs = anchoring.word_diff(old, new)
    assert (-1, "dix") in pairs and (1, "douze") in pairs
    assert "".join(text for op, text in pairs if op <= 0) == old
    assert "".join(text for op, text in pairs if op >= 0) == new


def test_an_offset_past_the_last_unchanged_text_maps_to_the_end_of_the_new_text():
    """A span ending in text deleted at the very end never reaches past the new text,
    whatever was inserted earlier."""
    old, new = "abc XYZ tail gone", "abc NEW XYZ"
    offsets = anchoring.OffsetMap(old, new)
    assert offsets.position(len(old), after=True) == len(new)


@given(
    st.text(
        alphabet=st.sampled_from("ab .\n\u2019\u2018\u02bc\u201c\u201d\u00a0\u202f\u2007\u2009'\"")
    )
)
def test_folding_typography_replaces_each_variant_by_one_character(text):
    assert anchoring.typography_folded(text) == text.translate(anchoring.TYPOGRAPHY)


@given(
    st.text(alphabet=st.sampled_from("ab. \n!?\u00a0")),
    st.text(alphabet=st.sampled_from("ab. \n!?")),
)
def test_the_diff_by_sentences_rebuilds_both_texts_and_maps_every_offset_inside(old, new):
    offsets = anchoring.OffsetMap(old, new)
    for old_start, new_start, length in offsets.equal:
        assert old[old_start : old_start + length] == new[new_start : new_start + length]
    for offset in range(len(old) + 1):
        assert 0 <= offsets.position(offset) <= len(new)
        assert 0 <= offsets.position(offset, after=True) <= len(new)


def test_a_new_sentence_in_a_long_paragraph_leaves_the_other_sentences_of_it_intact():
    sentences = [f"La phrase numéro {n} du paragraphe dit quelque chose." for n in range(40)]
    old = " ".join(sentences)
    new = " ".join([*sentences[:20], "Une phrase ajoutée au milieu.", *sentences[20:]])
    offsets = anchoring.OffsetMap(old, new)
    for n in (0, 19, 20, 39):
        start = old.index(sentences[n])
        kept = offsets.intact(start, start + len(sentences[n]))
        assert kept is not None and new[kept[0] : kept[1]] == sentences[n]
    assert [new[a:b].strip() for a, b in offsets.inserted] == ["Une phrase ajoutée au milieu."]
