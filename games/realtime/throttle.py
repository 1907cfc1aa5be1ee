"""The API's budgets, drawn on by the socket too: one count for both edges.

A socket opened for a code that names no game is a miss, counted exactly as the API's `join_miss`
throttle counts one (same cache key, same `THROTTLE_JOIN_MISS` rate), so guessing codes over
HTTP and over WebSockets draws on one budget. Once an address is over it, every socket it opens
is refused, right code or not, until the window has passed.

A player's commands count into the same budget as their API writes (`THROTTLE_PLAYER_POST`),
whichever socket (and process) they come from: five sockets get no more than one.
"""

import asyncio
from typing import Any, cast

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from rest_framework.request import Request

from games.models import Participant
from games.throttles import JoinMissThrottle, player_write_wait


class _SocketPeer:
    """The parts of a request the API's throttle reads to tell clients apart, from an ASGI
    scope: the peer address and X-Forwarded-For (trusted as far as NUM_PROXIES says)."""

    def __init__(self, scope: dict[str, Any]) -> None:
        client = scope.get("client") or ("", 0)
        self.META = {"REMOTE_ADDR": str(client[0])}
        self.headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }


def join_guessing_allowed(scope: dict[str, Any]) -> bool:
    """False when this client address has missed too many codes lately (nothing is counted)."""
    return JoinMissThrottle().allow_request(_as_request(scope), _NO_VIEW)


def join_miss_record(scope: dict[str, Any]) -> None:
    JoinMissThrottle().record_miss(_as_request(scope), _NO_VIEW)


def _as_request(scope: dict[str, Any]) -> Request:
    return cast(Request, _SocketPeer(scope))


_NO_VIEW: Any = None  # the throttle's cache key does not depend on the view


async def player_write_wait_async(participant: Participant) -> float | None:
    """`player_write_wait` from the event loop. The in-memory cache answers at once; a shared
    one (Redis) is a round trip, made on a worker thread (not the database thread)."""
    if isinstance(caches["default"], LocMemCache):
        return player_write_wait(participant)
    return await asyncio.to_thread(player_write_wait, participant)
