"""Where a round is on its own timeline: seconds into the live phase, pauses excluded; and the
clock's next look at a game."""

from datetime import datetime, timedelta

from django.utils import timezone

from games.engine.phases import Phase
from games.models import Game


def live_elapsed(game: Game, now: datetime) -> timedelta | None:
    left = game.clock.time_left(now)
    if game.phase != Phase.LIVE or left is None or game.phase_allotted is None:
        return None
    return game.phase_allotted - left


def live_seconds(game: Game) -> int | None:
    elapsed = live_elapsed(game, timezone.now())
    return round(elapsed.total_seconds()) if elapsed is not None else None


def wake_soon(game: Game, at: datetime) -> None:
    """Have the clock look at the game by `at` (what changed may change when it is next due:
    a deadline, a timed inject, the scripted customer's turn). The clock's tick works out the
    exact time (games.services.clock), so the services that change timing need not know all
    that the clock serves. The game's row is locked by the caller."""
    if game.wake_at is None or at < game.wake_at:
        game.wake_at = at
        Game.objects.filter(pk=game.pk).update(wake_at=at)
