"""JSON renderers of the API, backed by orjson (drf-orjson-renderer).

The public reads are hit by crawlers and aggregators: orjson writes a page of claims in
a small fraction of the time the standard library's encoder takes, with the same
output (compact, UTF-8).
"""

import orjson
from drf_orjson_renderer.renderers import ORJSONRenderer


class JSONRenderer(ORJSONRenderer):
    """``application/json``. A datetime is written as DRF's DateTimeField writes it:
    ISO 8601 with its offset, ``Z`` for a zero one (``representations.moment``)."""

    options = ORJSONRenderer.options | orjson.OPT_UTC_Z


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (schema.org). Also served as application/json to clients that ask for it."""

    media_type = "application/ld+json"
    format = "jsonld"
