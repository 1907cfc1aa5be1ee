"""The single-page app's shell, its icon and the join QR code: what Django serves of the
frontend itself."""

import io
from functools import cache
from pathlib import Path

import segno
from csp.constants import SELF
from csp.decorators import csp_replace
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from bearcave.network import absolute_url
from games.services.participants import normalise_join_code


@require_safe
@ensure_csrf_cookie
def app_shell(request: HttpRequest, **route: str) -> HttpResponse:
    """Every screen of the app is drawn by the frontend; the CSRF cookie lets it post forms."""
    return render(request, "frontend.html")


@require_safe
@ensure_csrf_cookie
@xframe_options_sameorigin
@csp_replace({"frame-ancestors": [SELF]})
def framed_app_shell(request: HttpRequest, **route: str) -> HttpResponse:
    """A screen the app shows inside its own pages (the studio's seat previews, in a desktop
    and a phone frame): framed by this origin only, never by another site."""
    return render(request, "frontend.html")


FAVICON = Path(__file__).resolve().parent / "favicon.svg"


@cache
def _favicon_svg() -> bytes:
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The bear in its cave, as an SVG icon (the shell links it; other pages get it at .ico)."""
    return HttpResponse(_favicon_svg(), content_type="image/svg+xml")


@require_safe
def join_qr_code(request: HttpRequest, code: str) -> HttpResponse:
    """An SVG QR code of the join link, for the projector: on the address phones can reach."""
    url = absolute_url(request, reverse("join", kwargs={"code": normalise_join_code(code)}))
    return HttpResponse(qr_code_svg(url), content_type="image/svg+xml")


@require_safe
def day_qr_code(request: HttpRequest, code: str) -> HttpResponse:
    """The training day's QR code for the wall: the link to join the day, as for a game."""
    url = absolute_url(request, reverse("day-join", kwargs={"code": normalise_join_code(code)}))
    return HttpResponse(qr_code_svg(url), content_type="image/svg+xml")


def qr_code_svg(text: str) -> bytes:
    """A standalone SVG file (with its namespace), so browsers load it as an <img>."""
    image = io.BytesIO()
    segno.make(text, error="m").save(image, kind="svg", scale=10, dark="#1f2328", light="#ffffff")
    return image.getvalue()
