"""The command path's statements, written out once: the game's lock (which finds a retried
command and the sender with their seat in the same read) and the event's append.

Every command of every game runs these, and the ORM took longer to build them than the
database took to run them (decisions 0012, 0019, 0020), so they are SQL here and nowhere
else. What they read comes back typed (`LockedGame`); what they write is what the ORM would
write, field by field (`tests/games/services/test_command_sql.py` compares the rows).
"""

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field

from games.engine.roles import Role
from games.models import Event, Game, Participant, SeatAssignment


@dataclass(frozen=True)
class Sender:
    """The sender as the database holds them at the lock: None if not a participant of this
    game; their seat of the game's current round, or none (an observer)."""

    participant: Participant | None
    seat_role: Role | None
    seat_functions: tuple[str, ...]


@dataclass(frozen=True)
class LockedGame:
    """The game row, locked for this transaction, and what the lock's read found with it."""

    game: Game
    replayed_seq: int | None  # the seq this command already produced: it is a retry
    sender: Sender | None  # read only when the lock was asked for a sender


def lock_for_command(
    game_id: int, *, actor_key: str, client_msg_id: str, sender_id: int | None
) -> LockedGame:
    """Lock the game's row and, in the same statement, find the seq of the event this command
    already produced if it is a retry, and (given `sender_id`) the sender with their seat."""
    sender = [] if sender_id is None else [sender_id]
    rows = Game.objects.raw(
        _lock_sql(with_sender=sender_id is not None),
        [game_id, actor_key, client_msg_id, *sender, game_id],
    )
    game = next(iter(rows), None)
    if game is None:
        raise Game.DoesNotExist(f"No game {game_id}.")
    # RawQuerySet sets the extra columns as attributes: taken off into the typed result, so the
    # Game is a plain Game again.
    extra = {name: game.__dict__.pop(name) for name in list(game.__dict__) if name in _EXTRA}
    found = _sender(game, extra) if sender_id is not None else None
    return LockedGame(game=game, replayed_seq=extra.get("replayed_seq"), sender=found)


def insert_event(event: Event) -> None:
    """Write the game's new log position and the event, as `update()` and `save()` would: each
    field's own `pre_save` and `get_db_prep_save` prepare its value. On PostgreSQL both go in
    one statement (a data-modifying WITH), a round trip less for every command."""
    position = [event.seq, event.game_id]
    values = [
        field.get_db_prep_save(field.pre_save(event, add=True), connection)
        for field in _EVENT_COLUMNS
    ]
    update_position, insert = _append_sql()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"WITH position AS ({update_position}) {insert}", [*position, *values])
        else:
            cursor.execute(update_position, position)
            cursor.execute(insert, values)
        (event.pk,) = cursor.fetchone()
    event._state.adding = False
    event._state.db = connection.alias


# The lock's read ------------------------------------------------------------------------------

# The sender's columns in the lock's read are named with this prefix, so that none is taken for
# a column of the game.
_SENDER = "sender__"
# In the model's order, which is the order Model.from_db takes them in.
_PARTICIPANT = Participant._meta.concrete_fields
_SEAT_FUNCTIONS = SeatAssignment._meta.get_field("functions")
_EXTRA = frozenset(
    [
        "replayed_seq",
        f"{_SENDER}seat_role",
        f"{_SENDER}seat_functions",
        *(f"{_SENDER}{field.column}" for field in _PARTICIPANT),
    ]
)


@functools.cache
def _lock_sql(*, with_sender: bool) -> str:
    # The retry check names the game by value and the non-empty `client_msg_id` in the very
    # words of the partial unique index on (game, actor_key, client_msg_id): only then does
    # SQLite use that index rather than read the game's log. Only the game's row is locked
    # (PostgreSQL refuses to lock the optional side of a join).
    game, event = Game._meta.db_table, Event._meta.db_table
    sender_columns, sender_joins = _sender_sql() if with_sender else ("", "")
    lock = " FOR UPDATE OF g" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT g.*, (SELECT e.seq FROM {event} e WHERE e.game_id = %s"  # noqa: S608
        " AND e.actor_key = %s AND e.client_msg_id = %s AND NOT (e.client_msg_id = '')"
        f" LIMIT 1) AS replayed_seq{', ' if with_sender else ''}{sender_columns}"
        f" FROM {game} g{sender_joins} WHERE g.id = %s{lock}"
    )


@functools.cache
def _sender_sql() -> tuple[str, str]:
    """The sender's columns and their seat of this round, and the joins (whose one parameter
    is the sender's id) that read them with the game `g`."""
    participant, seat = Participant._meta.db_table, SeatAssignment._meta.db_table
    columns = ", ".join(f"p.{field.column} AS {_SENDER}{field.column}" for field in _PARTICIPANT)
    return (
        f"{columns}, s.role AS {_SENDER}seat_role, s.functions AS {_SENDER}seat_functions",
        f" LEFT JOIN {participant} p ON p.id = %s LEFT JOIN {seat} s"
        " ON s.participant_id = p.id AND s.game_id = g.id AND s.round_number = g.round_number",
    )


def _sender(game: Game, extra: dict[str, Any]) -> Sender:
    if extra[f"{_SENDER}{Participant._meta.pk.column}"] is None:
        return Sender(participant=None, seat_role=None, seat_functions=())
    values = [_from_db(field, extra[f"{_SENDER}{field.column}"]) for field in _PARTICIPANT]
    participant = Participant.from_db(
        game._state.db, [field.attname for field in _PARTICIPANT], values
    )
    role = extra[f"{_SENDER}seat_role"]
    if role is None:
        return Sender(participant=participant, seat_role=None, seat_functions=())
    functions = _from_db(_SEAT_FUNCTIONS, extra[f"{_SENDER}seat_functions"])
    return Sender(participant=participant, seat_role=Role(role), seat_functions=tuple(functions))


def _from_db(field: "Field[Any, Any]", value: Any) -> Any:
    """`value` as the ORM would hand it over for `field` (a date from SQLite's text, JSON...),
    with the converters Django's compiler applies to a column it reads."""
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    for convert in converters:
        value = convert(value, column, connection)
    return value


# The append -----------------------------------------------------------------------------------

_EVENT_COLUMNS = [field for field in Event._meta.concrete_fields if not field.primary_key]


@functools.cache
def _append_sql() -> tuple[str, str]:
    # RETURNING: PostgreSQL and SQLite from 3.35 (Django's own insert uses it on both).
    names = ", ".join(connection.ops.quote_name(str(field.column)) for field in _EVENT_COLUMNS)
    slots = ", ".join(["%s"] * len(_EVENT_COLUMNS))
    update_position = f"UPDATE {Game._meta.db_table} SET last_seq = %s WHERE id = %s"  # noqa: S608
    insert = f"INSERT INTO {Event._meta.db_table} ({names}) VALUES ({slots}) RETURNING id"  # noqa: S608
    return update_position, insert
