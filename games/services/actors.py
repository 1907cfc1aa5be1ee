"""Who is acting: a participant in their seat for the current round, or the game's facilitator."""

from dataclasses import dataclass

from django.contrib.auth.models import User

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment
from games.services.command_sql import LockedGame
from games.services.sharing import check_game_may
from organisations.roles import GameAction


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


def actor_from_lock(locked: LockedGame) -> Actor:
    """The sender as the database holds them now, in this round's seat, from the game's lock
    read (`command_sql.lock_for_command` with the sender's id): no read of its own."""
    if locked.sender is None:
        raise TypeError("The game was not locked with its sender (run_command's sender_id).")
    participant = locked.sender.participant
    if participant is None:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant is not in this game.")
    _check_may_act(locked.game, participant)
    if locked.sender.seat_role is None:
        return Actor(role=Role.OBSERVER, participant=participant)
    return Actor(
        role=locked.sender.seat_role,
        functions=locked.sender.seat_functions,
        participant=participant,
    )


def _check_may_act(game: Game, participant: Participant) -> None:
    if participant.game_id != game.pk:
        raise GameError(ErrorCode.NOT_ALLOWED, "That participant belongs to another game.")
    if not participant.is_present:
        raise GameError(ErrorCode.PARTICIPANT_REMOVED, "You were removed from this game.")


def actor_for_user(game: Game, user: User) -> Actor:
    """The facilitator or a co-facilitator of the game (games/services/sharing.py)."""
    check_game_may(game, user, GameAction.RUN)
    return Actor(role=Role.FACILITATOR, user=user)
