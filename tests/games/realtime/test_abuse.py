"""Abuse of the game socket: floods, join-code guessing, foreign pages, and players posing as
someone else. Each is refused, stores nothing, and leaves the room working for everyone else."""

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import signing
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from bearcave.asgi import application
from games.models import Event, Game, Participant
from games.services.participants import TOKEN_SALT
from tests.games.realtime.client import HOST, ORIGIN, SocketPlayer
from tests.games.realtime.tables import seated_players, setup_game

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_throttles():
    """The join-miss count lives in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


@database_sync_to_async
def stored_events(game: Game) -> int:
    return Event.objects.filter(game=game).count()


async def until_closed(player: SocketPlayer) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every frame the socket receives until the server closes it, and the close."""
    frames: list[dict[str, Any]] = []
    while True:
        output = await player.socket.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return frames, output
        frames.append(json.loads(output["text"]))


# Floods ------------------------------------------------------------------------------------


@override_settings(SOCKET_BURST=6, SOCKET_RATE=0.01)  # room for the hello and five commands
async def test_a_flooding_socket_is_refused_then_closed_and_its_refused_frames_store_nothing():
    t = await seated_players()
    flooder = t.sockets[t.customer]
    before = await stored_events(t.game)

    for number in range(40):
        await flooder.send(
            {"type": "post_message", "client_msg_id": f"f{number}", "channel": "room", "text": "!"}
        )
    frames, closed = await until_closed(flooder)
    replies = [frame for frame in frames if frame["type"] in ("ack", "error")]
    still_fine = await t.sockets[t.responders[0]].command(
        "post_message", channel="room", text="The rest of us carry on."
    )

    assert [r["type"] for r in replies[:5]] == ["ack"] * 5
    refused = replies[5:]
    assert refused
    assert {r["code"] for r in refused} == {"rate_limited"}
    assert [r["client_msg_id"] for r in refused] == [f"f{n}" for n in range(5, 5 + len(refused))]
    assert closed["code"] == 4429
    assert await stored_events(t.game) == before + 5 + 1
    assert still_fine["type"] == "ack"
    await t.leave()


# Join codes --------------------------------------------------------------------------------


def with_join_miss_rate(rate: str) -> override_settings:
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, "join_miss": rate},
        }
    )


def socket_from(
    address: str, code: str, headers: list[tuple[bytes, bytes]] | None = None
) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application, f"/ws/games/{code}/", headers=[ORIGIN, HOST, *(headers or [])]
    )
    communicator.scope["client"] = (address, 50_000)
    return communicator


async def close_code_of(communicator: WebsocketCommunicator) -> int | None:
    connected, _ = await communicator.connect()
    assert connected, "accepted first, so the browser sees the close code"
    closed = await communicator.receive_output()
    assert closed["type"] == "websocket.close"
    return closed.get("code")


async def test_guessing_codes_on_the_socket_is_throttled_per_address_even_for_a_right_code():
    game, _, _ = await setup_game(players=3)

    with with_join_miss_rate("3/minute"):
        misses = [await close_code_of(socket_from("10.0.0.5", f"ZZZZ{n}Z")) for n in range(3)]
        right_code = await close_code_of(socket_from("10.0.0.5", game.code))
        elsewhere = socket_from("10.0.0.6", game.code)
        connected, _ = await elsewhere.connect()

    assert misses == [4404, 4404, 4404]
    assert right_code == 4429
    assert connected
    assert await elsewhere.receive_nothing()
    await elsewhere.disconnect()


async def test_a_forged_forwarded_for_header_does_not_reset_the_count():
    game, _, _ = await setup_game(players=3)

    with with_join_miss_rate("3/minute"):
        for n in range(3):
            forged = [(b"x-forwarded-for", f"203.0.113.{n}".encode())]
            await close_code_of(socket_from("10.0.0.5", f"ZZZZ{n}Z", forged))
        right_code = await close_code_of(
            socket_from("10.0.0.5", game.code, [(b"x-forwarded-for", b"203.0.113.99")])
        )

    assert right_code == 4429


async def test_misses_over_the_api_and_the_socket_draw_on_one_budget():
    game, _, _ = await setup_game(players=3)

    with with_join_miss_rate("3/minute"):
        for n in range(2):
            response = await database_sync_to_async(APIClient().post)(
                f"/api/v1/games/ZZZZ{n}Z/join/", {"name": "Eve"}, format="json"
            )
            assert response.status_code == 404
        third_miss = await close_code_of(socket_from("127.0.0.1", "ZZZZ9Z"))
        right_code = await close_code_of(socket_from("127.0.0.1", game.code))
        over_the_api = await database_sync_to_async(APIClient().post)(
            f"/api/v1/games/{game.code}/join/", {"name": "Eve"}, format="json"
        )

    assert third_miss == 4404
    assert right_code == 4429
    assert over_the_api.status_code == 429


