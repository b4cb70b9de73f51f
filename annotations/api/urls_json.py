"""Plain JSON endpoints of the public API (included under /api/v1/, namespace "api")."""

from django.urls import path

from annotations.api import views

urlpatterns = [
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<id:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<id:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
]
