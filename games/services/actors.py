"""Who is acting: a participant in their seat for the current round, or the game's facilitator."""

import functools
import json
from dataclasses import dataclass

from django.contrib.auth.models import User

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


def actor_now(game: Game, participant_id: int) -> Actor:
    """The participant as the database holds them now (the caller holds the game locked), in
    this round's seat: one read."""
    participant = next(
        iter(Participant.objects.raw(_actor_sql(), [game.pk, game.round_number, participant_id])),
        None,
    )
    if participant is None:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant is not in this game.")
    _check_may_act(game, participant)
    role: str | None = getattr(participant, "seat_role", None)
    if role is None:
        return Actor(role=Role.OBSERVER, participant=participant)
    functions = getattr(participant, "seat_functions", "[]")
    if isinstance(functions, str):  # JSON text, as both databases hand it to Django
        functions = json.loads(functions)
    return Actor(role=Role(role), functions=tuple(functions), participant=participant)


@functools.cache
def _actor_sql() -> str:
    # Every command reads this, and the ORM took longer to build the join than the database
    # took to run it (docs/performance.md), so it is written out once.
    participant, seat = Participant._meta.db_table, SeatAssignment._meta.db_table
    return (
        f"SELECT p.*, s.role AS seat_role, s.functions AS seat_functions FROM {participant} p"  # noqa: S608
        f" LEFT JOIN {seat} s ON s.participant_id = p.id AND s.game_id = %s"
        " AND s.round_number = %s WHERE p.id = %s"
    )


def _check_may_act(game: Game, participant: Participant) -> None:
    if participant.game_id != game.pk:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant belongs to another game.")
    if not participant.is_present:
        raise GameError(ErrorCode.PARTICIPANT_REMOVED, "You were removed from this game.")


def actor_for_user(game: Game, user: User) -> Actor:
    if user.pk != game.facilitator_id:
        raise GameError(ErrorCode.NOT_ALLOWED, "Only this game's facilitator may run it.")
    return Actor(role=Role.FACILITATOR, user=user)
