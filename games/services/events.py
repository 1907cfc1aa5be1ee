"""Appending to a game's event log. Every service writes its events through here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from games.catalogue import Payload, check_audience
from games.engine.roles import Audience
from games.models import Event, Game, Participant
from games.realtime.broadcast import broadcast_events
from games.services.command_sql import LockedGame, insert_event, lock_for_command


@dataclass(frozen=True)
class Command:
    """Who sent a command and its client-chosen id, so a retry is applied once."""

    actor_key: str
    client_msg_id: str = ""


def game_for_update(game_id: int) -> Game:
    """Lock the game row: every write to a game's state and log happens under this lock, so
    sequence numbers are consecutive and commands see each other's effects."""
    return Game.objects.select_for_update().get(pk=game_id)


def event_append(
    game: Game,
    payload: Payload,
    *,
    audience: Audience,
    actor: Participant | None = None,
    actor_user: User | None = None,
    addressee: Participant | None = None,
    command: Command | None = None,
) -> Event:
    """Append one event to the log of `game`, which the caller holds locked (game_for_update).
    Its type is the payload's (games/catalogue.py), and its audience must be one of that type's.

    The broadcast is scheduled for after the commit: a client never sees an event that a
    rollback could take back.
    """
    check_audience(payload, audience)
    game.last_seq += 1
    event = Event(
        game=game,
        seq=game.last_seq,
        round_number=game.round_number,
        type=payload.type_name,
        audience=audience,
        # Every field, defaults too: the log holds exactly what the socket sends.
        payload=payload.model_dump(mode="json"),
        actor=actor,
        actor_user=actor_user,
        addressee=addressee,
        created_at=timezone.now(),
        actor_key=command.actor_key if command else "",
        client_msg_id=command.client_msg_id if command else "",
    )
    insert_event(event)
    transaction.on_commit(lambda: broadcast_events(game.pk, [event]))
    return event


def run_command(
    game_id: int,
    command: Command | None,
    apply: Callable[[LockedGame], Event],
    sender_id: int | None = None,
) -> Event:
    """Run one command against the locked game; a retried command returns its first event and
    changes nothing. With `sender_id`, the lock's read also reads the sender and their seat."""
    actor_key, client_msg_id = (command.actor_key, command.client_msg_id) if command else ("", "")
    with transaction.atomic():
        locked = lock_for_command(
            game_id, actor_key=actor_key, client_msg_id=client_msg_id, sender_id=sender_id
        )
        if locked.replayed_seq is not None:
            return Event.objects.get(game=locked.game, seq=locked.replayed_seq)
        return apply(locked)
