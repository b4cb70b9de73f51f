"""Rendering a sentence with its claims as highlights.

Built in Python rather than with template loops: a 2,000-sentence report has tens of
thousands of segments, and this is the page's hot path. Every piece of text goes
through ``escape``.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext, pgettext

from annotations.models import AnchorState, Claim, Verdict

register = template.Library()


def _mark(text: str, claims) -> str:
    first = claims[0]
    verdict = getattr(first, "verdict", None)
    classes = ["hl", f"hl-{first.status}", f"hl-rating-{verdict.rating if verdict else 'none'}"]
    if len(claims) > 1:
        classes.append("hl-overlap")
    if any(c.anchor_state == AnchorState.CHANGED for c in claims):
        classes.append("hl-passage-changed")  # a proposed span, not yet confirmed
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


def _sentence_span(sentence) -> str:
    return (
        f'<span class="sentence" id="s{sentence.position}" data-start="{sentence.start}" '
        f'data-end="{sentence.end}">{sentence_html(sentence)}</span>{escape(sentence.gap_after)}'
    )


@register.simple_tag
def article_text_html(paragraphs) -> SafeString:
    """The article's paragraphs (the headline as ``h1``), each sentence a ``span``."""
    parts = []
    for paragraph in paragraphs:
        sentences = "".join(_sentence_span(s) for s in paragraph.sentences)
        if paragraph.is_headline:
            parts.append(f'<h1 class="headline">{sentences}</h1>')
        else:
            parts.append(
                f'<p class="paragraph" data-paragraph="{paragraph.number}">{sentences}</p>'
            )
    return mark_safe("\n".join(parts))  # noqa: S308 - built from escaped pieces


def _url_maker(name: str):
    """``pk -> reverse(name, args=[pk])``, reversed once: a long report lists a thousand
    claims, and reversing costs more than the rest of an item."""
    sentinel = 987654321
    prefix, suffix = reverse(name, args=[sentinel]).split(str(sentinel))
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


def _truncated(text: str, length: int) -> str:
    """As the ``truncatechars`` filter: at most ``length`` characters, ellipsis included."""
    return text if len(text) <= length else text[: length - 1] + "…"


@register.simple_tag
def claim_list_items_html(claims) -> SafeString:
    """The ``li`` items of the annotate page's claim list."""
    claim_url = _url_maker("annotations:claim_detail")
    statuses = {value: str(label) for value, label in Claim.Status.choices}
    ratings = {value: str(label) for value, label in Verdict.Rating.choices}
    passages = {
        AnchorState.CHANGED: pgettext("passage", "Passage changed"),
        AnchorState.REMOVED: pgettext("passage", "Passage removed"),
    }
    items = []
    for claim in claims:
        url = claim_url(claim.pk)
        verdict = getattr(claim, "verdict", None)
        rating = (
            f' <span class="badge rating rating-{verdict.rating}">'
            f"{escape(ratings.get(verdict.rating, verdict.rating))}</span>"
            if verdict
            else ""
        )
        passage = (
            f' <span class="badge passage-{claim.anchor_state}">'
            f"{escape(passages[claim.anchor_state])}</span>"
            if claim.anchor_state in passages
            else ""
        )
        items.append(
            f'<li><a href="{url}" hx-get="{url}" hx-target="#side-panel" hx-swap="innerHTML" '
            f'data-claim="{claim.pk}">{escape(_truncated(claim.text, 90))}</a> '
            f'<span class="badge status-{claim.status}">'
            f"{escape(statuses.get(claim.status, claim.status))}</span>{rating}{passage} "
            f'<span class="byline">{escape(claim.author.get_username())}</span></li>'
        )
    return mark_safe("\n".join(items))  # noqa: S308 - every piece of user text is escaped
