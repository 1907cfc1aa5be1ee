"""Rounds played through deploy/nginx/bearcave.conf: Debian's nginx with TLS in front of two
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
from tests.deploy.proxy import Deployment, scaled_profile_behind_nginx
from tests.games.end_to_end import assert_each_saw_exactly_the_log_filtered_for_them
from tests.games.realtime.client import facilitator_cookie
from tests.reliability.tables import (
    assert_holds_exactly_the_log_filtered_for_it,
    last_seq,
    live_table,
    wait_until_all_hold,
)

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deployment(transactional_db, tmp_path) -> Iterator[Deployment]:
    with scaled_profile_behind_nginx(tmp_path) as deployment:
        yield deployment


@sync_to_async
def game_with_no_players() -> tuple[Game, str]:
    game = factories.game(total_rounds=1)
    return game, facilitator_cookie(game.facilitator)[1].decode()


@sync_to_async
def sockets_by_process(game: Game) -> dict[str, set[int | None]]:
    """Whose sockets (participant ids, None for the facilitator) each server process holds, from
    the presence table every process writes (a killed process's rows stay until swept)."""
    holders: dict[str, set[int | None]] = {}
    for participant, server in Connection.objects.filter(game=game).values_list(
        "participant_id", "server_id"
    ):
        holders.setdefault(server, set()).add(participant)
    return holders


def room_texts(bot: Bot) -> list[str]:
    return [
        event["payload"]["text"]
        for event in bot.seen("message.posted")
        if event["payload"]["channel"] == "room"
    ]


async def test_a_round_is_played_through_nginx_with_the_table_split_over_both_processes(
    deployment,
):
    proxy = deployment.nginx.secure
    game, cookie = await game_with_no_players()
    tokens = {
        name: await asyncio.to_thread(game_join, proxy.http_url, game.code, name=name)
        for name in factories.PLAYER_NAMES[:4]
    }
    facilitator = Bot("facilitator", proxy.ws_url, proxy.origin, cookie=cookie)
    players = [Bot(name, proxy.ws_url, proxy.origin, token=t) for name, t in tokens.items()]

    await play_game(facilitator=facilitator, players=players, code=game.code, rounds=1)

    await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
    holders = await sockets_by_process(game)
    for bot in [facilitator, *players]:
        await bot.close()
    assert len(holders) == 2, "nginx spread the sockets over both processes"
    process_of = {who: process for process, whos in holders.items() for who in whos}
    assert set(process_of) == {None, *(bot.participant_id for bot in players)}
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


async def test_when_a_process_dies_its_players_carry_on_through_nginx_on_the_other(deployment):
    # Given a live round whose sockets nginx spread over both processes
    table = await live_table(players=4)
    facilitator, players = table.clients(lambda name: deployment.nginx.secure)
    everyone = [facilitator, *players.values()]
    for client in everyone:
        await client.connect()
    assert len(await sockets_by_process(table.game)) == 2

    # When one process dies (SIGKILL: harsher than the stop of a restart) and the customer speaks
    deployment.processes[0].kill()
    await players[table.customer].command("post_message", channel="room", text="Still there?")

    # Then everyone is back, through nginx on the other process, holding exactly their share
    await wait_until_all_hold(everyone, await last_seq(table.game))
    holders = await sockets_by_process(table.game)
    for client in everyone:
        await client.close()
    assert sum(client.connections for client in everyone) > len(everyone), "some reconnected"
    assert {None, *(player.participant_id for player in players.values())} in holders.values(), (
        "the process still running holds everyone's socket"
    )
    await assert_holds_exactly_the_log_filtered_for_it(table.game, everyone)
