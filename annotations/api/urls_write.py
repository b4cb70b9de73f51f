"""The write API (token or session + CSRF). Included *before* urls_json: POST
/api/v1/claims/ is served by ClaimCollection, which also serves the public GET list."""

from django.urls import path

from annotations.api import views_write

urlpatterns = [
    path("claims/", views_write.ClaimCollection.as_view(), name="claim-create"),
    path("claims/<id:pk>/evidence/", views_write.EvidenceCreate.as_view(), name="claim-evidence"),
    path("claims/<id:pk>/verdict/", views_write.VerdictSet.as_view(), name="claim-verdict"),
    path("claims/<id:pk>/submit/", views_write.ClaimSubmit.as_view(), name="claim-submit"),
    path("claims/<id:pk>/approve/", views_write.ClaimApprove.as_view(), name="claim-approve"),
    path(
        "claims/<id:pk>/request-changes/",
        views_write.ClaimRequestChanges.as_view(),
        name="claim-request-changes",
    ),
]
