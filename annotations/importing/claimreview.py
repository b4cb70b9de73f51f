"""Other organisations' fact-checks: ClaimReview JSON-LD and CSV read into rows (no Django).

Accepted shapes:

- JSON: a ClaimReview object, a list of them, an ``ItemList`` whose ``itemListElement``
  are ``ListItem`` (with the review in ``item``) or reviews, or a document with ``@graph``;
- JSON Lines: one such object a line;
- a web page: its ``<script type="application/ld+json">`` blocks (other types, such as
  ``Organization`` or ``BreadcrumbList``, are passed over);
- CSV with the columns ``claim, rating, url, organisation, date, language``.

Each good review gives a ``ReviewRow``; each bad one a ``RowError`` that says where it is
(line or item number) and what is wrong. Nothing here touches the database.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from annotations.importing.language import detect_language, language_tag

LANGUAGES = ("fr", "en")
CSV_COLUMNS = ("claim", "rating", "url", "organisation", "date", "language")
MAX_CLAIM_LENGTH = 2000
MAX_RATING_LENGTH = 200
MAX_ORGANISATION_LENGTH = 200
MAX_URL_LENGTH = 2000


@dataclass(frozen=True)
class ReviewRow:
    """One fact-check of another organisation, checked and ready to store."""

    claim: str
    rating: str
    url: str
    organisation: str
    date: date | None
    language: str


@dataclass(frozen=True)
class RowError:
    """A review that cannot be stored: where it is (``line 3``, ``item 2``) and why."""

    position: str
    message: str

    def __str__(self) -> str:
        return f"{self.position}: {self.message}"


@dataclass(frozen=True)
class Parsed:
    """The rows of a file and the errors of its bad rows."""

    rows: tuple[ReviewRow, ...]
    errors: tuple[RowError, ...]


def parse(content: str, *, filename: str = "") -> Parsed:
    """The reviews in ``content``; the format is told by the file name's extension, else
    by the first character (``<`` a web page, ``{`` or ``[`` JSON)."""
    name = filename.lower()
    stripped = content.lstrip("\ufeff \t\r\n")
    if name.endswith(".csv"):
        return parse_csv(content)
    if name.endswith((".html", ".htm")) or stripped.startswith("<"):
        return parse_html(content)
    if name.endswith((".jsonl", ".ndjson")):
        return parse_json_lines(content)
    if stripped.startswith(("{", "[")):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError:
            # Several objects one after another: JSON Lines without the extension.
            return parse_json_lines(content)
        return from_documents([("item", document)])
    return Parsed(rows=(), errors=(RowError("file", "neither JSON, JSON Lines, HTML nor CSV"),))


def parse_json_lines(content: str) -> Parsed:
    documents = []
    errors = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            documents.append((f"line {number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            errors.append(RowError(f"line {number}", f"not JSON ({exc.msg})"))
    parsed = from_documents(documents)
    return Parsed(parsed.rows, tuple(errors) + parsed.errors)


def parse_html(content: str) -> Parsed:
    # lxml (trafilatura's parser, already installed) reads broken pages as browsers do.
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(content)
    except Exception:  # lxml raises several kinds for an empty or unreadable page
        return Parsed(rows=(), errors=(RowError("page", "not a readable web page"),))
    documents = []
    errors = []
    blocks = tree.xpath('//script[@type="application/ld+json"]')
    for number, script in enumerate(blocks, start=1):
        try:
            documents.append((f"script {number}", json.loads(script.text or "")))
        except json.JSONDecodeError as exc:
            errors.append(RowError(f"script {number}", f"not JSON ({exc.msg})"))
    parsed = from_documents(documents, skip_other_types=True)
    return Parsed(parsed.rows, tuple(errors) + parsed.errors)


def from_documents(
    documents: list[tuple[str, object]], *, skip_other_types: bool = False
) -> Parsed:
    """Rows from parsed JSON documents, each with its position's label."""
    rows = []
    errors = []
    for label, document in documents:
        candidates = list(flatten(document))
        for index, candidate in enumerate(candidates, start=1):
            if label == "item":
                position = f"item {index}"
            else:
                position = label if len(candidates) == 1 else f"{label}, item {index}"
            if not is_claim_review(candidate):
                if not skip_other_types:
                    errors.append(RowError(position, f"not a ClaimReview ({type_of(candidate)})"))
                continue
            try:
                rows.append(review_row(candidate))
            except ValueError as exc:
                errors.append(RowError(position, str(exc)))
    return Parsed(tuple(rows), tuple(errors))


def flatten(node: object) -> Iterator[object]:
    """The objects of a feed: lists, ``@graph`` and ``ItemList`` opened."""
    if isinstance(node, list):
        for item in node:
            yield from flatten(item)
    elif isinstance(node, dict) and "@graph" in node:
        yield from flatten(node["@graph"])
    elif isinstance(node, dict) and "ItemList" in types(node):
        for element in node.get("itemListElement") or []:
            if isinstance(element, dict) and "ListItem" in types(element):
                yield element.get("item")
            else:
                yield element
    else:
        yield node


def types(node: dict) -> list[str]:
    value = node.get("@type", [])
    return [value] if isinstance(value, str) else [str(item) for item in value]


def type_of(node: object) -> str:
    if isinstance(node, dict):
        return ", ".join(types(node)) or "no @type"
    return type(node).__name__


def is_claim_review(node: object) -> bool:
    return isinstance(node, dict) and "ClaimReview" in types(node)


def text_of(value: object) -> str:
    """A text property, which JSON-LD may give as a string, an object or a list."""
    if isinstance(value, list):
        return text_of(value[0]) if value else ""
    if isinstance(value, dict):
        for key in ("alternateName", "name", "@value"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def review_row(review: dict) -> ReviewRow:
    rating = review.get("reviewRating")
    if isinstance(rating, dict) and not text_of(rating):
        rating = rating.get("ratingValue")
    return checked_row(
        claim=text_of(review.get("claimReviewed")),
        rating=text_of(rating),
        url=text_of(review.get("url")),
        organisation=text_of(review.get("author")),
        day=text_of(review.get("datePublished")),
        language=text_of(review.get("inLanguage")),
    )


def parse_csv(content: str) -> Parsed:
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in CSV_COLUMNS[:3] if column not in header]
    if missing:
        return Parsed(
            rows=(),
            errors=(RowError("line 1", f"missing column(s): {', '.join(missing)}"),),
        )
    reader.fieldnames = header
    rows = []
    errors = []
    for record in reader:
        position = f"line {reader.line_num}"
        try:
            rows.append(
                checked_row(
                    claim=(record.get("claim") or "").strip(),
                    rating=(record.get("rating") or "").strip(),
                    url=(record.get("url") or "").strip(),
                    organisation=(record.get("organisation") or "").strip(),
                    day=(record.get("date") or "").strip(),
                    language=(record.get("language") or "").strip(),
                )
            )
        except ValueError as exc:
            errors.append(RowError(position, str(exc)))
    return Parsed(tuple(rows), tuple(errors))


def checked_row(
    *, claim: str, rating: str, url: str, organisation: str, day: str, language: str
) -> ReviewRow:
    """A row whose fields are all right, or ValueError saying each that is not."""
    problems = []
    if not claim:
        problems.append("no claim (claimReviewed)")
    elif len(claim) > MAX_CLAIM_LENGTH:
        problems.append(f"claim longer than {MAX_CLAIM_LENGTH} characters")
    if not rating:
        problems.append("no rating (reviewRating)")
    elif len(rating) > MAX_RATING_LENGTH:
        problems.append(f"rating longer than {MAX_RATING_LENGTH} characters")
    parts = urlsplit(url) if url else None
    if not url:
        problems.append("no review URL (url)")
    elif len(url) > MAX_URL_LENGTH:
        problems.append(f"URL longer than {MAX_URL_LENGTH} characters")
    elif parts.scheme not in ("http", "https") or not parts.netloc:
        problems.append(f"URL {url!r} is not an http(s) address")
    if len(organisation) > MAX_ORGANISATION_LENGTH:
        problems.append(f"organisation longer than {MAX_ORGANISATION_LENGTH} characters")
    published = None
    if day:
        try:
            published = date.fromisoformat(day[:10])
        except ValueError:
            problems.append(f"date {day!r} is not YYYY-MM-DD")
    tag = language_tag(language) if language else detect_language(claim)
    if tag not in LANGUAGES:
        problems.append(f"language {language!r} is neither French (fr) nor English (en)")
    if problems:
        raise ValueError("; ".join(problems))
    return ReviewRow(
        claim=claim,
        rating=rating,
        url=url,
        organisation=organisation,
        date=published,
        language=tag,
    )
