"""Whole games played by bots over real sockets: a game to play, the bots to play it, and the check
that each bot received exactly the log filtered for its seat."""

from asgiref.sync import sync_to_async

from games.bots.client import Bot
from games.models import Game, Participant
from games.selectors import Viewer, events_since
from tests import factories
from tests.games.realtime.client import facilitator_cookie
from tests.servers import RunningServer


@sync_to_async
def new_game(players: int, rounds: int) -> tuple[Game, dict[str, str], str]:
    game = factories.game(total_rounds=rounds)
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:players]}
    cookie = facilitator_cookie(game.facilitator)[1].decode()
    return game, tokens, cookie


@sync_to_async
def log_as_seen_by(game: Game, participant_id: int | None, up_to: int) -> list[dict]:
    participant = Participant.objects.get(pk=participant_id) if participant_id else None
    return events_since(game, Viewer(participant=participant), 0, up_to_seq=up_to)


def bots_for(server: RunningServer, tokens: dict[str, str], cookie: str) -> tuple[Bot, list[Bot]]:
    facilitator = Bot("facilitator", server.ws_url, server.origin, cookie=cookie)
    players = [
        Bot(name, server.ws_url, server.origin, token=token) for name, token in tokens.items()
    ]
    return facilitator, players


async def assert_each_saw_exactly_the_log_filtered_for_them(game: Game, bots: list[Bot]) -> None:
    for bot in bots:
        expected = await log_as_seen_by(game, bot.participant_id, bot.seq)
        assert [e["seq"] for e in bot.events] == [e["seq"] for e in expected], bot.name
        assert bot.events == expected, bot.name
