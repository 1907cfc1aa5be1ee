"""The game clock's tick: the one place that knows everything a game's clock serves (deadlines,
timed injects, the scripted customer's turns) and applies what is due.

The services that change a game's timing only ask for a look (timeline.wake_soon); the tick
applies what is due and works out when the game next needs it. The ticker of every server
process calls it (games/realtime/ticker.py), for the games `games_due` names.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from games.engine.phases import TIMED_PHASES
from games.engine.roles import Role
from games.models import Event, Game
from games.services.actors import Actor
from games.services.conversation import due_injects, inject_fire, pending_timed_injects
from games.services.events import game_for_update
from games.services.rounds import phase_advance
from games.services.scripted import scripted_customer_act, scripted_customer_wake
from games.services.timeline import live_elapsed

CLOCK = Actor(role=Role.FACILITATOR)


def game_tick(game_id: int, *, now: datetime | None = None) -> list[Event]:
    """Apply what the clock says is due: the scripted customer's turn, timed injects, then the
    deadline; then set when the game is next due. Safe to run from any number of processes at
    once: the game row lock makes each effect happen once."""
    now = now or timezone.now()
    with transaction.atomic():
        game = game_for_update(game_id)
        events: list[Event] = scripted_customer_act(game, now)
        for inject_id in due_injects(game, now):
            events += inject_fire(game, by=CLOCK, inject_id=inject_id, scheduled=True)
        if game.phase in TIMED_PHASES and game.clock.is_due(now):
            events.append(phase_advance(game, by=CLOCK, reason="deadline", now=now))
        _schedule(game, now)
        return events


def games_due(now: datetime | None = None) -> list[int]:
    """Games whose clock has something to do now (one indexed query, however many games)."""
    return list(
        Game.objects.filter(wake_at__lte=now or timezone.now()).values_list("pk", flat=True)
    )


def _schedule(game: Game, now: datetime) -> None:
    """When the clock next needs the game: the deadline, the next timed inject or the scripted
    customer's next turn (None: nothing until something changes)."""
    left = game.clock.time_left(now)
    wakes = [scripted_customer_wake(game, now)]
    if not (game.clock.is_paused or game.clock.deadline is None or left is None):
        wakes.append(game.clock.deadline)
        elapsed = live_elapsed(game, now)
        if elapsed is not None:
            wakes += [
                now + max(at - elapsed, timedelta(0)) for at in pending_timed_injects(game).values()
            ]
    game.wake_at = min((wake for wake in wakes if wake is not None), default=None)
    Game.objects.filter(pk=game.pk).update(wake_at=game.wake_at)
