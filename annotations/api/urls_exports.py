"""Bulk downloads of the published claims (included under /api/v1/, namespace "api")."""

from django.urls import path

from annotations.api import views_exports as views

urlpatterns = [
    path("exports/claims.csv", views.ClaimCsvExport.as_view(), name="export_claims_csv"),
    path("exports/claims.jsonl", views.ClaimJsonlExport.as_view(), name="export_claims_jsonl"),
]
