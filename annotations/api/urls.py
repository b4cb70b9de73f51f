"""The REST API under /api/v1/: plain JSON (urls_json) and the linked-data formats,
ClaimReview and Web Annotation (urls_formats)."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    # First: POST /api/v1/claims/ (urls_write) shares its path with the public list.
    path("", include("annotations.api.urls_write")),
    path("", include("annotations.api.urls_json")),
    path("", include("annotations.api.urls_formats")),
    path("", include("annotations.api.urls_exports")),
]
