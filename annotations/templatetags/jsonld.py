"""``{{ value|json_ld }}``: a ``<script type="application/ld+json">`` element.

Like Django's ``json_script`` (same escaping of ``<``, ``>`` and ``&`` as ``\\u003C`` …,
so that no string in the data can close the element), with the JSON-LD media type
that search engines read.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter(is_safe=True)
def json_ld(value) -> SafeString:
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    # Safe: the escapes above leave no "<", ">" or "&" in the JSON.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308
