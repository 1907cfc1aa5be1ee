"""A server asked to stop (SIGTERM, as a deploy or a container stop does) while players are
connected stops by itself: each socket's disconnect is recorded, and nothing waits on the event
loop that has already stopped."""

import subprocess

import pytest
from asgiref.sync import sync_to_async

from games.models import Connection, Game
from tests.reliability.tables import last_seq, live_table, wait_until_all_hold
from tests.servers import daphne_process

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]
# Far longer than a stop takes (well under a second): the point is that it ends at all.
STOP_WITHIN_SECONDS = 15


@sync_to_async
def open_connections(game: Game) -> int:
    return Connection.objects.filter(game=game).count()


@pytest.mark.parametrize("profile", ["embedded", "scaled"])
async def test_a_server_told_to_stop_with_players_connected_exits_by_itself(profile, request):
    redis_url = request.getfixturevalue("redis_url") if profile == "scaled" else ""
    table = await live_table(players=4)
    with daphne_process(redis_url=redis_url) as daphne:
        facilitator, players = table.clients(lambda name: daphne.server)
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        await players[table.customer].command("post_message", channel="room", text="Hello?")
        await wait_until_all_hold(everyone, await last_seq(table.game))
        assert daphne.process is not None

        daphne.process.terminate()
        try:
            returncode = daphne.process.wait(timeout=STOP_WITHIN_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the server did not stop within {STOP_WITHIN_SECONDS} s of SIGTERM")
        for client in everyone:
            await client.close()

    assert returncode == 0
    assert await open_connections(table.game) == 0
