"""Who is connected, across every server process, and the round hold when the customer drops."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from games.catalogue import CustomerSeatGiven, ParticipantConnected, ParticipantDisconnected
from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Audience, Role
from games.models import Connection, Event, Game, Participant, SeatAssignment
from games.services.actors import Actor
from games.services.events import Command, event_append, game_for_update
from games.services.rounds import HOLD_CUSTOMER_AWAY, round_hold, round_release
from games.services.seats import seat_plan

# One id per server process: its heartbeat keeps its connections alive in the table.
SERVER_ID = uuid.uuid4().hex
STALE_AFTER = timedelta(seconds=45)


def _is_connected(participant_id: int) -> bool:
    return Connection.objects.filter(participant_id=participant_id).exists()


def _current_customer_id(game: Game) -> int | None:
    return (
        SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=Role.CUSTOMER)
        .values_list("participant_id", flat=True)
        .first()
    )


def connected_participant_ids(game: Game) -> set[int]:
    return set(
        Connection.objects.filter(game=game, participant__isnull=False).values_list(
            "participant_id", flat=True
        )
    )


def connection_open(
    *,
    game_id: int,
    channel_name: str,
    participant: Participant | None = None,
    user: User | None = None,
) -> None:
    """Record an open socket. A player may hold SOCKETS_PER_PLAYER at once (a phone, a laptop,
    a tab opened again), counted under the game's lock across every process; the facilitator
    is not limited (the console, the projector, the training-day overview)."""
    now = timezone.now()
    with transaction.atomic():
        game = game_for_update(game_id)
        if participant is not None:
            _check_socket_room(participant)
        first = participant is not None and not _is_connected(participant.pk)
        Connection.objects.update_or_create(
            channel_name=channel_name,
            defaults={
                "game": game,
                "participant": participant,
                "user": user,
                "server_id": SERVER_ID,
                "last_seen": now,
            },
        )
        if participant is None or not first:
            return
        event_append(
            game,
            ParticipantConnected(participant=participant.pk),
            audience=Audience.EVERYONE,
            actor=participant,
        )
        if game.hold_reason == HOLD_CUSTOMER_AWAY and _current_customer_id(game) == participant.pk:
            round_release(game, now=now)


def _check_socket_room(participant: Participant) -> None:
    limit = settings.SOCKETS_PER_PLAYER
    if Connection.objects.filter(participant=participant).count() >= limit:
        raise GameError(
            ErrorCode.TOO_MANY_SOCKETS,
            f"You have this game open {limit} times already; close one to open it here.",
        )


def _after_disconnect(game: Game, participant_id: int, now: datetime) -> None:
    if _is_connected(participant_id):
        return
    event_append(
        game, ParticipantDisconnected(participant=participant_id), audience=Audience.EVERYONE
    )
    if game.phase == Phase.LIVE and _current_customer_id(game) == participant_id:
        round_hold(game, reason=HOLD_CUSTOMER_AWAY, now=now)


def connection_close(*, channel_name: str) -> None:
    connection = Connection.objects.filter(channel_name=channel_name).first()
    if connection is None:
        return
    with transaction.atomic():
        game = game_for_update(connection.game_id)
        deleted, _ = Connection.objects.filter(channel_name=channel_name).delete()
        if deleted and connection.participant_id is not None:
            _after_disconnect(game, connection.participant_id, timezone.now())


def connections_heartbeat() -> None:
    Connection.objects.filter(server_id=SERVER_ID).update(last_seen=timezone.now())


def connections_sweep(now: datetime | None = None) -> None:
    """Forget the connections of a process that died without saying goodbye."""
    now = now or timezone.now()
    for stale in Connection.objects.filter(last_seen__lt=now - STALE_AFTER):
        connection_close(channel_name=stale.channel_name)


def customer_seat_give(
    game: Game, *, by: Actor, participant_id: int, command: Command | None = None
) -> Event:
    """Give the current round's customer seat to someone else (the customer left for good)."""
    if by.role != Role.FACILITATOR:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only the facilitator may reassign seats.")
    current = SeatAssignment.objects.filter(
        game=game, round_number=game.round_number, role=Role.CUSTOMER
    ).first()
    target = SeatAssignment.objects.filter(
        game=game, round_number=game.round_number, participant_id=participant_id
    ).first()
    if current is None or target is None or target.pk == current.pk:
        raise GameError(
            ErrorCode.UNKNOWN_PARTICIPANT, "Choose another participant seated in this round."
        )
    current_participant = current.participant_id
    SeatAssignment.objects.filter(pk__in=[current.pk, target.pk]).delete()
    SeatAssignment.objects.bulk_create(
        [
            SeatAssignment(
                game=game,
                round_number=game.round_number,
                participant_id=participant_id,
                role=Role.CUSTOMER,
                functions=[],
            ),
            SeatAssignment(
                game=game,
                round_number=game.round_number,
                participant_id=current_participant,
                role=target.role,
                functions=target.functions,
            ),
        ]
    )
    event = event_append(
        game,
        CustomerSeatGiven(
            round=game.round_number,
            customer=participant_id,
            previous=current_participant,
            seats=seat_plan(game, game.round_number).get(str(game.round_number), []),
        ),
        audience=Audience.EVERYONE,
        actor_user=by.user,
        command=command,
    )
    if game.hold_reason == HOLD_CUSTOMER_AWAY and _is_connected(participant_id):
        round_release(game, now=timezone.now())
    return event
