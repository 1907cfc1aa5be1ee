"""What happens inside a round: room and huddle messages, the customer's mood, coach notes and
the scenario's injects."""

from datetime import datetime, timedelta
from typing import Any, Literal

from django.utils import timezone

from games.catalogue import (
    Announced,
    CoachNoted,
    HandRaised,
    InjectDelivered,
    InjectFired,
    MessagePosted,
    MoodChanged,
    WallShown,
)
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, check_allowed
from games.models import Event, Game
from games.services.actors import Actor
from games.services.events import Command, event_append
from games.services.rounds import mood_audience
from games.services.suggestions import suggestions_after_commit
from games.services.timeline import live_elapsed, live_seconds, wake_soon

MAX_MESSAGE_LENGTH = 2000
CHANNEL_ACTIONS = {
    "room": (Action.POST_ROOM, Audience.ROOM),
    "huddle": (Action.POST_HUDDLE, Audience.HUDDLE),
}


def _clean_text(text: str, *, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise GameError(ErrorCode.BAD_COMMAND, f"An empty {what} was not sent.")
    if len(cleaned) > MAX_MESSAGE_LENGTH:
        raise GameError(
            ErrorCode.BAD_COMMAND, f"A {what} may be at most {MAX_MESSAGE_LENGTH} characters."
        )
    return cleaned


def message_post(
    game: Game, *, by: Actor, channel: str, text: str, command: Command | None = None
) -> Event:
    """Post to the room (the conversation with the customer) or the team's huddle."""
    if channel not in CHANNEL_ACTIONS:
        raise GameError(ErrorCode.BAD_COMMAND, "The channel is 'room' or 'huddle'.")
    action, audience = CHANNEL_ACTIONS[channel]
    check_allowed(action, role=by.role, phase=Phase(game.phase))
    if channel == "room" and game.phase == Phase.LIVE and game.clock.is_paused:
        # A freeze (or a pause, or a hold) stops the conversation with the customer; the team
        # may still talk in the huddle.
        raise GameError(
            ErrorCode.ROUND_PAUSED,
            game.hold_reason or "The round is stopped; the room opens again when it goes on.",
        )
    event = event_append(
        game,
        MessagePosted(
            channel=channel,
            text=_clean_text(text, what="message"),
            author=by.name,
            role=by.role,
            functions=list(by.functions),
            live_seconds=live_seconds(game),
        ),
        audience=audience,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )
    suggestions_after_commit(game, event, by)
    if game.scripted_customer and channel == "room":
        wake_soon(game, event.created_at)  # the scripted customer answers in a moment
    return event


MAX_ANNOUNCEMENT_LENGTH = 500


def announcement_make(game: Game, *, by: Actor, text: str, command: Command | None = None) -> Event:
    """The facilitator says something to everyone at the table, in any phase."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    cleaned = _clean_text(text, what="announcement")
    if len(cleaned) > MAX_ANNOUNCEMENT_LENGTH:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            f"An announcement may be at most {MAX_ANNOUNCEMENT_LENGTH} characters.",
        )
    return event_append(
        game,
        Announced(text=cleaned),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )


def wall_show(
    game: Game, *, by: Actor, view: Literal["live", "compare"], command: Command | None = None
) -> Event:
    """The facilitator puts the live room or the round comparison on the room display; a
    display on any machine follows (it is public: everyone may read it)."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    return event_append(
        game, WallShown(view=view), audience=Audience.EVERYONE, actor_user=by.user, command=command
    )


