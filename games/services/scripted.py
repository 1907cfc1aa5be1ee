"""The scripted customer in a real game: the facilitator seats it, the game clock plays it.

It holds the customer seat of every round (the players rotate through the others). In the live
phase it delivers the opening, then answers the room at a person's pace once the team stops
typing (time to read, think and type the reply), sets its mood and plays an escalation card when
one is due; at the debrief it rates the round. Its state is never stored: each turn replays the
round's room messages through `games.engine.scripted_customer`, which is deterministic, so a
restart or a second server process picks up exactly where it was.
"""

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from games.catalogue import CustomerSeatGiven, JoinedParticipant, ParticipantJoined
from games.engine.detector import ContextLine, Detection, detect_techniques
from games.engine.errors import ErrorCode, GameError
from games.engine.names import MAX_NAME_LENGTH
from games.engine.phases import Phase
from games.engine.roles import Action, Audience, Role, check_allowed
from games.engine.scripted_customer import (
    Reply,
    ScriptedCustomer,
    ScriptedDifficulty,
    TypingPace,
)
from games.models import ConversationMode, Event, Game, Participant, SeatAssignment
from games.services.actors import Actor
from games.services.coaching import agreed_changes, escalation_play, round_rate
from games.services.conversation import message_post, mood_set
from games.services.events import Command, event_append
from games.services.rounds import HOLD_CUSTOMER_AWAY, round_release
from games.services.seats import seat_plan, seats_replan
from scenarios.selectors import scenario_spec

# How long a person takes to read the team's messages and type the answer. Tests replace it.
PACE = TypingPace()
ROUND_UNDER_WAY = (Phase.BRIEFING, Phase.LIVE)


@dataclass(frozen=True)
class RoomMessage:
    seq: int
    actor_id: int | None
    text: str
    at: datetime


