"""The scaled profile for real: two Daphne processes share the database and one Redis."""

import pytest
from asgiref.sync import sync_to_async

from games.bots.client import Bot
from games.bots.team import play_game
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from tests.games.end_to_end import (
    assert_each_saw_exactly_the_log_filtered_for_them,
    new_game,
)
from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@sync_to_async
def first_round_customer(game: Game) -> str:
    seat = SeatAssignment.objects.select_related("participant").get(
        game=game, round_number=1, role=Role.CUSTOMER
    )
    return seat.participant.display_name


async def test_a_live_phase_is_played_with_the_customer_and_the_team_on_different_processes(
    redis_url,
):
    game, tokens, cookie = await new_game(players=4, rounds=1)
    customer = await first_round_customer(game)
    with daphne_server(redis_url=redis_url) as first, daphne_server(redis_url=redis_url) as second:
        players = [
            Bot(name, server.ws_url, server.origin, token=token)
            for name, token in tokens.items()
            for server in [first if name == customer else second]
        ]
        facilitator = Bot("facilitator", second.ws_url, second.origin, cookie=cookie)

        await play_game(facilitator=facilitator, players=players, code=game.code, rounds=1)

        await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
        heard = {
            bot.name: [
                e["payload"]["text"]
                for e in bot.seen("message.posted")
                if e["payload"]["channel"] == "room"
            ]
            for bot in players
        }
        for bot in [facilitator, *players]:
            await bot.close()

    # The customer's words crossed from the first process to the team on the second, and back.
    opening = await sync_to_async(lambda: game.scenario_version.document["customer"])()
    assert all(opening["opening_statement"] in texts for texts in heard.values())
    assert any(text.startswith("I'm so sorry") for text in heard[customer])