# Origins -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin",
    [[(b"origin", b"https://evil.example.com")], [(b"origin", b"null")], []],
    ids=["foreign", "null", "missing"],
)
async def test_a_socket_from_a_foreign_null_or_missing_origin_is_refused(origin):
    game, _, _ = await setup_game(players=3)
    communicator = WebsocketCommunicator(application, f"/ws/games/{game.code}/", headers=origin)

    connected, _ = await communicator.connect()

    assert connected is False


# Posing as someone else --------------------------------------------------------------------


async def hello_reply(code: str, token: str) -> dict[str, Any]:
    socket = SocketPlayer(code, token)
    connected, _ = await socket.socket.connect()
    assert connected
    await socket.send({"type": "hello", "token": token})
    reply = await socket.next_of("snapshot", "error")
    await socket.leave()
    return reply


@database_sync_to_async
def forged_tokens(game: Game, victim: str) -> dict[str, str]:
    """Tokens a player could make up to be `victim`: their claims, signed without the key."""
    participant = Participant.objects.get(game=game, display_name=victim)
    claims = {"g": game.pk, "p": participant.pk, "n": participant.token_nonce}
    unsigned = signing.dumps({"g": game.pk, "p": participant.pk}, salt=TOKEN_SALT)
    return {
        "other key": signing.dumps(claims, key="guessed-secret-key", salt=TOKEN_SALT),
        "other salt": signing.dumps(claims, salt="bearcave.something-else"),
        "no nonce": unsigned,
        "bare claims": json.dumps(claims),
    }


async def test_a_token_cannot_be_forged_for_another_player():
    game, _, _ = await setup_game(players=3)

    replies = {
        how: await hello_reply(game.code, token)
        for how, token in (await forged_tokens(game, "Ben")).items()
    }

    assert {how: reply["code"] for how, reply in replies.items()} == dict.fromkeys(
        replies, "not_authenticated"
    )


async def test_a_token_for_another_game_does_not_open_this_one():
    game, _, _ = await setup_game(players=3)
    other_game, other_tokens, _ = await setup_game(players=3)

    reply = await hello_reply(game.code, other_tokens["Ann"])
    at_home = await hello_reply(other_game.code, other_tokens["Ann"])

    assert reply["code"] == "not_authenticated"
    assert at_home["type"] == "snapshot"


@pytest.mark.parametrize(
    "impostor",
    [
        {"actor": 1},
        {"author": "Ben"},
        {"participant": 1},
        {"token": "someone-else's"},
        {"role": "customer"},
        {"game": "ABCDEF"},
    ],
    ids=["actor", "author", "participant", "token", "role", "game"],
)
async def test_a_command_cannot_name_another_actor(impostor):
    t = await seated_players()
    before = await stored_events(t.game)

    reply = await t.sockets[t.responders[0]].command(
        "post_message", channel="room", text="It was me.", **impostor
    )

    assert reply["code"] == "invalid"
    assert "Extra inputs are not permitted" in reply["message"]
    assert await stored_events(t.game) == before
    await t.leave()


async def test_a_removed_player_can_neither_act_nor_read_nor_come_back():
    t = await seated_players(players=5)
    removed = t.sockets[t.responders[0]]
    removed_id = removed.received[0]["me"]["participant"]

    await t.facilitator.command("remove_participant", participant=removed_id)
    frames, closed = await until_closed(removed)
    await t.sockets[t.customer].command("post_message", channel="room", text="After removal.")
    again = await hello_reply(t.game.code, removed.token or "")

    last = frames[-1]["events"][-1]
    assert (last["type"], last["payload"]["participant"]) == ("participant.removed", removed_id)
    assert closed["code"] == 4403
    assert await removed.socket.receive_nothing()
    assert again["code"] == "participant_removed"
    for socket in t.sockets.values():
        if socket is not removed:
            await socket.leave()
    await t.facilitator.leave()


async def test_a_removed_players_open_socket_cannot_act_before_it_is_closed():
    t = await seated_players(players=5)
    removed_name = t.responders[0]
    before = await stored_events(t.game)

    await database_sync_to_async(
        lambda: Participant.objects.filter(game=t.game, display_name=removed_name).update(
            removed_at=timezone.now()
        )
    )()
    reply = await t.sockets[removed_name].command("post_message", channel="room", text="Still me.")

    assert reply["code"] == "participant_removed"
    assert await stored_events(t.game) == before
    await t.leave()
