"""One player, many sockets (issue #19, point 11): their writes share one budget over every
socket and the API, and they may hold only so many sockets at once."""

import json

import pytest
from channels.db import database_sync_to_async
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from tests import factories
from tests.games.realtime.client import SocketPlayer, facilitator_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def player_post_rate(rate: str) -> override_settings:
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "player_post": rate},
        }
    )


@database_sync_to_async
def live_game_and_the_customers_token() -> tuple[Game, str]:
    game = factories.game()
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:4]}
    factories.advance_to(game, Phase.LIVE)
    customer = SeatAssignment.objects.get(game=game, round_number=1, role=Role.CUSTOMER)
    return game, tokens[customer.participant.display_name]


async def post_over_the_api(code: str, token: str, text: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Player {token}")
    response = await database_sync_to_async(client.post)(
        f"/api/v1/games/{code}/messages/", {"channel": "room", "text": text}, format="json"
    )
    return response.status_code


async def test_a_players_writes_on_every_socket_and_over_the_api_share_one_budget():
    """The probe posted 225 messages in 0.8 s over five sockets of one player."""
    game, token = await live_game_and_the_customers_token()
    sockets = [SocketPlayer(game.code, token) for _ in range(5)]
    for socket in sockets:
        await socket.join()

    with player_post_rate("12/minute"):
        replies = [
            (await socket.command("post_message", channel="room", text=f"{n}"))["type"]
            for n in range(4)
            for socket in sockets
        ]
        over_the_api = [await post_over_the_api(game.code, token, "And here.") for _ in range(3)]

    assert replies.count("ack") == 12
    assert replies[12:] == ["error"] * 8
    refused = [m for s in sockets for m in s.received if m["type"] == "error"]
    assert {m["code"] for m in refused} == {"rate_limited"}
    assert over_the_api == [429, 429, 429]
    for socket in sockets:
        await socket.leave()


async def open_and_say_hello(code: str, token: str | None, headers: list | None = None) -> tuple:
    socket = SocketPlayer(code, token, headers=headers)
    connected, _ = await socket.socket.connect()
    assert connected
    await socket.send({"type": "hello", "token": token})
    first = json.loads(await socket.socket.receive_from())
    return socket, first


async def test_a_player_may_hold_five_sockets_and_a_sixth_is_refused_and_closed_with_4409():
    """The probe had 60 sockets accepted for one token."""
    game, token = await live_game_and_the_customers_token()
    held = [await open_and_say_hello(game.code, token) for _ in range(5)]

    sixth, answer = await open_and_say_hello(game.code, token)
    closed = await sixth.socket.receive_output()
    await held[0][0].leave()
    again, answer_after_one_left = await open_and_say_hello(game.code, token)

    assert [first["type"] for _, first in held] == ["snapshot"] * 5
    assert (answer["type"], answer["code"]) == ("error", "too_many_sockets")
    assert (closed["type"], closed["code"]) == ("websocket.close", 4409)
    assert answer_after_one_left["type"] == "snapshot"
    for socket, _ in [*held[1:], (again, None)]:
        await socket.leave()


async def test_the_facilitator_is_not_limited_to_five_sockets():
    game, _ = await live_game_and_the_customers_token()
    cookie = await database_sync_to_async(lambda: facilitator_cookie(game.facilitator))()

    opened = [await open_and_say_hello(game.code, None, headers=[cookie]) for _ in range(7)]

    assert [first["type"] for _, first in opened] == ["snapshot"] * 7
    for socket, _ in opened:
        await socket.leave()
