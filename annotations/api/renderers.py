"""JSON renderers of the API, backed by orjson (drf-orjson-renderer).

The public reads are hit by crawlers and aggregators: orjson writes a page of claims in
a small fraction of the time the standard library's encoder takes, with the same
output (compact, UTF-8).
"""

from drf_orjson_renderer.renderers import ORJSONRenderer


class JSONRenderer(ORJSONRenderer):
    """``application/json``."""


class JSONLDRenderer(JSONRenderer):
    """JSON-LD (schema.org). Also served as application/json to clients that ask for it."""

    media_type = "application/ld+json"
    format = "jsonld"
