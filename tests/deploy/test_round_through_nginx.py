"""A round played through deploy/nginx/bearcave.conf: Debian's nginx with TLS in front of two
Daphne processes of the scaled profile (PostgreSQL, Redis), set up as docs/deployment.md says.
The players join over HTTPS and play over WebSockets, and talk only to nginx."""

import asyncio
from collections.abc import Iterator

import pytest
from asgiref.sync import sync_to_async

from games.bots.client import Bot
from games.bots.rest import game_join
from games.bots.team import play_game, seats_of_round
from games.models import Connection, Game
from tests import factories
from tests.deploy.proxy import NginxProcess, scaled_profile_behind_nginx
from tests.games.realtime.client import facilitator_cookie
from tests.games.test_end_to_end import assert_each_saw_exactly_the_log_filtered_for_them

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def nginx(transactional_db, tmp_path) -> Iterator[NginxProcess]:
    with scaled_profile_behind_nginx(tmp_path) as nginx:
        yield nginx


@sync_to_async
def game_with_no_players() -> tuple[Game, str]:
    game = factories.game(total_rounds=1)
    return game, facilitator_cookie(game.facilitator)[1].decode()


@sync_to_async
def process_of_each_socket(game: Game) -> dict[int | None, str]:
    """Which server process holds each open socket of the game, by participant (None: the
    facilitator), from the presence table every process writes."""
    return dict(Connection.objects.filter(game=game).values_list("participant_id", "server_id"))


def room_texts(bot: Bot) -> list[str]:
    return [
        event["payload"]["text"]
        for event in bot.seen("message.posted")
        if event["payload"]["channel"] == "room"
    ]


async def test_a_round_is_played_through_nginx_with_the_table_split_over_both_processes(nginx):
    proxy = nginx.secure
    game, cookie = await game_with_no_players()
    tokens = {
        name: await asyncio.to_thread(game_join, proxy.http_url, game.code, name=name)
        for name in factories.PLAYER_NAMES[:4]
    }
    facilitator = Bot("facilitator", proxy.ws_url, proxy.origin, cookie=cookie)
    players = [Bot(name, proxy.ws_url, proxy.origin, token=t) for name, t in tokens.items()]

    await play_game(facilitator=facilitator, players=players, code=game.code, rounds=1)

    await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
    process_of = await process_of_each_socket(game)
    for bot in [facilitator, *players]:
        await bot.close()
    assert set(process_of) == {None, *(bot.participant_id for bot in players)}
    assert len(set(process_of.values())) == 2, "nginx spread the sockets over both processes"
    seats = seats_of_round(facilitator, 1)
    customer = next(bot for bot in players if seats[bot.participant_id or 0]["role"] == "customer")
    elsewhere = [
        bot
        for bot in players
        if process_of[bot.participant_id] != process_of[customer.participant_id]
    ]
    assert elsewhere, "some player's socket is on the other process from the customer's"
    opening = facilitator.snapshot["brief"]["scenario"]["customer"]["opening_statement"]
    assert all(opening in room_texts(bot) for bot in elsewhere), "the customer's words crossed"
