"""Additions to the generated OpenAPI schema."""

CONDITIONAL_HEADERS = (
    ("If-None-Match", "An ETag from an earlier response: 304 if it still matches."),
    ("If-Modified-Since", "An HTTP date: 304 if nothing changed since then."),
)


def document_conditional_get(result, generator, request, public):
    """Every public read under /api/v1/ answers a matching conditional request with 304
    (annotations/caching.py); say so on each GET operation."""
    for path, operations in result.get("paths", {}).items():
        operation = operations.get("get")
        if not path.startswith("/api/v1/") or operation is None:
            continue
        operation.setdefault("responses", {}).setdefault(
            "304", {"description": "Not Modified: the ETag or date sent still matches."}
        )
        parameters = operation.setdefault("parameters", [])
        present = {(p.get("name"), p.get("in")) for p in parameters}
        for name, description in CONDITIONAL_HEADERS:
            if (name, "header") not in present:
                parameters.append(
                    {
                        "name": name,
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                        "description": description,
                    }
                )
    return result
