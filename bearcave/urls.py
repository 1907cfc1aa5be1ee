"""The URL map: the single-page frontend, the health check, the admin and the API."""

from django.contrib import admin
from django.contrib.auth.views import LoginView, LogoutView
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bearcave.frontend import app_shell, join_qr_code
from bearcave.health import healthz

urlpatterns = [
    path("", app_shell, name="home"),
    path("join/", app_shell, name="join-form"),
    path("join/<str:code>", app_shell, name="join"),
    path("play/<str:code>", app_shell, name="play"),
    path("facilitate/", app_shell, name="facilitate"),
    path("facilitate/day", app_shell, name="training-day"),
    path("facilitate/<str:code>", app_shell, name="console"),
    path("facilitate/<str:code>/compare", app_shell, name="comparison"),
    path("qr/<str:code>.svg", join_qr_code, name="join-qr"),
    path("healthz", healthz, name="healthz"),
    path("login/", LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", LogoutView.as_view(next_page="/"), name="logout"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("scenarios.api.urls")),
    path("api/v1/", include("games.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

# Under /api/ a URL that matches nothing, or a crash, still answers in the API's error shape.
handler400 = "bearcave.api.bad_request"
handler404 = "bearcave.api.not_found"
handler500 = "bearcave.api.server_error"