def scripted_customer_seat(
    game: Game,
    *,
    by: Actor,
    difficulty: str = ScriptedDifficulty.TYPICAL,
    command: Command | None = None,
) -> Event:
    """Let the scripted customer play the customer seat: from the next round, and at once when
    the current round's customer is missing. `difficulty` says how fast it calms and angers."""
    check_allowed(Action.RUN_GAME, role=by.role, phase=Phase(game.phase))
    if game.conversation_mode != ConversationMode.TYPED:
        raise GameError(
            ErrorCode.BAD_COMMAND,
            "The scripted customer reads the room chat, so it plays typed games only.",
        )
    if game.scripted_customer:
        raise GameError(ErrorCode.BAD_COMMAND, "The scripted customer already plays this game.")
    if difficulty not in set(ScriptedDifficulty):
        raise GameError(ErrorCode.BAD_COMMAND, "The difficulty is patient, typical or furious.")
    bot = _scripted_participant(game)
    game.scripted_customer = True
    game.scripted_difficulty = str(difficulty)
    game.save(update_fields=["scripted_customer", "scripted_difficulty"])
    event = event_append(
        game,
        ParticipantJoined(
            participant=JoinedParticipant(id=bot.pk, name=bot.display_name, observer=False),
            scripted=True,
            difficulty=game.scripted_difficulty,
        ),
        audience=Audience.EVERYONE,
        actor=bot,
        actor_user=by.user,
        command=command,
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
        CustomerSeatGiven(
            round=game.round_number,
            customer=bot.pk,
            previous=previous,
            seats=seat_plan(game, game.round_number).get(str(game.round_number), []),
        ),
        audience=Audience.EVERYONE,
        actor_user=by.user,
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


@functools.lru_cache(maxsize=4096)
def _detections(
    scenario_version_id: int, text: str, context: tuple[ContextLine, ...]
) -> list[Detection]:
    """The detector's reading of a room message, kept: each turn replays the whole round."""
    scenario = scenario_spec(scenario_version_id)
    return detect_techniques(text, scenario=scenario, context=context)


def _customer(game: Game) -> ScriptedCustomer:
    """The round's customer before it has heard anything: its difficulty, the changes the team
    agreed in earlier rounds, and wordings seeded by the game and round (so they vary from round
    to round but replay exactly)."""
    version = game.scenario_version_id
    return ScriptedCustomer(
        scenario_spec(version),
        seed=game.pk * 1000 + game.round_number,
        difficulty=ScriptedDifficulty(game.scripted_difficulty),
        agreed=[change["text"] for change in agreed_changes(game, before_round=game.round_number)],
        detect=lambda text, context: _detections(version, text, tuple(context)),
    )


def _customer_hearing(game: Game, room: list[RoomMessage], bot: Participant) -> ScriptedCustomer:
    customer = _customer(game)
    for turn in _turns(room, bot):
        customer.respond(turn)
    return customer


def _turns(room: list[RoomMessage], bot: Participant) -> list[list[str]]:
    """The team's room messages, grouped by the customer's replies: each group was answered at
    once (and the last group is still unanswered)."""
    turns: list[list[str]] = [[]]
    for message in room:
        if message.actor_id == bot.pk:
            turns.append([])
        else:
            turns[-1].append(message.text)
    return [turn for turn in turns if turn]


def scripted_customer_wake(game: Game, now: datetime) -> datetime | None:
    """When the scripted customer next has something to do, if it plays this round."""
    bot = _seated_bot(game)
    if bot is None:
        return None
    return _next_turn(game, now, bot, _room_messages(game) if game.phase == Phase.LIVE else [])


def _next_turn(
    game: Game, now: datetime, bot: Participant, room: list[RoomMessage]
) -> datetime | None:
    """The opening at once; a reply once the team has stopped long enough for a person to read
    what they said and type the answer (the answer is worked out only once the reading is
    done, so a message in a quick exchange costs no replay); the rating at the debrief."""
    if game.clock.is_paused:
        return None
    if game.phase == Phase.DEBRIEF:
        return None if _has_rated(game, bot) else now
    if game.phase != Phase.LIVE:
        return None
    if not any(message.actor_id == bot.pk for message in room):
        return now
    unanswered = _unanswered(room, bot)
    if not unanswered:
        return None
    heard = [message.text for message in unanswered]
    read = unanswered[-1].at + PACE.reading(heard)
    if now < read:
        return read
    reply = _reply_to(game, room, bot)
    return unanswered[-1].at + PACE.delay(heard, reply.text if reply else "")


def _reply_to(game: Game, room: list[RoomMessage], bot: Participant) -> Reply | None:
    unanswered = _unanswered(room, bot)
    customer = _customer_hearing(game, room[: room.index(unanswered[0])], bot)
    return customer.respond([message.text for message in unanswered])


def scripted_customer_act(game: Game, now: datetime) -> list[Event]:
    """Do what is due: the opening, a reply (with the mood it leaves and any escalation card it
    plays), or the round's rating."""
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
        return [round_rate(game, by=actor, **rating)]
    if not any(message.actor_id == bot.pk for message in room):
        opening = scenario_spec(game.scenario_version_id).customer.opening_statement
        return [message_post(game, by=actor, channel="room", text=opening)]
    return _reply(game, actor, room, bot)


def _reply(game: Game, actor: Actor, room: list[RoomMessage], bot: Participant) -> list[Event]:
    unanswered = _unanswered(room, bot)
    mood_before = _customer_hearing(game, room[: room.index(unanswered[0])], bot).mood
    reply = _reply_to(game, room, bot)
    if reply is None:
        return []
    events = [message_post(game, by=actor, channel="room", text=reply.text[:2000])]
    if reply.mood != mood_before:
        events.append(mood_set(game, by=actor, mood=reply.mood))
    events += [
        escalation_play(game, by=actor, card=card, why=f"The mood reached {reply.mood}.")
        for card in reply.cards
    ]
    return events
