"""Rate limits: join codes cannot be brute-forced, and one player cannot flood a game.

The counts live in Django's cache: per process in the embedded profile (LocMemCache), shared
through Redis in the scaled one. The rates are settings (REST_FRAMEWORK's
DEFAULT_THROTTLE_RATES, from the environment) and are read on every request, so a test or an
operator can change them without a restart of the class. The socket draws on the same counts
(games/realtime/throttle.py): joins with unknown codes, and every player's writes.
"""

import logging
import time
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from games.models import Participant

logger = logging.getLogger(__name__)


class _ConfiguredRateThrottle(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        rate = rates.get(str(self.scope))
        return str(rate) if rate is not None else None


class JoinThrottle(_ConfiguredRateThrottle):
    """Every join attempt, per client address."""

    scope = "join"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class JoinMissThrottle(_ConfiguredRateThrottle):
    """Join attempts with a code that names no game, per client address. Every attempt is
    checked, only a miss is counted: once an address has missed too often, even a right code
    waits, so guessing gains nothing."""

    scope = "join_miss"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def throttle_success(self) -> bool:
        return True  # checked, not counted: only `record_miss` counts

    def record_miss(self, request: Request, view: APIView) -> None:
        _, duration = self.parse_rate(self.rate)
        if duration is None:
            return
        key = self.get_cache_key(request, view)
        now = self.timer()
        history: list[float] = [t for t in self.cache.get(key, []) if t > now - duration]
        self.cache.set(key, [now, *history], duration)


class PlayerPostThrottle(_ConfiguredRateThrottle):
    """Writes by one player, whatever they write, over the API and on every socket of theirs
    together (`player_write_wait`). Facilitators are not throttled: their scripts run the
    workshop."""

    scope = "player_post"
    writes_only = True  # reads are never throttled (and the schema promises no 429 for them)
    waiting = 0.0

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") or not isinstance(
            request.auth, Participant
        ):
            return True
        self.waiting = player_write_wait(request.auth) or 0.0
        return not self.waiting

    def wait(self) -> float:
        return self.waiting


def player_write_wait(participant: Participant) -> float | None:
    """Count one write by `participant`: None when it may go ahead, else the seconds until it
    may. The budget is THROTTLE_PLAYER_POST (n per period) in a window that opens at the
    player's first write, one atomic increment in the cache per write, so every socket and
    every process counts into it."""
    rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
    allowed, period = PlayerPostThrottle().parse_rate(rates.get("player_post"))
    if allowed is None or period is None:
        return None
    # The nonce as well: a participant id of a deleted game can come back.
    key = f"player_writes:{participant.pk}:{participant.token_nonce}"
    try:
        return _counted_write_wait(key, allowed, period)
    except RedisError:
        # The budget lives in Redis in the scaled profile. While Redis is away the writes go
        # ahead uncounted: a rate limit must not stop the workshop (the game's log is in the
        # database and its broadcasts catch up once Redis is back).
        logger.warning("Player write budget not counted: the cache is unreachable", exc_info=True)
        return None


def _counted_write_wait(key: str, allowed: int, period: int) -> float | None:
    try:
        count = cache.incr(key)  # the usual case: one increment (Redis: two round trips)
    except ValueError:  # no window open: this write opens one (or another write just did)
        if cache.add(key, 1, period):
            cache.set(f"{key}:opened", time.time(), period)
            count = 1
        else:
            count = cache.incr(key)
    if count <= allowed:
        return None
    opened = float(cache.get(f"{key}:opened", time.time()))
    return max(1.0, opened + period - time.time())


def record_join_miss(request: Request, view: Any) -> None:
    JoinMissThrottle().record_miss(request, view)
