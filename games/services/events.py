"""Appending to a game's event log. Every service writes its events through here."""

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from games.catalogue import Payload, check_audience
from games.engine.roles import Audience
from games.models import Event, Game, Participant
from games.realtime.broadcast import broadcast_events
from games.services.actors import sender_sql


@dataclass(frozen=True)
class Command:
    """Who sent a command and its client-chosen id, so a retry is applied once."""

    actor_key: str
    client_msg_id: str = ""


def game_for_update(game_id: int) -> Game:
    """Lock the game row: every write to a game's state and log happens under this lock, so
    sequence numbers are consecutive and commands see each other's effects."""
    return Game.objects.select_for_update().get(pk=game_id)


def game_for_command(
    game_id: int, command: Command | None, sender_id: int | None = None
) -> tuple[Game, int | None]:
    """Lock the game as game_for_update does and, in the same read, find the seq of the event
    this command already produced if it is a retry, and the sender with their seat (given
    `sender_id`, for actors.actor_from_lock): one round trip where three were."""
    actor_key, client_msg_id = (command.actor_key, command.client_msg_id) if command else ("", "")
    sender = [] if sender_id is None else [sender_id]
    games = Game.objects.raw(
        _lock_for_command_sql(with_sender=sender_id is not None),
        [game_id, actor_key, client_msg_id, *sender, game_id],
    )
    game = next(iter(games), None)
    if game is None:
        raise Game.DoesNotExist(f"No game {game_id}.")
    return game, getattr(game, "replayed_seq", None)


@functools.cache
def _lock_for_command_sql(*, with_sender: bool) -> str:
    # Every command runs this statement, and building it with the ORM (a subquery annotation)
    # took longer than the rest of the command's statements together (decision 0012), so
    # it is written out once. The retry check names the game by value and the non-empty
    # `client_msg_id` in the very words of the partial unique index on (game, actor_key,
    # client_msg_id): only then does SQLite use that index rather than read the game's log.
    game, event = Game._meta.db_table, Event._meta.db_table
    sender_columns, sender_joins = sender_sql() if with_sender else ("", "")
    # Only the game's row is locked (PostgreSQL refuses to lock the optional side of a join).
    lock = " FOR UPDATE OF g" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT g.*, (SELECT e.seq FROM {event} e WHERE e.game_id = %s"  # noqa: S608
        " AND e.actor_key = %s AND e.client_msg_id = %s AND NOT (e.client_msg_id = '')"
        f" LIMIT 1) AS replayed_seq{', ' if with_sender else ''}{sender_columns}"
        f" FROM {game} g{sender_joins} WHERE g.id = %s{lock}"
    )


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
    _write_appended(event)
    transaction.on_commit(lambda: broadcast_events(game.pk, [event]))
    return event


def _write_appended(event: Event) -> None:
    """The game's new log position and the event, as `update()` and `save()` would write them.

    Every command of every game comes through here, and the ORM spent longer compiling these
    two statements than the database spent running them (decision 0019): they are
    written out once and the values prepared by the fields themselves. On PostgreSQL both go
    in one statement, a round trip less for every command."""
    position = [event.seq, event.game_id]
    values = [
        field.get_db_prep_save(getattr(event, field.attname), connection) for field in _COLUMNS
    ]
    update_position, insert_event = _append_sql()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL runs a data-modifying WITH even when nothing reads it; SQLite has none.
            both = f"WITH position AS ({update_position}) {insert_event}"
            cursor.execute(both, [*position, *values])
        else:
            cursor.execute(update_position, position)
            cursor.execute(insert_event, values)
        (event.pk,) = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias


_COLUMNS = [field for field in Event._meta.concrete_fields if not field.primary_key]


@functools.cache
def _append_sql() -> tuple[str, str]:
    # RETURNING: PostgreSQL and SQLite from 3.35 (Django's own insert uses it on both).
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in _COLUMNS)
    slots = ", ".join(["%s"] * len(_COLUMNS))
    update_position = f"UPDATE {Game._meta.db_table} SET last_seq = %s WHERE id = %s"  # noqa: S608
    insert_event = f"INSERT INTO {Event._meta.db_table} ({names}) VALUES ({slots}) RETURNING id"  # noqa: S608
    return update_position, insert_event


def run_command(
    game_id: int,
    command: Command | None,
    apply: Callable[[Game], Event],
    sender_id: int | None = None,
) -> Event:
    """Run one command against the locked game; a retried command returns its first event and
    changes nothing. With `sender_id`, the lock's read also reads the sender and their seat."""
    with transaction.atomic():
        game, replayed_seq = game_for_command(game_id, command, sender_id)
        if replayed_seq is not None:
            return Event.objects.get(game=game, seq=replayed_seq)
        return apply(game)
