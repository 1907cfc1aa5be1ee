"""Running rounds: phase changes, the clock (pause, resume, extend, deadlines) and holds.

Every round restarts the scenario from the same opening; what carries over is the team's history.
"""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from games.catalogue import (
    Clock,
    ClockExtended,
    ClockPaused,
    ClockResumed,
    DebriefRevealed,
    MoodChanged,
    PhaseChanged,
    RoundFrozen,
    RoundHeld,
    RoundOpened,
    RoundReleased,
    RoundSummarized,
    RoundUnfrozen,
)
from games.engine.clock import PhaseClock
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase, Position, check_expected_phase, next_position
from games.engine.roles import Action, Audience, Role, check_allowed
from games.engine.rotation import minimum_players
from games.engine.scoring import current_tags
from games.models import CoachMode, Event, Game, SeatAssignment
from games.services.actors import Actor
from games.services.coaching import agreed_changes, round_has_agreed_change
from games.services.events import Command, event_append
from games.services.outcomes import round_outcome_for
from games.services.seats import seat_plan
from games.services.timeline import wake_soon
from scenarios.selectors import scenario_spec

HOLD_CUSTOMER_AWAY = "The customer is disconnected; the round waits for them."


def clock_view(game: Game, now: datetime) -> Clock:
    clock = game.clock
    left = clock.time_left(now)
    return Clock(
        deadline=clock.deadline.isoformat() if clock.deadline else None,
        paused=clock.is_paused,
        seconds_left=round(left.total_seconds(), 1) if left is not None else None,
        hold_reason=game.hold_reason,
    )


def _clock_fields(game: Game, now: datetime) -> dict[str, Any]:
    return dict(clock_view(game, now))


def opening_of(game: Game) -> dict[str, Any]:
    """The scenario's fixed opening: the same for every round of the game."""
    customer = game.scenario_version.document["customer"]
    return {
        "opening_statement": customer["opening_statement"],
        "starting_mood": customer["starting_mood"],
        "temper_visible": customer["temper_visible"],
    }


def mood_audience(game: Game) -> Audience:
    temper_visible = scenario_spec(game.scenario_version_id).customer.temper_visible
    return Audience.EVERYONE if temper_visible else Audience.CUSTOMER


def _check_enough_players(game: Game) -> None:
    rotating = game.coach_mode == CoachMode.ROTATING
    needed = minimum_players(rotating_coach=rotating)
    if not SeatAssignment.objects.filter(game=game, round_number=1).exists():
        raise GameError(
            ErrorCode.TOO_FEW_PLAYERS,
            f"This game needs at least {needed} players "
            f"({'customer, coach and a responder' if rotating else 'customer and a responder'}).",
        )


def _enter(
    game: Game,
    position: Position,
    *,
    now: datetime,
    by: Actor,
    reason: str,
    command: Command | None,
) -> Event:
    game.phase, game.round_number = position.phase, position.round_number
    duration = game.phase_duration(position.phase)
    game.clock = PhaseClock.start(now, duration) if duration else PhaseClock()
    game.phase_allotted = duration
    game.hold_reason = ""
    game.save(
        update_fields=[
            "phase",
            "round_number",
            "phase_deadline",
            "paused_remaining",
            "phase_allotted",
            "hold_reason",
        ]
    )
    wake_soon(game, now)
    event = event_append(
        game,
        PhaseChanged(
            phase=position.phase,
            round=position.round_number,
            reason=reason,
            **_clock_fields(game, now),
        ),
        audience=Audience.EVERYONE,
        actor=by.participant,
        actor_user=by.user,
        command=command,
    )
    if position.phase == Phase.BRIEFING:
        event_append(
            game,
            RoundOpened(
                round=position.round_number,
                **opening_of(game),
                seats=seat_plan(game, position.round_number).get(str(position.round_number), []),
                agreed_changes=agreed_changes(game, before_round=position.round_number),
            ),
            audience=Audience.EVERYONE,
        )
    if position.phase == Phase.DEBRIEF:
        _reveal_at_debrief(game)
    if position.phase == Phase.LIVE:
        starting_mood = opening_of(game)["starting_mood"]
        event_append(
            game,
            MoodChanged(mood=starting_mood, reason="opening", live_seconds=0),
            audience=mood_audience(game),
        )
    return event


def _reveal_at_debrief(game: Game) -> None:
    """At debrief the coach's live notes and tags and the customer's ratings become everyone's.
    The log keeps both moments: what was private then, and when it was shown."""
    round_events = [
        e.as_message()
        for e in Event.objects.filter(game=game, round_number=game.round_number).order_by("seq")
    ]
    notes = [{"seq": e["seq"], **e["payload"]} for e in round_events if e["type"] == "coach.note"]
    ratings = [e["payload"] for e in round_events if e["type"] == "customer.rated"]
    event_append(
        game,
        DebriefRevealed(
            round=game.round_number,
            notes=notes,
            tags=list(current_tags(round_events).values()),
            customer_rating=ratings[-1] if ratings else None,
        ),
        audience=Audience.EVERYONE,
    )


def _summarise_round(game: Game) -> None:
    event_append(
        game,
        RoundSummarized(**round_outcome_for(game, game.round_number).as_json()),
        audience=Audience.EVERYONE,
    )


