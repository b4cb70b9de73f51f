"""Held-out evaluation of ``annotations.segmentation.split_sentences``.

The segmenter's own gold set (``tests/data/segmentation_{fr,en}.txt``) was written alongside its
rules, so its perfect score there is optimistic. The files read here were written independently,
as fresh news-style copy (wire, regional press, court reports, economic briefs, sport results,
science news, interviews, live blogs, opinion columns), and are annotated by the conventions the
segmenter's docstring states (line breaks, quotation rule, ``etc.`` rule) and, where those do not
decide, by what a fact-checker would want to highlight as one sentence.

Gold format (``tests/data/segmentation_heldout_{fr,en}.txt``):

* everything above the first ``=== doc`` line is a free-text header and is ignored;
* ``=== doc N`` starts a document, a blank line separates paragraphs, each other line is one
  sentence, written exactly as it appears in the text (no-break spaces included);
* a line starting with ``{}`` is a sentence glued to the previous one with no space (a scraping
  defect: ``question.Dans``).

Each document's text is rebuilt by joining the sentences of a paragraph with one space (nothing
after ``{}``) and the paragraphs with ``"\\n\\n"``; the gold spans are the offsets of the
sentences in that text. Scoring is on exact ``(start, end)`` spans: a predicted span counts only
if a gold span has the same start and end. Every mismatch is printed (run with ``-s``) as the
gold sentence(s) and the predicted sentence(s) that cover the same stretch of text.

The bar (F1 >= 0.97 per language) is a held-out bar: a failure here is information for whoever
decides on fixes, not a reason to loosen it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from annotations.segmentation import split_sentences

DATA = Path(__file__).resolve().parent / "data"
DOC_MARK = "=== doc"
GLUE = "{}"
LANGUAGES = ("fr", "en")
MIN_SENTENCES = {"fr": 250, "en": 100}
MIN_DOCUMENTS = 5
F1_BAR = 0.97


@dataclass
class Document:
    name: str
    text: str = ""
    gold: list[tuple[int, int]] = field(default_factory=list)
    gold_lines: list[int] = field(default_factory=list)  # line of the gold file, per gold span


class GoldFormatError(ValueError):
    pass


def _build(name: str, paragraphs: list[list[tuple[int, str]]], path: Path) -> Document:
    doc = Document(name)
    parts: list[str] = []
    pos = 0
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            parts.append("\n\n")
            pos += 2
        for s_index, (lineno, line) in enumerate(paragraph):
            glued = line.startswith(GLUE)
            sentence = line[len(GLUE) :] if glued else line
            where = f"{path.name}:{lineno}"
            if glued and s_index == 0:
                raise GoldFormatError(f"{where}: '{{}}' on the first sentence of a paragraph")
            if not sentence or sentence != sentence.strip():
                raise GoldFormatError(f"{where}: sentence is empty or has surrounding whitespace")
            if len(sentence.splitlines()) != 1:
                raise GoldFormatError(f"{where}: sentence holds a line-break character")
            if s_index and not glued:
                parts.append(" ")
                pos += 1
            doc.gold.append((pos, pos + len(sentence)))
            doc.gold_lines.append(lineno)
            parts.append(sentence)
            pos += len(sentence)
    doc.text = "".join(parts)
    return doc


@cache
def load(language: str) -> tuple[Document, ...]:
    path = DATA / f"segmentation_heldout_{language}.txt"
    # split("\n") rather than splitlines(): U+2028 & co. must not silently become line breaks.
    lines = path.read_text(encoding="utf-8").split("\n")
    documents: list[Document] = []
    name: str | None = None
    paragraphs: list[list[tuple[int, str]]] = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if line.startswith(DOC_MARK):
            if name is not None:
                documents.append(_build(name, [p for p in paragraphs if p], path))
            name, paragraphs = line[len(DOC_MARK) :].strip() or str(len(documents) + 1), [[]]
            continue
        if name is None:  # header
            continue
        if not line.strip(" \t"):
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        paragraphs[-1].append((lineno, line))
    if name is not None:
        documents.append(_build(name, [p for p in paragraphs if p], path))
    return tuple(documents)


@dataclass
class Mismatch:
    document: str
    gold: list[tuple[int, int]]
    predicted: list[tuple[int, int]]
    gold_lines: list[int]

    @property
    def kind(self) -> str:
        if len(self.gold) == 1 and len(self.predicted) > 1:
            return "over-split"
        if len(self.gold) > 1 and len(self.predicted) == 1:
            return "missed boundary"
        return "shifted boundary"


def _mismatches(doc: Document, predicted: list[tuple[int, int]]) -> list[Mismatch]:
    """Group the unmatched gold and predicted spans into clusters of overlapping spans."""
    gold_set, pred_set = set(doc.gold), set(predicted)
    line_of = dict(zip(doc.gold, doc.gold_lines, strict=True))
    tagged = sorted(
        [(s, "gold") for s in doc.gold if s not in pred_set]
        + [(s, "pred") for s in predicted if s not in gold_set]
    )
    clusters: list[tuple[int, list[tuple[tuple[int, int], str]]]] = []
    for span, side in tagged:
        if clusters and span[0] < clusters[-1][0]:
            end, members = clusters[-1]
            members.append((span, side))
            clusters[-1] = (max(end, span[1]), members)
        else:
            clusters.append((span[1], [(span, side)]))
    result = []
    for _, members in clusters:
        gold = [s for s, side in members if side == "gold"]
        pred = [s for s, side in members if side == "pred"]
        result.append(Mismatch(doc.name, gold, pred, [line_of[s] for s in gold]))
    return result


def _show(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]]


def evaluate(language: str) -> dict:
    documents = load(language)
    n_gold = n_pred = n_match = 0
    report: list[str] = []
    mismatches: list[Mismatch] = []
    for doc in documents:
        predicted = [tuple(p) for p in split_sentences(doc.text, language=language)]
        n_gold += len(doc.gold)
        n_pred += len(predicted)
        n_match += len(set(doc.gold) & set(predicted))
        for m in _mismatches(doc, predicted):
            mismatches.append(m)
            lines = ",".join(map(str, m.gold_lines)) or "-"
            report.append(f"\n  [{language} doc {doc.name}, gold line {lines}] {m.kind}")
            for span in m.gold:
                report.append(f"    GOLD | {_show(doc.text, span)}")
            for span in m.predicted:
                report.append(f"    PRED | {_show(doc.text, span)}")
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(documents),
        "gold": n_gold,
        "predicted": n_pred,
        "matched": n_match,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "mismatches": mismatches,
        "report": report,
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_gold_is_well_formed(language):
    documents = load(language)
    assert len(documents) >= MIN_DOCUMENTS
    assert sum(len(d.gold) for d in documents) >= MIN_SENTENCES[language]
    for doc in documents:
        # The rebuilt text must hold exactly the gold sentences and the separators between them.
        assert all(doc.text[a:b].strip() == doc.text[a:b] for a, b in doc.gold)
        covered = "".join(doc.text[a:b] for a, b in doc.gold)
        assert "".join(covered.split()) == "".join(doc.text.split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_heldout_f1(language):
    result = evaluate(language)
    print(
        f"\nheld-out {language}: {result['gold']} sentences, "
        f"P={result['precision']:.3f} R={result['recall']:.3f} F1={result['f1']:.3f} "
        f"({result['documents']} documents, {result['predicted']} predicted, "
        f"{result['matched']} exact matches, {len(result['mismatches'])} mismatches)"
    )
    for line in result["report"]:
        print(line)
    assert result["f1"] >= F1_BAR, (
        f"held-out {language}: F1={result['f1']:.3f} < {F1_BAR} "
        f"({len(result['mismatches'])} mismatches, see the output above with -s)"
    )
