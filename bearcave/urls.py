"""The URL map: the single-page frontend, the health check, the admin and (later) the API."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bearcave.health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="frontend.html"), name="home"),
    path("join/<str:code>", TemplateView.as_view(template_name="frontend.html"), name="join"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("scenarios.api.urls")),
    path("api/v1/", include("games.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
