"""Markdown for rationales: rendered by markdown-it-py, then sanitized by nh3.

Raw HTML in the source is not rendered (markdown-it's ``html`` option is off), and the
output is sanitized anyway, so a rationale can never carry script, style or event
handlers into a page or a feed.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.disable("image")  # no third-party requests from a rationale

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Safe HTML for a Markdown text (headings shifted two levels down, links nofollow).

    A pure function of the text, so kept for the texts rendered most recently: public
    reads render the same published rationales over and over."""
    html = _md.render(text or "")
    # The page has its h1 and h2; a rationale's "# Title" becomes h3, "##" h4, and so on.
    for level in (6, 5, 4, 3, 2, 1):
        shifted = min(level + 2, 6)
        html = html.replace(f"<h{level}>", f"<h{shifted}>").replace(
            f"</h{level}>", f"</h{shifted}>"
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
