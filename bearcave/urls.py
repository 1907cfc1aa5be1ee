"""The URL map: the single-page frontend, the health check, the admin and the API."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import LoginView, LogoutView
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from bearcave.frontend import app_shell, day_qr_code, favicon, framed_app_shell, join_qr_code
from bearcave.health import healthz
from organisations.views import invitation_page

# Every page the frontend's router draws (frontend/src/App.tsx): a link to one, reloaded, opened
# in a new tab or shared, opens it, with or without a trailing slash (the router takes both).
_CODE = r"(?P<code>[^/]+)"
APP_PAGES = {
    "join-form": r"join",
    "join": rf"join/{_CODE}",
    "play": rf"play/{_CODE}",
    "play-replay": rf"play/{_CODE}/replay/(?P<round>[0-9]+)",
    "facilitate": r"facilitate",
    "training-day": r"facilitate/day",
    "day-join-form": r"day",
    "day-join": rf"day/{_CODE}",
    "day-console": rf"facilitate/days/{_CODE}",
    "day-wall": rf"facilitate/days/{_CODE}/wall",
    "console": rf"facilitate/{_CODE}",
    "comparison": rf"facilitate/{_CODE}/compare",
    "replay": rf"facilitate/{_CODE}/replay/(?P<round>[0-9]+)",
    "wall": rf"facilitate/{_CODE}/wall",
    "studio": r"studio",
    "studio-draft": r"studio/drafts/(?P<draft>[0-9]+)",
    "studio-try": rf"studio/drafts/(?P<draft>[0-9]+)/try/{_CODE}",
    "studio-history": r"studio/scenarios/(?P<slug>[a-z0-9-]+)/history",
    "organisation": r"facilitate/organisation",
    "api-tokens": r"facilitate/tokens",
}
# Pages the app frames in its own screens (the studio's previews of a seat).
FRAMED_APP_PAGES = {
    "studio-preview": r"studio/drafts/(?P<draft>[0-9]+)/preview/(?P<seat>[a-z0-9:-]+)",
}

urlpatterns = [
    path("", app_shell, name="home"),
    *(re_path(rf"^{page}/?$", app_shell, name=name) for name, page in APP_PAGES.items()),
    *(
        re_path(rf"^{page}/?$", framed_app_shell, name=name)
        for name, page in FRAMED_APP_PAGES.items()
    ),
    path("favicon.svg", favicon, name="favicon"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin, the API docs).
    path("favicon.ico", favicon),
    path("qr/<str:code>.svg", join_qr_code, name="join-qr"),
    path("qr/day/<str:code>.svg", day_qr_code, name="day-qr"),
    path("healthz", healthz, name="healthz"),
    path(
        "login/",
        LoginView.as_view(
            redirect_authenticated_user=True,
            # Single sign-on, when configured: a "Sign in with ..." button beside the form.
            extra_context={"sso_provider": getattr(settings, "OIDC_PROVIDER_NAME", None)},
        ),
        name="login",
    ),
    path("logout/", LogoutView.as_view(next_page="/"), name="logout"),
    path("invite/<str:token>/", invitation_page, name="invitation-accept"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("organisations.urls")),
    path("api/v1/", include("scenarios.api.urls")),
    path("api/v1/", include("games.api.urls")),
    path("api/v1/", include("days.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

if settings.OIDC_ENABLED:
    # /oidc/authenticate/ (to the provider), /oidc/callback/ (back): organisations/oidc.py.
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

# Under /api/ a URL that matches nothing, or a crash, still answers in the API's error shape.
handler400 = "bearcave.api.bad_request"
handler404 = "bearcave.api.not_found"
handler500 = "bearcave.api.server_error"
