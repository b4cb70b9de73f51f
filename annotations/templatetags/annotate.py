"""Rendering a sentence with its claims as highlights.

Built in Python rather than with template loops: a 2,000-sentence report has tens of
thousands of segments, and this is the page's hot path. Every piece of text goes
through ``escape``.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

register = template.Library()


def _mark(text: str, claims) -> str:
    first = claims[0]
    verdict = getattr(first, "verdict", None)
    classes = ["hl", f"hl-{first.status}", f"hl-rating-{verdict.rating if verdict else 'none'}"]
    if len(claims) > 1:
        classes.append("hl-overlap")
    ids = " ".join(str(c.pk) for c in claims)
    title = ""
    if len(claims) > 1:
        hint = ngettext(
            "%(count)d claim here: click again for the next",
            "%(count)d claims here: click again for the next",
            len(claims),
        ) % {"count": len(claims)}
        title = f' title="{escape(hint)}"'
    return f'<mark class="{" ".join(classes)}" data-claims="{ids}"{title}>{escape(text)}</mark>'


@register.simple_tag
def sentence_html(sentence) -> SafeString:
    return mark_safe(  # noqa: S308 - every piece of user text is escaped above
        "".join(
            _mark(segment.text, segment.claims) if segment.claims else escape(segment.text)
            for segment in sentence.segments
        )
    )
