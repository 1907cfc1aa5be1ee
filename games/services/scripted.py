"""The scripted customer in a real game: the facilitator seats it, the game clock plays it.

It holds the customer seat of every round (the players rotate through the others). In the live
phase it delivers the opening, then answers the room a beat after the team stops typing, and sets
its mood; at the debrief it rates the round. Its state is never stored: each turn replays the
round's room messages through `games.engine.scripted_customer`, which is deterministic, so a
restart or a second server process picks up exactly where it was.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from games.engine.names import MAX_NAME_LENGTH
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, check_allowed
from games.engine.scripted_customer import ScriptedCustomer
from games.models import ConversationMode, Event, Game, Participant, SeatAssignment
from games.services.actors import Actor
from games.services.coaching import round_rate
from games.services.conversation import message_post, mood_set
from games.services.events import Command, event_append
from games.services.rounds import HOLD_CUSTOMER_AWAY, round_release
from games.services.seats import seats_replan
from scenarios.selectors import scenario_spec

# A beat after the team's last message, so the reply reads as a reply and not an echo.
REPLY_DELAY = timedelta(seconds=2)
ROUND_UNDER_WAY = (Phase.BRIEFING, Phase.LIVE)


@dataclass(frozen=True)
class RoomMessage:
    seq: int
    actor_id: int | None
    text: str
    at: datetime


def scripted_customer_seat(game: Game, *, by: Actor, command: Command | None = None) -> Event:
    """Let the scripted customer play the customer seat: from the next round, and at once when
    the current round's customer is missing."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if game.conversation_mode != ConversationMode.TYPED:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            "The scripted customer reads the room chat, so it plays typed games only.",
        )
    if game.scripted_customer:
        raise GameError(ErrorCode.BAD_COMMAND, "The scripted customer already plays this game.")
    bot = _scripted_participant(game)
    game.scripted_customer = True
    game.save(update_fields=["scripted_customer"])
    event = event_append(
        game,
        type="participant.joined",
        audience=Audience.EVERYONE,
        actor=bot,
        actor_user=by.user,
        command=command,
        payload={
            "participant": {"id": bot.pk, "name": bot.display_name, "observer": False},
            "scripted": True,
        },
    )
    if game.phase in ROUND_UNDER_WAY and _customer_is_missing(game):
        _take_the_current_seat(game, bot, by)
    seats_replan(game)
    return event


def _scripted_participant(game: Game) -> Participant:
    persona = game.scenario_version.document["customer"]["persona"]["name"]
    name = f"{persona} (scripted)"[:MAX_NAME_LENGTH]
    if game.participants.filter(removed_at__isnull=True, name_key=name.casefold()).exists():
        name = "Scripted customer"
    return Participant.objects.create(
        game=game,
        display_name=name,
        name_key=name.casefold(),
        token_nonce=secrets.token_hex(16),  # nobody holds a token for it
        scripted=True,
    )


def _current_customer_seat(game: Game) -> SeatAssignment | None:
    return (
        SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=Role.CUSTOMER)
        .select_related("participant")
        .first()
    )


def _customer_is_missing(game: Game) -> bool:
    seat = _current_customer_seat(game)
    return (
        seat is None or not seat.participant.is_present or not seat.participant.connections.exists()
    )


def _take_the_current_seat(game: Game, bot: Participant, by: Actor) -> None:
    """The absent customer sits this round out as an observer; the scripted customer plays."""
    seat = _current_customer_seat(game)
    previous = seat.participant_id if seat else None
    if seat is not None:
        seat.role, seat.functions = Role.OBSERVER, []
        seat.save(update_fields=["role", "functions"])
    SeatAssignment.objects.create(
        game=game, round_number=game.round_number, participant=bot, role=Role.CUSTOMER
    )
    event_append(
        game,
        type="seats.customer_given",
        audience=Audience.EVERYONE,
        actor_user=by.user,
        payload={"round": game.round_number, "customer": bot.pk, "previous": previous},
    )
    if game.hold_reason == HOLD_CUSTOMER_AWAY:
        round_release(game, now=timezone.now())


