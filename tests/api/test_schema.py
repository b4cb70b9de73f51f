"""The OpenAPI document of the API and its readers (Swagger UI, ReDoc)."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

CLAIM_FILTERS = {
    "rating",
    "article",
    "publisher",
    "claimant",
    "language",
    "published_after",
    "published_before",
    "updated_since",
    "q",
    "ordering",
    "cursor",
    "page_size",
}


@pytest.fixture
def schema():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_an_openapi_3_document_with_every_public_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/articles/",
        "/api/v1/articles/{id}/",
    ):
        assert "get" in schema["paths"][path], path


def test_the_schema_is_served_as_json_too():
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/claims/" in response.json()["paths"]


def test_every_claim_filter_is_a_documented_parameter(schema):
    operation = schema["paths"]["/api/v1/claims/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names >= CLAIM_FILTERS
    assert {"400", "429"} <= set(operation["responses"])


@pytest.mark.parametrize("path", ["/api/v1/claims/{id}/", "/api/v1/articles/{id}/"])
def test_details_document_their_404(schema, path):
    assert "404" in schema["paths"][path]["get"]["responses"]


def test_the_claim_list_is_public_in_the_schema(schema):
    security = schema["paths"]["/api/v1/claims/"]["get"].get("security", [])
    assert {} in security


def test_the_generated_schema_validates_without_warnings(tmp_path):
    # Raises SystemExit on any warning or validation error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").read_text().startswith("openapi: 3")


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_readers_use_local_assets_only(path):
    response = APIClient().get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    hosts = set(re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//([^/"']+)""", html))
    assert hosts <= {"testserver"}, hosts
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html


def test_every_public_read_documents_its_conditional_304(client):
    import yaml

    cache.clear()
    document = yaml.safe_load(client.get("/api/schema/").content)
    reads = {
        path: operations["get"]
        for path, operations in document["paths"].items()
        if path.startswith("/api/v1/") and "get" in operations
    }
    assert reads
    for path, operation in reads.items():
        assert "304" in operation["responses"], path
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert {"If-None-Match", "If-Modified-Since"} <= headers, path
