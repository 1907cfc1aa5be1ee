"""Saying hello with a position the log does not have (issue #19, point 9)."""

import pytest
from channels.db import database_sync_to_async

from games.models import Game
from tests import factories
from tests.games.realtime.client import SocketPlayer

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def game_with_a_player() -> tuple[Game, str]:
    game = factories.game(players=2)
    return game, factories.join(game, "Eve")[1]


@database_sync_to_async
def log_position(game: Game) -> int:
    game.refresh_from_db()
    return game.last_seq


async def test_a_hello_from_beyond_the_end_of_the_log_gets_a_fresh_snapshot():
    """A client can hold more than the log (the database was restored from an older backup):
    what it holds is not this log's, so it gets everything afresh, not an empty `events`."""
    game, token = await game_with_a_player()
    socket = SocketPlayer(game.code, token)
    connected, _ = await socket.socket.connect()
    assert connected

    await socket.send({"type": "hello", "token": token, "last_seq": 10_000})
    reply = await socket.next_of("snapshot", "events")

    assert reply["type"] == "snapshot"
    assert reply["seq"] == await log_position(game)
    assert reply["me"]["name"] == "Eve"
    await socket.leave()


async def test_a_hello_at_the_end_of_the_log_gets_only_what_came_after():
    game, token = await game_with_a_player()
    socket = SocketPlayer(game.code, token)
    end = await log_position(game)

    reply = await socket.join(last_seq=end)

    assert reply["type"] == "events"
    assert [event["type"] for event in reply["events"]] == ["participant.connected"]
    assert reply["seq"] == end + 1
    await socket.leave()
