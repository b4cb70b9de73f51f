"""Linked-data formats of published claims: schema.org ClaimReview, W3C Web Annotation."""

from django.urls import path

from annotations.api import views_formats as views

urlpatterns = [
    path("claims/<id:pk>/claimreview", views.ClaimReviewView.as_view(), name="claim_claimreview"),
    path("claimreviews", views.ClaimReviewFeedView.as_view(), name="claimreview_feed"),
    path("annotations/", views.AnnotationCollectionView.as_view(), name="annotation_collection"),
    path("annotations/<id:pk>", views.AnnotationView.as_view(), name="annotation_detail"),
]
