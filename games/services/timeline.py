"""Where a round is on its own timeline: seconds into the live phase, pauses excluded."""

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
