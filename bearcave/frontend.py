"""The single-page app's shell and the join QR code: the only HTML Django renders itself."""

import io

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_safe

from games.services.participants import normalise_join_code


@require_safe
@ensure_csrf_cookie
def app_shell(request: HttpRequest, **route: str) -> HttpResponse:
    """Every screen of the app is drawn by the frontend; the CSRF cookie lets it post forms."""
    return render(request, "frontend.html")


@require_safe
def join_qr_code(request: HttpRequest, code: str) -> HttpResponse:
    """An SVG QR code of the join link, for the projector."""
    url = request.build_absolute_uri(f"/join/{normalise_join_code(code)}")
    image = io.BytesIO()
    # A standalone SVG file (with its namespace), so browsers load it as an <img>.
    segno.make(url, error="m").save(image, kind="svg", scale=10, dark="#1f2328", light="#ffffff")
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")
