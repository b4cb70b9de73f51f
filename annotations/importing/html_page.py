"""Articles from web pages: the article text and metadata of an HTML page (trafilatura).

trafilatura (and lxml under it) is imported only when a page is parsed: the rest of the
package does without it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, tzinfo
from typing import TYPE_CHECKING

from annotations.importing.article import MAX_HTML_DEPTH, ArticleParseError, ParsedArticle
from annotations.importing.building import (
    bidi_note,
    build_article,
    check_no_surrogates,
    check_publication_date,
    check_title,
    checked_url,
    limited_tags,
    valid_url,
)
from annotations.importing.language import (
    confident_language,
    detect_language,
    explicit_language,
    language_tag,
)
from annotations.importing.notices import (
    CAPTION_WORDS,
    NOTICE_MAX_WORDS,
    PAYWALL_WORDS,
    notice_kind,
)
from annotations.importing.text import (
    count_bidi_controls,
    is_empty,
    one_line,
    paragraphs_of,
    same_words_ignoring_case,
)

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# Pruned before trafilatura runs. trafilatura already discards navigation, asides, ads,
# cookie banners and (with include_comments=False) comment sections in its main pass,
# but when that pass finds too little it falls back to generic extractors that happily
# return a cookie banner or a <noscript> message as "the article". Class and id tokens
# are matched whole; nothing that holds the <h1> or an <article> is ever pruned.
_BOILERPLATE_TOKENS = (
    "cookie|cookies|cookie-banner|cookie-consent|cookie-notice|consent|gdpr|rgpd|cmp|"
    "didomi|didomi-host|onetrust|tarteaucitron|ad|ads|advert|adverts|advertisement|"
    "advertising|adsbygoogle|pub|publicite|publicité|sponsor|sponsored|outbrain|taboola|"
    "comments|comment-list|commentlist|comments-area|commentaires|reactions|disqus_thread|"
    "newsletter|paywall"
)
_PRUNE_XPATH = (
    "//noscript"
    " | //*[self::nav or @role='navigation'][not(.//h1) and not(.//article)]"
    " | //*[self::footer or self::header or @role='banner' or @role='contentinfo']"
    "[not(.//h1) and not(.//article) and not(ancestor::article)]"
    " | //*[self::div or self::section or self::aside or self::ul or self::ol or self::p"
    " or self::form or self::dialog]["
    f"re:test(@class, '(^|\\s)({_BOILERPLATE_TOKENS})(\\s|$)', 'i')"
    f" or re:test(@id, '^({_BOILERPLATE_TOKENS})$', 'i')][not(.//h1) and not(.//article)]"
)
# (The class test comes before the search of the descendants: most elements fail it, and
# searching every element's descendants costs the page's size times its depth.)


def _naming(words: frozenset[str]) -> str:
    """An XPath test: the element's class, id or ARIA label has one of ``words`` (whole
    words, cut at spaces, "-" and "_")."""
    alternatives = "|".join(re.escape(word) for word in sorted(words))
    pattern = f"(^|[\\s_-])({alternatives})([\\s_-]|$)"
    return " or ".join(
        f"re:test(@{attribute}, '{pattern}', 'i')" for attribute in ("class", "id", "aria-label")
    )


# Captions, credits and paywall notices (``notices``): left out before trafilatura when
# short and holding no headline (checked in Python: :func:`_left_out_notices`).
# (Elements without any of the attributes are set aside first, in libxml2: the regular
# expressions are Python functions, called for each element they test.)
_NAMED = "//*[@class or @id or @aria-label]"
_CAPTION_XPATH = f"//figcaption | {_NAMED}[{_naming(CAPTION_WORDS)}]"
_PAYWALL_XPATH = f"{_NAMED}[{_naming(PAYWALL_WORDS)}]"
_TABLE_CELL_SEPARATOR = " | "
_MIN_SENTENCE_WORDS = 6
_REGEXP_NAMESPACE = {"re": "http://exslt.org/regular-expressions"}
_PUBLISHED_TIME_XPATH = '//meta[@property="article:published_time"]/@content'
_TIMESTAMP_XPATHS = (
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//*[@itemprop="datePublished"]/@content',
    '//meta[@name="pubdate" or @name="publishdate" or @name="publish-date"'
    ' or @name="DC.date.issued" or @name="dcterms.created" or @name="date"]/@content',
    "//article//time[@datetime]/@datetime",
    "//time[@pubdate][@datetime]/@datetime",
)
_JSON_LD_XPATH = '//script[@type="application/ld+json"]/text()'
_TEXT_XPATH = "//text()[not(ancestor::script or ancestor::style)]"
# trafilatura compares its extraction with readability's and justext's, which score every
# ancestor of every paragraph on the text beneath it: a cost of the page's text times its
# depth (a megabyte of text nested 200 levels deep took three times as long as a flat
# one). Past this depth, trafilatura's own extractor alone ("fast") reads the page, in
# time proportional to its size.
_COMPARED_EXTRACTION_MAX_DEPTH = 32


def _left_out_notices(tree: HtmlElement) -> bool:
    """Drop the page's captions, credits and paywall notices (structural rules of
    ``notices``); whether the page has a paywall."""
    paywalled = False
    for xpath, paywall in ((_PAYWALL_XPATH, True), (_CAPTION_XPATH, False)):
        for element in tree.xpath(xpath, namespaces=_REGEXP_NAMESPACE):
            if element.getparent() is None or element.tag in ("html", "body", "article", "main"):
                continue
            paywalled = paywalled or paywall
            if element.xpath("boolean(.//h1 or .//article or ancestor::p)"):
                continue
            if len(" ".join(element.itertext()).split()) > NOTICE_MAX_WORDS:
                continue  # the article's own text, whatever the class says
            element.drop_tree()
    return paywalled


def _row_cells(row) -> list[str]:
    """The texts of a table row's cells, each on one line, the empty ones at either end
    left out (a caption spread over the columns, an empty corner)."""
    cells = [" ".join("".join(cell.itertext()).split()) for cell in row.iterchildren("cell")]
    while cells and not cells[-1]:
        cells.pop()
    while cells and not cells[0]:
        cells.pop(0)
    return cells


def _tables_as_paragraphs(body) -> None:
    """Each table of trafilatura's document (``<table><row><cell>``) becomes one
    paragraph per row, its cells joined by `` | ``: header cells as the first row, the
    table's caption as a row of its own. One row is one line of text, which the segmenter
    keeps as one sentence unless a cell itself holds several. A one-cell row that holds
    paragraphs (a page laid out in a table) keeps them as paragraphs.

    Hand-written over trafilatura's own document: its text output writes a table as
    Markdown rows between bars, with ``|---|`` lines under the caption and the header,
    which would become sentences of their own."""
    from lxml.etree import Element

    for table in list(body.iter("table")):
        if table.getparent() is None or any(a.tag == "table" for a in table.iterancestors()):
            continue  # a table inside a cell: part of that cell's text
        replacement = []
        for row in table.iterchildren("row"):
            cells = [cell for cell in row.iterchildren("cell")]
            blocks = [c for c in cells if len(c) and any(k.tag in _BLOCKS for k in c)]
            if len(cells) == 1 and blocks:
                replacement.extend(list(blocks[0]))
                continue
            texts = _row_cells(row)
            if texts:
                paragraph = Element("p")
                paragraph.text = _TABLE_CELL_SEPARATOR.join(texts)
                replacement.append(paragraph)
        parent = table.getparent()
        at = parent.index(table)
        tail = table.tail
        parent.remove(table)
        for offset, element in enumerate(replacement):
            element.tail = None
            parent.insert(at + offset, element)
        if replacement:
            replacement[-1].tail = tail
        elif tail and at > 0:  # the text after the table stays where it was
            parent[at - 1].tail = (parent[at - 1].tail or "") + tail
        elif tail:
            parent.text = (parent.text or "") + tail


# trafilatura's block elements: a cell holding one of these holds paragraphs.
_BLOCKS = frozenset({"p", "head", "list", "quote", "code", "table"})


def _nests_deeper_than(tree: HtmlElement, depth: int) -> bool:
    """Whether an element of ``tree``'s document sits more than ``depth`` levels down.

    One XPath step per level (``/*/*/…``), each taking the children of the level above:
    every element is visited at most once, in libxml2.
    """
    return bool(tree.xpath(f"boolean({'/*' * (depth + 1)})"))


def _json_ld_dates(tree: HtmlElement) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            value = node.get("datePublished")
            if isinstance(value, str):
                found.append(value)
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    for script in tree.xpath(_JSON_LD_XPATH):
        try:
            walk(json.loads(script))
        except ValueError:
            continue
    return found


def _page_timestamp(tree: HtmlElement, day: date | None, zone: tzinfo) -> datetime | None:
    """A publication time with hours from the page's own metadata, if it has one.

    htmldate (through trafilatura) only ever returns a day, even when the page says
    ``article:published_time = 2025-03-14T08:30:00+01:00``; so the time is looked up
    here, and used only when it falls on the day trafilatura found.
    """
    candidates = [str(value) for value in tree.xpath(_PUBLISHED_TIME_XPATH)]
    candidates += _json_ld_dates(tree)
    for xpath in _TIMESTAMP_XPATHS:
        candidates.extend(str(value) for value in tree.xpath(xpath))
    for candidate in candidates:
        candidate = candidate.strip()
        if len(candidate) <= 10:  # a day only: nothing more than trafilatura's date
            continue
        try:
            value = datetime.fromisoformat(candidate)
            check_publication_date(value, where="the page's metadata")
        except ValueError:  # not a date, or one out of range (ArticleParseError)
            continue
        if day is not None and value.date() != day:
            continue
        if value.tzinfo is None:
            return value.replace(tzinfo=zone)
        return value.astimezone(zone)
    return None


def _declared_language(tree: HtmlElement) -> str | None:
    root = tree.getroottree().getroot()
    values = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    values += tree.xpath(
        '//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")'
        ' = "content-language"]/@content'
    )
    values += tree.xpath('//meta[@property="og:locale"]/@content')
    for value in values:
        if value and (tag := language_tag(str(value).split(",")[0])):
            return tag
    return None


def parse_html(
    html: str,
    *,
    default_timezone: tzinfo,
    url: str | None = None,
    language: str | None = None,
) -> ParsedArticle:
    """Extract the article of a web page with trafilatura.

    Navigation, scripts, adverts, cookie banners and reader comments are left out
    (``include_comments=False``, no links, images or formatting, plus the pruning above),
    and so are captions, photo credits and paywall notices (``notices``; a note says when
    the page has a paywall, its text may stop short). Tables are kept: each row becomes a
    paragraph, its cells joined by `` | ``, the header row and the caption too.

    The headline, author, day, site name, canonical URL and tags come from trafilatura's
    metadata. The day comes from htmldate, which drops the time of
    day: a time is taken from the page's ``article:published_time``, JSON-LD
    ``datePublished`` or ``<time datetime>`` when it falls on that day, and otherwise
    the article is dated midnight in ``default_timezone``.

    The language is ``language`` when given; otherwise the page's own declaration
    (``<html lang>``, ``Content-Language``, ``og:locale``), unless the text is clearly
    French or English and the declaration says otherwise (templates often keep
    ``lang="en-US"`` on French sites), in which case the text wins and a note says so;
    otherwise :func:`detect_language`.

    ``url`` is where the page was fetched; the page's canonical URL is preferred.

    A page nested deeper than :data:`~annotations.importing.article.MAX_HTML_DEPTH` levels
    is refused (``too_deeply_nested``) rather than cut short by the parser. The page's
    keywords are its tags: past the limits on tags, the first ones are kept, with a note
    (the user did not write them). Bidirectional controls in the page's text are removed,
    with a note.
    """
    # imported here: trafilatura is heavy (lxml, htmldate, courlan) and only HTML needs it
    import trafilatura
    from trafilatura.utils import load_html

    if is_empty(html):
        raise ArticleParseError("empty", "The HTML page is empty (or only white space).")
    check_no_surrogates(html, where="the HTML page")
    given_url = checked_url(url or "", where="the URL given for the page")
    if language is not None:
        language = explicit_language(language)
    if not re.search(r"<(?:html|body)[\s>]", html, re.IGNORECASE):
        html = f"<html><body>{html}</body></html>"  # a fragment: trafilatura wants a page
    tree = load_html(html)
    if tree is None:
        raise ArticleParseError(
            "no_article_text", "The HTML could not be parsed: it is not a web page."
        )
    if _nests_deeper_than(tree, MAX_HTML_DEPTH):
        raise ArticleParseError(
            "too_deeply_nested",
            f"The HTML page nests its elements more than {MAX_HTML_DEPTH} levels deep; it "
            "cannot be read reliably (the parser stops at 256 levels and would drop the "
            "rest of the page). Save the article as plain text, or paste its text.",
        )
    declared_language = _declared_language(tree)
    paywalled = _left_out_notices(tree)
    for element in tree.xpath(_PRUNE_XPATH, namespaces=_REGEXP_NAMESPACE):
        element.drop_tree()
    # Counted in the page's text, before trafilatura, whose text never has them.
    removed = count_bidi_controls("".join(tree.xpath(_TEXT_XPATH)))
    document = trafilatura.bare_extraction(
        tree,
        url=given_url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,  # a results page or a standings table is its text
        include_links=False,
        include_images=False,
        include_formatting=False,
        deduplicate=False,
        fast=_nests_deeper_than(tree, _COMPARED_EXTRACTION_MAX_DEPTH),
        # No "extensive" search: it dates a page from its copyright line ("© 2025" gives
        # 2025-01-01). A wrong date is worse than none for a fact-check.
        date_extraction_params={
            "extensive_search": False,
            "original_date": True,
            "max_date": datetime.now(UTC).strftime("%Y-%m-%d"),
        },
    )
    # trafilatura's text has one block per line: each line is a paragraph, whatever its
    # length. Its tables are rewritten first (one row a paragraph), then its text made again
    # from its document as trafilatura makes it.
    paragraphs: list[str] = []
    if document is not None and document.body is not None:
        text = document.text or ""
        if document.body.find(".//table") is not None:
            from trafilatura.xml import xmltotxt

            _tables_as_paragraphs(document.body)
            text = xmltotxt(document.body, include_formatting=False)
        for line in text.split("\n"):
            for paragraph in paragraphs_of(line):
                kind = notice_kind(paragraph)
                if kind is None:
                    paragraphs.append(paragraph)
                elif kind == "paywall":
                    paywalled = True
    no_article_text = ArticleParseError(
        "no_article_text",
        "No article text could be found in the HTML page: it may be an index page, a "
        "cookie or paywall screen, or a page built by JavaScript. Save the article page "
        "itself, or paste its text.",
    )
    if not paragraphs:
        raise no_article_text
    notes: list[str] = []
    if paywalled:
        notes.append(
            "The page holds a paywall notice: its text may stop where the paywall starts. "
            "Only the text the page shows was imported, without the notice."
        )
    title = one_line(document.title or "")
    if not title:
        title = paragraphs.pop(0)
        notes.append("The page has no title; its first line was taken as the headline.")
    check_title(title, where="the page title")
    # the <h1> is in trafilatura's text, not always first (a standfirst may come before it)
    paragraphs = [
        paragraph for paragraph in paragraphs if not same_words_ignoring_case(paragraph, title)
    ]
    # A menu or a list of links is not an article: ask for at least one sentence.
    if not any(len(paragraph.split()) >= _MIN_SENTENCE_WORDS for paragraph in paragraphs):
        raise no_article_text

    source_url = ""
    if document.url:
        source_url = valid_url(document.url) or ""
        if not source_url:
            notes.append(f"The page's own URL ({document.url!r}) is not a web address.")
    source_url = source_url or given_url

    day = None
    if document.date:
        try:
            day = date.fromisoformat(document.date[:10])
        except ValueError:
            day = None
    published_at = _page_timestamp(tree, day, default_timezone)
    if published_at is None and day is not None:
        published_at = datetime.combine(day, time(0), tzinfo=default_timezone)

    if language is None:
        text = title + "\n" + "\n".join(paragraphs)
        declared = declared_language
        guessed = confident_language(text)
        if declared and guessed and guessed != declared:
            notes.append(
                f"The page declares the language {declared!r}, but the text is clearly "
                f"{'French' if guessed == 'fr' else 'English'}; {guessed!r} was used."
            )
            language = guessed
        else:
            language = declared or detect_language(text)

    tags = [part for tag in document.tags or () for part in tag.split(",")]
    return build_article(
        title=title,
        paragraphs=paragraphs,
        language=language,
        publisher=document.sitename or "",
        author=document.author or "",
        source_url=source_url,
        published_at=published_at,
        tags=limited_tags(tags, where="the page's keywords", notes=notes),
        notes=[*bidi_note(removed), *notes],
    )
