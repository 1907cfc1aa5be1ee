"""The ASGI stack: WebSockets only from the hosts Bear Cave is served on."""

from channels.testing import WebsocketCommunicator

from bearcave.asgi import application


async def test_a_socket_from_a_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws/games/ABCDEF/", headers=[(b"origin", b"https://evil.example.com")]
    )

    connected, _ = await communicator.connect()

    assert connected is False


async def test_a_socket_from_the_served_host_is_accepted():
    communicator = WebsocketCommunicator(
        application, "/ws/games/ABCDEF/", headers=[(b"origin", b"http://127.0.0.1:8000")]
    )

    connected, _ = await communicator.connect()

    assert connected is True
    await communicator.disconnect()
