"""Where people reach this server: the address the room's phones open (PUBLIC_URL, or the
machine's own address on the local network when it serves every interface), and the absolute
links built on it."""

import ipaddress
import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings.py imports this module: nothing here may need settings to load
    from django.http import HttpRequest

# The bind addresses that mean "every interface": the server is reachable from the network.
ALL_INTERFACES = frozenset({"0.0.0.0", "::"})  # noqa: S104 (naming them, not binding)
# Connecting a UDP socket sends nothing: it only asks the routing table which local address
# would carry traffic to there. A documentation address (RFC 5737) is never a real host, and any
# address off this machine is routed the way the network's other machines are.
_ROUTE_PROBE = ("192.0.2.1", 9)


def _usable(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return not (ip.is_loopback or ip.is_unspecified)


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network (the one its default route uses), or
    None when it has none (no network, or only loopback)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE)
            routed = str(probe.getsockname()[0])
        if _usable(routed):
            return routed
    except OSError:
        pass  # no route out (an offline laptop running the room's own Wi-Fi): try its name
    try:
        named = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return None
    return next((str(info[4][0]) for info in named if _usable(str(info[4][0]))), None)


def public_url(configured: str, *, host: str, port: int) -> str:
    """The scheme, host and port phones open: PUBLIC_URL as configured; unset, the machine's
    LAN address when the server listens on every interface; otherwise '' (links follow the
    address each request came to)."""
    if configured:
        return _checked_public_url(configured)
    if host in ALL_INTERFACES:
        address = lan_address()
        return f"http://{address}:{port}" if address else ""
    return ""


def _checked_public_url(configured: str) -> str:
    parts = urlsplit(configured)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ImproperlyConfigured(
            "PUBLIC_URL is the address phones open, a scheme, host and optional port without a "
            f"path (http://192.168.1.20:8000 or https://bearcave.example.com), not {configured!r}."
        )
    if parts.query or parts.fragment or parts.username:
        raise ImproperlyConfigured(f"PUBLIC_URL takes no query, fragment or user: {configured!r}.")
    return f"{parts.scheme}://{parts.netloc}"


def host_of(url: str) -> str:
    """The host name of a URL as ALLOWED_HOSTS names it (an IPv6 address keeps its brackets)."""
    hostname = urlsplit(url).hostname or ""
    return f"[{hostname}]" if ":" in hostname else hostname


def absolute_url(request: "HttpRequest | None", path: str) -> str:
    """A link to `path` that works from where people are: on PUBLIC_URL when there is one (or
    the LAN address worked out for it), else on the address the request came to."""
    from django.conf import settings

    if settings.PUBLIC_URL:
        return f"{settings.PUBLIC_URL}{path}"
    return request.build_absolute_uri(path) if request is not None else path
