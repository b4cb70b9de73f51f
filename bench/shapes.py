"""Import inputs of awkward shapes, for the benchmark: each one about ``nbytes`` bytes.

Pure Python, no Django (the limits come from :mod:`annotations.importing`, which has no
Django either). Every shape is a file as the import form or ``import_article``
would receive it (a name and bytes), built from :mod:`bench.text` copy with a
``random.Random``, and an expected outcome: imported, or refused with a given error code.
The benchmark times each one through the same path as an upload (parse, segment, store);
the tests import the same shapes at a small size and check the outcome.

* ``long_line``: a headline, a byline and the whole body on one line;
* ``short_paragraphs``: a headline, a byline and thousands of one-sentence paragraphs;
* ``many_tags``: a short article followed by thousands of ``#Tag`` lines (refused:
  past the cap on tags);
* ``nested_html``: a page whose paragraphs sit in thousands of nested ``<div>`` (refused:
  past the limit on nesting);
* ``deep_html``: a page whose paragraphs sit in 150 nested ``<div>`` (imported);
* ``html_paragraphs``: a page of thousands of plain ``<p>``;
* ``unbroken_word``: a headline, then one paragraph of letters without a space or a stop.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from annotations.importing import MAX_HTML_DEPTH, MAX_TAGS
from bench import text

#: Paragraphs of ``short_paragraphs``, tags of ``many_tags``, levels of ``nested_html``,
#: paragraphs of ``html_paragraphs`` at 1 MB: each scales with the size asked for.
PER_MEGABYTE = 20_000
#: Levels of ``deep_html``: deep, but within the limit on nesting that the import sets.
DEEP_HTML_LEVELS = MAX_HTML_DEPTH * 3 // 4


@dataclass(frozen=True)
class Shape:
    """A file to import and what should come of it."""

    name: str
    label: str
    filename: str
    data: bytes
    refused_with: str | None = None
    """The error code expected, or None when the file should be imported."""


def _count(nbytes: int) -> int:
    return max(2, nbytes * PER_MEGABYTE // 1_000_000)


def _head(rng: random.Random) -> tuple[str, str]:
    publisher, _ = rng.choice(text.PUBLISHERS)
    return text.headline(rng), text.byline(rng, publisher)


def _sentences_of_size(rng: random.Random, nbytes: int) -> list[str]:
    sentences, size = [], 0
    while size < nbytes:
        sentence = text.sentence(rng)
        sentences.append(sentence)
        size += len(sentence.encode()) + 1
    return sentences


def long_line(rng: random.Random, nbytes: int) -> Shape:
    title, byline = _head(rng)
    head = f"{title}\n\n{byline}\n\n"
    body = " ".join(_sentences_of_size(rng, nbytes - len(head.encode())))
    return Shape("long_line", "one line of text", "long-line.txt", f"{head}{body}\n".encode())


def short_paragraphs(rng: random.Random, nbytes: int) -> Shape:
    title, byline = _head(rng)
    count = _count(nbytes)
    width = max(20, nbytes // count - 2)
    paragraphs = []
    for number in range(count):
        line = f"Point {number + 1} : {text.sentence(rng)}"
        paragraphs.append(line if len(line) <= width else line[: width - 1].rstrip() + ".")
    data = "\n\n".join([title, byline, *paragraphs]) + "\n"
    return Shape("short_paragraphs", f"{count:,} short paragraphs", "paragraphs.txt", data.encode())


def many_tags(rng: random.Random, nbytes: int) -> Shape:
    title, byline = _head(rng)
    count = max(_count(nbytes), 2 * MAX_TAGS)
    width = max(8, nbytes // count - 2)
    tags = [
        f"#{rng.choice(text.TAGS)}-{number}".replace(" ", "")[:width] for number in range(count)
    ]
    tags = [tag.ljust(width, "x") for tag in tags]
    data = "\n\n".join([title, byline, text.sentence(rng)]) + "\n\n" + "\n".join(tags) + "\n"
    return Shape(
        "many_tags",
        f"{count:,} #tag lines",
        "tags.txt",
        data.encode(),
        refused_with="too_many_tags",
    )


def _nested_page(rng: random.Random, nbytes: int, levels: int) -> str:
    """A page whose ``levels`` nested ``<div>`` each hold a paragraph of the text."""
    title = text.headline(rng)
    per_level = max(1, nbytes // levels - len("<div><p></p></div>"))
    opening = []
    for _ in range(levels):
        sentence = " ".join(_sentences_of_size(rng, per_level))[:per_level]
        opening.append(f"<div><p>{sentence}</p>")
    return (
        f'<!DOCTYPE html><html lang="fr"><head><title>{title}</title></head><body>'
        f"<article><h1>{title}</h1>{''.join(opening)}{'</div>' * levels}</article></body></html>"
    )


def nested_html(rng: random.Random, nbytes: int) -> Shape:
    levels = max(_count(nbytes) // 4, 2 * MAX_HTML_DEPTH)
    return Shape(
        "nested_html",
        f"{levels:,} nested <div>",
        "nested.html",
        _nested_page(rng, nbytes, levels).encode(),
        refused_with="too_deeply_nested",
    )


def deep_html(rng: random.Random, nbytes: int) -> Shape:
    levels = DEEP_HTML_LEVELS
    return Shape(
        "deep_html",
        f"{levels} nested <div>, each with text",
        "deep.html",
        _nested_page(rng, nbytes, levels).encode(),
    )


def html_paragraphs(rng: random.Random, nbytes: int) -> Shape:
    title = text.headline(rng)
    count = _count(nbytes) // 4
    per_paragraph = max(1, nbytes // count - len("<p></p>"))
    paragraphs = "".join(
        f"<p>{' '.join(_sentences_of_size(rng, per_paragraph))[:per_paragraph]}</p>"
        for _ in range(count)
    )
    page = (
        f'<!DOCTYPE html><html lang="fr"><head><title>{title}</title></head><body>'
        f"<article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )
    return Shape("html_paragraphs", f"{count:,} HTML paragraphs", "page.html", page.encode())


def unbroken_word(rng: random.Random, nbytes: int) -> Shape:
    title, byline = _head(rng)
    head = f"{title}\n\n{byline}\n\n"
    letters = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(256))
    body = letters * (max(1, nbytes - len(head.encode())) // len(letters) + 1)
    data = head + body[: max(1, nbytes - len(head.encode()))] + "\n"
    return Shape("unbroken_word", "one word without a space", "word.txt", data.encode())


SHAPES: dict[str, Callable[[random.Random, int], Shape]] = {
    "long_line": long_line,
    "short_paragraphs": short_paragraphs,
    "many_tags": many_tags,
    "nested_html": nested_html,
    "deep_html": deep_html,
    "html_paragraphs": html_paragraphs,
    "unbroken_word": unbroken_word,
}


def shapes(rng: random.Random, nbytes: int) -> list[Shape]:
    """Every shape at about ``nbytes`` bytes."""
    return [make(rng, nbytes) for make in SHAPES.values()]