def hand_raise(game: Game, *, by: Actor, raised: bool, command: Command | None = None) -> Event:
    """Someone at the table asks the facilitator for help (`raised`), or lowers the hand (the
    facilitator does when they have come over). Anyone, in any phase: the whole table sees it."""
    check_allowed(Action.RAISE_HAND, role=by.role, phase=Phase(game.phase))
    return event_append(
        game,
        HandRaised(raised=raised, name=by.name),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def mood_set(game: Game, *, by: Actor, mood: int, command: Command | None = None) -> Event:
    """The customer says how they feel, 0 (calm) to 10 (furious)."""
    check_allowed(Action.SET_MOOD, role=by.role, phase=Phase(game.phase))
    if isinstance(mood, bool) or not isinstance(mood, int) or not 0 <= mood <= 10:
        raise GameError(ErrorCode.BAD_COMMAND, "The mood is a whole number from 0 to 10.")
    if game.hold_reason:
        raise GameError(ErrorCode.ROUND_ON_HOLD, game.hold_reason)
    return event_append(
        game,
        MoodChanged(mood=mood, reason="customer", live_seconds=live_seconds(game)),
        audience=mood_audience(game),
        actor=by.participant,
        command=command,
    )


def coach_note(game: Game, *, by: Actor, text: str, command: Command | None = None) -> Event:
    """A timestamped note for the debrief; only the coach (and facilitator) see it live."""
    check_allowed(Action.WRITE_COACH_NOTE, role=by.role, phase=Phase(game.phase))
    elapsed = live_elapsed(game, timezone.now())
    return event_append(
        game,
        CoachNoted(
            text=_clean_text(text, what="note"),
            author=by.name,
            live_seconds=round(elapsed.total_seconds()) if elapsed else None,
        ),
        audience=Audience.COACH,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )


def _injects(game: Game) -> dict[str, dict[str, object]]:
    return {inject["id"]: inject for inject in game.scenario_version.document["injects"]}


def _fired_this_round(game: Game) -> set[str]:
    return {
        str(payload["inject"])
        for payload in Event.objects.filter(
            game=game, round_number=game.round_number, type="inject.fired"
        ).values_list("payload", flat=True)
    }


def pending_timed_injects(game: Game) -> dict[str, timedelta]:
    """Timed injects of this round not fired yet, with when they are due into the live phase."""
    if game.phase != Phase.LIVE:
        return {}
    fired = _fired_this_round(game)
    return {
        inject_id: timedelta(minutes=float(str(inject["at_minute"])))
        for inject_id, inject in _injects(game).items()
        if inject.get("at_minute") is not None and inject_id not in fired
    }


def due_injects(game: Game, now: datetime) -> list[str]:
    elapsed = live_elapsed(game, now)
    if elapsed is None or game.clock.is_paused:
        return []
    due = [
        (at, inject_id) for inject_id, at in pending_timed_injects(game).items() if at <= elapsed
    ]
    return [inject_id for _, inject_id in sorted(due)]


def inject_fire(
    game: Game,
    *,
    by: Actor,
    inject_id: str,
    scheduled: bool = False,
    command: Command | None = None,
) -> list[Event]:
    """Fire one of the scenario's injects: the customer and the team each get their text."""
    check_allowed(Action.FIRE_INJECT, role=by.role, phase=Phase(game.phase))
    inject = _injects(game).get(inject_id)
    if inject is None:
        raise GameError(ErrorCode.UNKNOWN_INJECT, f"This scenario has no inject {inject_id!r}.")
    if inject_id in _fired_this_round(game):
        raise GameError(ErrorCode.BAD_COMMAND, f"{inject['title']} has already fired this round.")
    common: dict[str, Any] = {
        "inject": inject_id,
        "title": inject["title"],
        "scheduled": scheduled,
    }
    events = [
        event_append(
            game,
            InjectFired(**common, audience=inject["audience"]),
            audience=Audience.COACH,
            actor=by.participant,
            actor_user=by.user,
            command=command,
        )
    ]
    for side, audience in (("customer_text", Audience.CUSTOMER), ("team_text", Audience.TEAM)):
        if inject.get(side):
            events.append(
                event_append(game, InjectDelivered(**common, text=inject[side]), audience=audience)
            )
    wake_soon(game, timezone.now())
    return events
