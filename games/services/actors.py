"""Who is acting: a participant in their seat for the current round, or the game's facilitator."""

import functools
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Field

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment


@dataclass(frozen=True)
class Actor:
    role: Role
    functions: tuple[str, ...] = ()
    participant: Participant | None = None
    user: User | None = None

    @property
    def key(self) -> str:
        """Stable per person within a game, for command idempotency."""
        if self.participant is not None:
            return f"p{self.participant.pk}"
        return f"u{self.user.pk}" if self.user is not None else "system"

    @property
    def name(self) -> str:
        if self.participant is not None:
            return self.participant.display_name
        return "Facilitator" if self.user is not None else "Bear Cave"


SYSTEM = Actor(role=Role.FACILITATOR)


def role_in_round(participant: Participant, round_number: int) -> tuple[Role, tuple[str, ...]]:
    seat = SeatAssignment.objects.filter(
        game_id=participant.game_id, round_number=round_number, participant=participant
    ).first()
    if seat is None:
        return Role.OBSERVER, ()
    return Role(seat.role), tuple(seat.functions)


def actor_for_participant(game: Game, participant: Participant) -> Actor:
    _check_may_act(game, participant)
    role, functions = role_in_round(participant, game.round_number)
    return Actor(role=role, functions=functions, participant=participant)


# The sender's columns in the game's lock read are named with this prefix, so that none is
# taken for a column of the game.
SENDER = "sender__"


@functools.cache
def sender_sql() -> tuple[str, str]:
    """What the game's lock read (events.game_for_command, where the game is `g`) adds to read
    the sender and their seat of this round in the same statement: its columns, and its joins,
    whose one parameter is the sender's id. Every command of a player reads this, and the ORM
    took longer to build the join than the database took to run it (decision 0020)."""
    participant, seat = Participant._meta.db_table, SeatAssignment._meta.db_table
    columns = ", ".join(f"p.{field.column} AS {SENDER}{field.column}" for field in _PARTICIPANT)
    return (
        f"{columns}, s.role AS {SENDER}seat_role, s.functions AS {SENDER}seat_functions",
        f" LEFT JOIN {participant} p ON p.id = %s LEFT JOIN {seat} s"
        " ON s.participant_id = p.id AND s.game_id = g.id AND s.round_number = g.round_number",
    )


def actor_from_lock(game: Game) -> Actor:
    """The sender as the database holds them now, in this round's seat, from the game's lock
    read (`game_for_command` with the sender's id): no read of its own."""
    sender_key = f"{SENDER}{Participant._meta.pk.column}"
    if not hasattr(game, sender_key):
        raise TypeError("The game was not locked with its sender (game_for_command's sender_id).")
    if getattr(game, sender_key) is None:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant is not in this game.")
    values = [_from_db(field, getattr(game, f"{SENDER}{field.column}")) for field in _PARTICIPANT]
    participant = Participant.from_db(
        game._state.db, [field.attname for field in _PARTICIPANT], values
    )
    _check_may_act(game, participant)
    role: str | None = getattr(game, f"{SENDER}seat_role")
    if role is None:
        return Actor(role=Role.OBSERVER, participant=participant)
    functions = _from_db(_SEAT_FUNCTIONS, getattr(game, f"{SENDER}seat_functions"))
    return Actor(role=Role(role), functions=tuple(functions), participant=participant)


# In the model's order, which is the order Model.from_db takes them in.
_PARTICIPANT = Participant._meta.concrete_fields
_SEAT_FUNCTIONS = SeatAssignment._meta.get_field("functions")


def _from_db(field: "Field[Any, Any]", value: Any) -> Any:
    """`value` as the ORM would hand it over for `field` (a date from SQLite's text, JSON...),
    with the converters Django's compiler applies to a column it reads."""
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    for convert in converters:
        value = convert(value, column, connection)
    return value


def _check_may_act(game: Game, participant: Participant) -> None:
    if participant.game_id != game.pk:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant belongs to another game.")
    if not participant.is_present:
        raise GameError(ErrorCode.PARTICIPANT_REMOVED, "You were removed from this game.")


def actor_for_user(game: Game, user: User) -> Actor:
    if user.pk != game.facilitator_id:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only this game's facilitator may run it.")
    return Actor(role=Role.FACILITATOR, user=user)