# The clock plays it --------------------------------------------------------------------------


def _seated_bot(game: Game) -> Participant | None:
    if not game.scripted_customer:
        return None
    seat = _current_customer_seat(game)
    playing = seat is not None and seat.participant.scripted and seat.participant.is_present
    return seat.participant if playing and seat is not None else None


def _room_messages(game: Game) -> list[RoomMessage]:
    rows = Event.objects.filter(
        game=game,
        round_number=game.round_number,
        type="message.posted",
        payload__channel="room",
    ).values_list("seq", "actor_id", "payload__text", "created_at")
    return [RoomMessage(seq, actor, str(text), at) for seq, actor, text, at in rows]


def _unanswered(room: list[RoomMessage], bot: Participant) -> list[RoomMessage]:
    """The team's room messages since the scripted customer last spoke."""
    own = [index for index, message in enumerate(room) if message.actor_id == bot.pk]
    return [message for message in room[own[-1] + 1 :] if message.actor_id != bot.pk]


def _has_rated(game: Game, bot: Participant) -> bool:
    return Event.objects.filter(
        game=game, round_number=game.round_number, type="customer.rated", actor=bot
    ).exists()


def _customer_hearing(game: Game, room: list[RoomMessage], bot: Participant) -> ScriptedCustomer:
    customer = ScriptedCustomer(scenario_spec(game.scenario_version_id), seed=game.round_number)
    for message in room:
        if message.actor_id != bot.pk:
            customer.hear(message.text)
    return customer


def scripted_customer_wake(game: Game, now: datetime) -> datetime | None:
    """When the scripted customer next has something to do, if it plays this round."""
    bot = _seated_bot(game)
    if bot is None:
        return None
    return _next_turn(game, now, bot, _room_messages(game) if game.phase == Phase.LIVE else [])


def _next_turn(
    game: Game, now: datetime, bot: Participant, room: list[RoomMessage]
) -> datetime | None:
    if game.clock.is_paused:
        return None
    if game.phase == Phase.DEBRIEF:
        return None if _has_rated(game, bot) else now
    if game.phase != Phase.LIVE:
        return None
    if not any(message.actor_id == bot.pk for message in room):
        return now
    unanswered = _unanswered(room, bot)
    return unanswered[-1].at + REPLY_DELAY if unanswered else None


def scripted_customer_act(game: Game, now: datetime) -> list[Event]:
    """Do what is due: the opening, a reply (with the mood it leaves), or the round's rating."""
    bot = _seated_bot(game)
    if bot is None:
        return []
    # Read once: the turn that is due and what the customer says both come from the room.
    room = _room_messages(game) if game.phase in (Phase.LIVE, Phase.DEBRIEF) else []
    due = _next_turn(game, now, bot, room)
    if due is None or due > now:
        return []
    actor = Actor(role=Role.CUSTOMER, participant=bot)  # _seated_bot read its seat this round
    if game.phase == Phase.DEBRIEF:
        rating = _customer_hearing(game, room, bot).rating()
        return [round_rate(game, by=actor, **rating)]  # type: ignore[arg-type]
    if not any(message.actor_id == bot.pk for message in room):
        opening = scenario_spec(game.scenario_version_id).customer.opening_statement
        return [message_post(game, by=actor, channel="room", text=opening)]
    return _reply(game, actor, room, bot)


def _reply(game: Game, actor: Actor, room: list[RoomMessage], bot: Participant) -> list[Event]:
    unanswered = _unanswered(room, bot)
    customer = _customer_hearing(game, room[: room.index(unanswered[0])], bot)
    mood_before = customer.mood
    lines: list[str] = []
    for message in unanswered:
        reply = customer.hear(message.text)
        if reply is not None and reply.text not in lines:
            lines.append(reply.text)
    events = [message_post(game, by=actor, channel="room", text=" ".join(lines)[:2000])]
    if customer.mood != mood_before:
        events.append(mood_set(game, by=actor, mood=customer.mood))
    return events
