"""Signing in: failed attempts are throttled per account and per address by django-axes
(settings: AXES_*), on /login/, /admin/login/ and anything else that calls `authenticate`.

The address is found as the API's throttles find it (DRF's rule with NUM_PROXIES), so one
forged X-Forwarded-For cannot dodge the lockout and, behind nginx, every person does not share
the proxy's address.
"""

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    forwarded: str | None = request.META.get("HTTP_X_FORWARDED_FOR")
    remote: str = request.META.get("REMOTE_ADDR", "")
    proxies: int = settings.REST_FRAMEWORK["NUM_PROXIES"]
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",")]
        return str(addresses[-min(proxies, len(addresses))])
    return remote
