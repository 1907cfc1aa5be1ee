"""Who is calling a game endpoint: one of its players (by join token) or a member of its
organisation the game is something to: its facilitator, a co-facilitator or an observer it is
shared with (organisations.roles, games/services/sharing.py).

The API adds no rules of its own on top of this. Reads are filtered by the selectors' audience
rules and writes are decided by the engine's `check_allowed` inside the services (which ask
whether a member may run the game), exactly as on the socket. What is decided here is only which
game the caller may address at all, and it never tells a stranger whether a code exists:
anonymous callers are refused before any lookup, a player may only name their own game (403 for
any other code), and a member sees the games they facilitate or that are shared with them (404
for any other code, another organisation's included).
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from games.engine.errors import ErrorCode, GameError
from games.models import Game, Participant
from games.selectors import Viewer
from games.services.participants import normalise_join_code
from games.services.sharing import check_game_may, game_access_of
from organisations.roles import GameAccess, GameAction


class IsPlayerOrFacilitator(BasePermission):
    """Someone who could belong to a game: a player with a valid token or a signed-in user."""

    message = "Join the game (Authorization: Player <token>) or sign in as a facilitator."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if isinstance(request.auth, Participant):
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_active)


@dataclass(frozen=True)
class GameCaller:
    """The game named in the URL and who is calling: a participant, or the facilitator."""

    game: Game
    participant: Participant | None
    user: User | None
    access: GameAccess | None = None

    @property
    def viewer(self) -> Viewer:
        return Viewer(participant=self.participant)

    @property
    def is_facilitator(self) -> bool:
        """A member (facilitator, co-facilitator or observer): reads what the facilitator reads."""
        return self.participant is None

    def require(self, action: GameAction) -> None:
        """Refuse a player, or a member whose access does not allow `action`."""
        if self.user is None:
            raise GameError(ErrorCode.NOT_ALLOWED, "Players may not do this.")
        check_game_may(self.game, self.user, action)


def looks_like_a_code(code: str) -> bool:
    """Anything else names no game, and must not reach the database (PostgreSQL refuses NUL)."""
    return len(code) <= 32 and code.isprintable()


def game_caller(request: Request, code: str) -> GameCaller:
    """The caller of a game endpoint, after IsPlayerOrFacilitator has let them through."""
    games = Game.objects.select_related("scenario_version__scenario")
    wanted = normalise_join_code(code)
    if isinstance(request.auth, Participant):
        participant = request.auth
        if participant.game.code != wanted:
            raise GameError(ErrorCode.NOT_ALLOWED, "Your player token is for another game.")
        return GameCaller(
            game=games.get(pk=participant.game_id), participant=participant, user=None
        )
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:  # pragma: no cover - permission
        raise GameError(ErrorCode.NOT_AUTHENTICATED, IsPlayerOrFacilitator.message)
    game = games.filter(code=wanted).first() if looks_like_a_code(code) else None
    access = game_access_of(game, user) if game is not None else None
    if game is None or access is None:
        raise GameError(ErrorCode.GAME_NOT_FOUND, f"You have no game with the code {wanted}.")
    return GameCaller(game=game, participant=None, user=user, access=access)
