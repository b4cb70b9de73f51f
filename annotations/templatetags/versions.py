"""Showing how a passage or a sentence changed between two versions: ``<del>`` and ``<ins>``.

Every piece of text goes through ``escape``; only the two tags are added.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from annotations import anchoring

register = template.Library()

_TAGS = {-1: "del", 1: "ins"}


def _html(pairs, side: str) -> SafeString:
    parts = []
    for op, text in pairs:
        if op == 0:
            parts.append(escape(text))
        elif side == "both" or (side == "old") == (op == -1):
            parts.append(f"<{_TAGS[op]}>{escape(text)}</{_TAGS[op]}>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


@register.simple_tag
def word_diff_html(old: str, new: str, side: str = "both") -> SafeString:
    """The word diff of ``old`` and ``new``: both with their removed (``del``) and added
    (``ins``) words, or one side alone (``side="old"`` or ``"new"``)."""
    return _html(anchoring.word_diff(old or "", new or ""), side)


@register.simple_tag
def diff_html(pairs, side: str = "both") -> SafeString:
    """A word diff already computed (``[(op, text), …]``), as ``word_diff_html``."""
    return _html(pairs, side)
