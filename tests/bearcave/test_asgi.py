"""The ASGI stack: WebSockets only from the origin Bear Cave is served on (scheme, host and
port), and only to games."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from bearcave.asgi import application
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

SERVED_ON = b"127.0.0.1:8000"


def socket_for(
    code: str, origin: bytes, host: bytes = SERVED_ON, headers: list | None = None
) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application,
        f"/ws/games/{code}/",
        headers=[(b"origin", origin), (b"host", host), *(headers or [])],
    )


async def opens(communicator: WebsocketCommunicator) -> bool:
    connected, _ = await communicator.connect()
    if connected:
        await communicator.disconnect()
    return connected


async def test_a_socket_from_a_foreign_origin_is_refused():
    game = await database_sync_to_async(factories.game)()

    assert await opens(socket_for(game.code, b"https://evil.example.com")) is False


async def test_a_socket_from_the_served_origin_is_accepted():
    game = await database_sync_to_async(factories.game)()

    assert await opens(socket_for(game.code, b"http://127.0.0.1:8000")) is True


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:9999",
        b"http://127.0.0.1",
        b"https://127.0.0.1:8000",
        b"http://localhost:8000",
    ],
    ids=["another port", "the default port", "another scheme", "another allowed host"],
)
async def test_a_page_on_the_same_host_but_another_origin_cannot_open_a_socket(origin):
    """Issue #19, point 11: a page on another port of the same host, with the facilitator's
    session cookie, drove their socket. Host names alone no longer decide."""
    game = await database_sync_to_async(factories.game)()

    assert await opens(socket_for(game.code, origin)) is False


async def test_a_host_not_in_allowed_hosts_is_refused_even_from_its_own_origin():
    game = await database_sync_to_async(factories.game)()

    assert (
        await opens(socket_for(game.code, b"http://evil.example.com", b"evil.example.com")) is False
    )


@override_settings(CSRF_TRUSTED_ORIGINS=["https://bearcave.example.com"])
async def test_an_origin_in_csrf_trusted_origins_is_accepted():
    game = await database_sync_to_async(factories.game)()

    assert await opens(socket_for(game.code, b"https://bearcave.example.com")) is True


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
async def test_behind_a_tls_proxy_the_page_is_https_and_plain_http_is_refused():
    game = await database_sync_to_async(factories.game)()
    via_tls = [(b"x-forwarded-proto", b"https")]

    https_page = await opens(socket_for(game.code, b"https://127.0.0.1:8000", headers=via_tls))
    http_page = await opens(socket_for(game.code, b"http://127.0.0.1:8000", headers=via_tls))

    assert (https_page, http_page) == (True, False)


async def test_a_socket_for_a_game_that_does_not_exist_is_closed_with_4404():
    communicator = socket_for("NOPE22", b"http://127.0.0.1:8000")

    connected, _ = await communicator.connect()
    closed = await communicator.receive_output()

    # Accepted, then closed: a handshake refused outright reaches a browser as a bare HTTP 403,
    # without the code that tells the app to stop retrying.
    assert connected is True
    assert closed["type"] == "websocket.close"
    assert closed["code"] == 4404
