"""The REST API's routes under /api/v1/ (namespace "api"), every endpoint in one list."""

from django.urls import path

from annotations.api import views

app_name = "api"

urlpatterns = [
    # The write API (token, or session and CSRF). First: POST /api/v1/claims/ is served
    # by ClaimCollection, which also serves the public GET list (as ClaimList does).
    path("claims/", views.ClaimCollection.as_view(), name="claim-create"),
    path("claims/<id:pk>/evidence/", views.EvidenceCreate.as_view(), name="claim-evidence"),
    path("claims/<id:pk>/verdict/", views.VerdictSet.as_view(), name="claim-verdict"),
    path("claims/<id:pk>/submit/", views.ClaimSubmit.as_view(), name="claim-submit"),
    path("claims/<id:pk>/approve/", views.ClaimApprove.as_view(), name="claim-approve"),
    path(
        "claims/<id:pk>/request-changes/",
        views.ClaimRequestChanges.as_view(),
        name="claim-request-changes",
    ),
    # Public JSON.
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<id:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<id:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path(
        "articles/<id:pk>/versions/<id:number>/",
        views.ArticleVersionDetail.as_view(),
        name="article-version",
    ),
    # Linked data: schema.org ClaimReview, W3C Web Annotation.
    path("claims/<id:pk>/claimreview", views.ClaimReviewView.as_view(), name="claim_claimreview"),
    path("claimreviews", views.ClaimReviewFeedView.as_view(), name="claimreview_feed"),
    path("annotations/", views.AnnotationCollectionView.as_view(), name="annotation_collection"),
    path("annotations/<id:pk>", views.AnnotationView.as_view(), name="annotation_detail"),
    # Claim matching.
    path("similar", views.SimilarView.as_view(), name="similar"),
    # Bulk downloads.
    path("exports/claims.csv", views.ClaimCsvExport.as_view(), name="export_claims_csv"),
    path("exports/claims.jsonl", views.ClaimJsonlExport.as_view(), name="export_claims_jsonl"),
]
