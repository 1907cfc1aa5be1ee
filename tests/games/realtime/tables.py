"""A game on the socket for the consumer tests: players joined (and an observer), seats by role,
and everyone connected in the live phase."""

from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from games.services.participants import participant_join
from tests import factories
from tests.games.realtime.client import SocketPlayer, facilitator_cookie

OBSERVER = "Obi"


@database_sync_to_async
def setup_game(players: int = 4, **settings: Any) -> tuple[Game, dict[str, str], Any]:
    game = factories.game(players=0, total_rounds=2, **settings)
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:players]}
    tokens[OBSERVER] = participant_join(code=game.code, display_name=OBSERVER, observer=True)[1]
    game.refresh_from_db()
    return game, tokens, facilitator_cookie(game.facilitator)


@database_sync_to_async
def advance(game: Game, to: Phase) -> None:
    factories.advance_to(game, to)


@database_sync_to_async
def seats(game: Game) -> dict[str, str]:
    return {
        seat.role
        if seat.role != Role.RESPONDER
        else f"responder:{seat.participant.display_name}": seat.participant.display_name
        for seat in SeatAssignment.objects.filter(game=game, round_number=1).select_related(
            "participant"
        )
    }


@dataclass
class Table:
    """A game in its live phase with everyone connected: names by seat, sockets by name."""

    game: Game
    sockets: dict[str, SocketPlayer]
    facilitator: SocketPlayer
    customer: str
    coach: str
    responders: list[str]

    async def leave(self) -> None:
        for socket in [*self.sockets.values(), self.facilitator]:
            await socket.leave()


async def seated_players(players: int = 4, **settings: Any) -> Table:
    game, tokens, cookie = await setup_game(players, **settings)
    await advance(game, Phase.LIVE)
    by_role = await seats(game)
    customer = by_role.pop("customer")
    coach = by_role.pop("coach")
    by_role.pop("observer")
    responders = sorted(by_role.values())
    sockets = {name: SocketPlayer(game.code, tokens[name]) for name in tokens}
    facilitator = SocketPlayer(game.code, headers=[cookie])
    for socket in [*sockets.values(), facilitator]:
        await socket.join()
    return Table(game, sockets, facilitator, customer, coach, responders)
