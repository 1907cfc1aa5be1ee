"""The URL map: the single-page frontend, the health check, the admin and (later) the API."""

from django.contrib import admin
from django.urls import path
from django.views.generic import TemplateView

from bearcave.health import healthz

urlpatterns = [
    path("", TemplateView.as_view(template_name="frontend.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
