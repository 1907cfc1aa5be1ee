"""Which pages may open a game socket: only the app's own, by scheme, host and port.

A browser sends the page's origin with a WebSocket handshake and the user's cookies with it, so
a page elsewhere could drive a signed-in facilitator's socket. Channels'
AllowedHostsOriginValidator compared host names only: a page on another port of the same host
(another application on the same machine) passed, and a `lock_game` sent from it took effect.
Here the Origin must be exactly the origin the browser reached this app on: the scheme (https
behind TLS, as Django's request.is_secure() decides), and the host and port of its Host header,
which must be one of ALLOWED_HOSTS. That is the rule Django's CSRF check applies to a form;
CSRF_TRUSTED_ORIGINS names any other origin to trust, as it does for forms.
"""

from typing import Any
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


class SameOriginValidator:
    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def origin_allowed(scope: dict[str, Any]) -> bool:
    headers = {name.lower(): value.decode("latin-1") for name, value in scope["headers"]}
    origin, host = headers.get(b"origin", ""), headers.get(b"host", "")
    domain, _ = split_domain_port(host)
    if not origin or not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    served = f"{'https' if _secure(scope, headers) else 'http'}://{host}"
    trusted = [served, *settings.CSRF_TRUSTED_ORIGINS]
    return _origin(origin) in {_origin(candidate) for candidate in trusted}


def _secure(scope: dict[str, Any], headers: dict[bytes, str]) -> bool:
    if scope.get("scheme") == "wss":
        return True
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not proxy_header:
        return False
    name, secure_value = proxy_header
    header = name.removeprefix("HTTP_").lower().replace("_", "-").encode()
    return bool(headers.get(header, "").split(",")[0].strip() == secure_value)


def _origin(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) with the scheme's default port filled in; None if not an origin."""
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or port is None:
        return None
    return parts.scheme, parts.hostname.lower(), port
