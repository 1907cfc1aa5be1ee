"""The scaled profile for real: two Daphne processes share PostgreSQL or SQLite and one Redis."""

import pytest
from asgiref.sync import sync_to_async

from tests.bots import Bot, play_game
from tests.games.test_end_to_end import (
    assert_each_saw_exactly_the_log_filtered_for_them,
    new_game,
)
from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]


async def test_a_live_phase_is_played_across_two_processes_on_the_redis_layer(redis_url):
    game, tokens, cookie = await new_game(players=4, rounds=1)
    with daphne_server(redis_url=redis_url) as first, daphne_server(redis_url=redis_url) as second:
        names = list(tokens)
        # Alternate processes, so whatever the seats, sender and readers sit on different ones.
        servers = [first if index % 2 == 0 else second for index in range(len(names))]
        players = [
            Bot(name, server.ws_url, server.origin, token=tokens[name])
            for name, server in zip(names, servers, strict=True)
        ]
        facilitator = Bot("facilitator", second.ws_url, second.origin, cookie=cookie)

        await play_game(facilitator=facilitator, players=players, code=game.code, rounds=1)

        await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
        room_texts = {
            bot.name: [
                e["payload"]["text"]
                for e in bot.seen("message.posted")
                if e["payload"]["channel"] == "room"
            ]
            for bot in players
        }
        for bot in [facilitator, *players]:
            await bot.close()

    assert all("Where are my pallets?" in texts for texts in room_texts.values())
    assert await sync_to_async(lambda: game.participants.count())() == 4
