"""The ASGI stack: WebSockets only from the hosts Bear Cave is served on, and only to games."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from bearcave.asgi import application
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def socket_for(code: str, origin: bytes) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/games/{code}/", headers=[(b"origin", origin)])


async def test_a_socket_from_a_foreign_origin_is_refused():
    game = await database_sync_to_async(factories.game)()

    connected, _ = await socket_for(game.code, b"https://evil.example.com").connect()

    assert connected is False


async def test_a_socket_from_the_served_host_is_accepted():
    game = await database_sync_to_async(factories.game)()
    communicator = socket_for(game.code, b"http://127.0.0.1:8000")

    connected, _ = await communicator.connect()

    assert connected is True
    await communicator.disconnect()


async def test_a_socket_for_a_game_that_does_not_exist_is_closed_with_4404():
    communicator = socket_for("NOPE22", b"http://127.0.0.1:8000")

    connected, _ = await communicator.connect()
    closed = await communicator.receive_output()

    # Accepted, then closed: a handshake refused outright reaches a browser as a bare HTTP 403,
    # without the code that tells the app to stop retrying.
    assert connected is True
    assert closed["type"] == "websocket.close"
    assert closed["code"] == 4404