def _check_agreement(game: Game, by: Actor, override_reason: str) -> None:
    if round_has_agreed_change(game):
        return
    if not override_reason.strip():
        raise GameError(
            ErrorCode.WRONG_PHASE,
            "The round ends with at least one agreed change, or the facilitator "
            "says why it ends without one.",
        )


def phase_advance(
    game: Game,
    *,
    by: Actor,
    expected_phase: Phase | None = None,
    reason: str = "facilitator",
    override_reason: str = "",
    now: datetime | None = None,
    command: Command | None = None,
) -> Event:
    """Move the game to its next phase (the facilitator, or the clock when a deadline passes).

    Agreement ends only with an agreed change, unless the facilitator gives a reason."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    check_expected_phase(game.position, expected_phase)
    target = next_position(game.position, total_rounds=game.total_rounds)
    if game.phase == Phase.LOBBY:
        _check_enough_players(game)
    if game.phase == Phase.AGREEMENT:
        _check_agreement(game, by, override_reason)
        if override_reason.strip():
            reason = f"override: {override_reason.strip()}"
        _summarise_round(game)
    return _enter(game, target, now=now or timezone.now(), by=by, reason=reason, command=command)


ClockEvent = type[
    ClockPaused
    | ClockResumed
    | ClockExtended
    | RoundFrozen
    | RoundUnfrozen
    | RoundHeld
    | RoundReleased
]


def _clock_event(
    game: Game,
    payload: ClockEvent,
    *,
    by: Actor,
    now: datetime,
    command: Command | None,
    **extra: Any,
) -> Event:
    game.save(update_fields=["phase_deadline", "paused_remaining", "phase_allotted", "hold_reason"])
    wake_soon(game, now)
    return event_append(
        game,
        payload(**_clock_fields(game, now), **extra),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        actor=by.participant,
        command=command,
    )


def clock_pause(
    game: Game,
    *,
    by: Actor,
    reason: str = "",
    now: datetime | None = None,
    command: Command | None = None,
) -> Event:
    now = now or timezone.now()
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    game.clock = game.clock.pause(now)
    return _clock_event(
        game,
        ClockPaused,
        by=by,
        now=now,
        command=command,
        reason=reason or "Paused by the facilitator.",
    )


def clock_freeze(
    game: Game,
    *,
    by: Actor,
    reason: str = "",
    now: datetime | None = None,
    command: Command | None = None,
) -> Event:
    """The coach stops the round to make a point: the timer stops and everyone sees why."""
    now = now or timezone.now()
    check_allowed(Action.FREEZE, role=by.role, phase=Phase(game.phase))
    game.clock = game.clock.pause(now)
    return _clock_event(
        game,
        RoundFrozen,
        by=by,
        now=now,
        command=command,
        reason=reason.strip()[:300] or f"{by.name} called a freeze.",
    )


def clock_unfreeze(
    game: Game, *, by: Actor, now: datetime | None = None, command: Command | None = None
) -> Event:
    now = now or timezone.now()
    check_allowed(Action.FREEZE, role=by.role, phase=Phase(game.phase))
    if game.hold_reason:
        raise GameError(ErrorCode.ROUND_ON_HOLD, game.hold_reason)
    game.clock = game.clock.resume(now)
    return _clock_event(game, RoundUnfrozen, by=by, now=now, command=command)


def clock_resume(
    game: Game, *, by: Actor, now: datetime | None = None, command: Command | None = None
) -> Event:
    now = now or timezone.now()
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if game.hold_reason:
        raise GameError(
            ErrorCode.ROUND_ON_HOLD,
            f"{game.hold_reason} Give the customer seat to someone else, or wait for them.",
        )
    game.clock = game.clock.resume(now)
    return _clock_event(game, ClockResumed, by=by, now=now, command=command)


def clock_extend(
    game: Game,
    *,
    by: Actor,
    seconds: int,
    now: datetime | None = None,
    command: Command | None = None,
) -> Event:
    now = now or timezone.now()
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if not 0 < seconds <= 3600:
        raise GameError(ErrorCode.BAD_COMMAND, "Extend by 1 second to 60 minutes.")
    game.clock = game.clock.extend(timedelta(seconds=seconds))
    game.phase_allotted = (game.phase_allotted or timedelta(0)) + timedelta(seconds=seconds)
    return _clock_event(game, ClockExtended, by=by, now=now, command=command, seconds=seconds)


def round_hold(game: Game, *, reason: str, now: datetime) -> None:
    """Hold a live round (the customer dropped out): the timer stops and everyone is told why."""
    if game.phase != Phase.LIVE or game.hold_reason:
        return
    game.hold_reason = reason
    if not game.clock.is_paused:
        game.clock = game.clock.pause(now)
    _clock_event(
        game,
        RoundHeld,
        by=Actor(role=Role.FACILITATOR),
        now=now,
        command=None,
        reason=reason,
    )


def round_release(game: Game, *, now: datetime) -> None:
    if not game.hold_reason:
        return
    game.hold_reason = ""
    if game.clock.is_paused:
        game.clock = game.clock.resume(now)
    _clock_event(game, RoundReleased, by=Actor(role=Role.FACILITATOR), now=now, command=None)
