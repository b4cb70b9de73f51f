"""The site's URLs: accounts, admin, the API and its documentation, the app's pages."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from annotations import views
from annotations.api.documentation import RedocView, SwaggerUIView

# Accounts: log in and out, change one's password. (No password reset by e-mail:
# the project sends no mail yet; an admin resets passwords.)
account_patterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("accounts/", include(account_patterns)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("annotations.api.urls")),
    # The OpenAPI document of the API, and its two readers (assets served locally).
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SwaggerUIView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", RedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Browsers ask for it on pages that name no icon (base.html names the SVG one).
    path("favicon.ico", views.favicon, name="favicon"),
    path("", include("annotations.urls")),
]

# The error pages (annotations/views/errors.py); CSRF failures: CSRF_FAILURE_VIEW.
handler400 = "annotations.views.bad_request"
handler403 = "annotations.views.permission_denied"
handler404 = "annotations.views.page_not_found"
handler500 = "annotations.views.server_error"
