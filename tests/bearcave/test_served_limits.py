"""What the real server (`manage.py serve`: Daphne, Twisted, Autobahn) answers before Django sees
a request (issue #19, points 6 and 10): a socket message over its limit closes the socket with a
code and a reason, and a malformed multipart body reaches the API, which answers in its shape."""

import asyncio
import http.client
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from websockets.datastructures import Headers
from websockets.typing import Origin

from bearcave.serving import MAX_SOCKET_FRAME_BYTES
from games import protocol
from tests import factories
from tests.servers import DaphneProcess, RunningServer, daphne_process, daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]


async def close_after_sending(server: RunningServer, code: str, size: int) -> tuple[int, str]:
    async with websockets.connect(
        f"{server.ws_url}/ws/games/{code}/", origin=Origin(server.origin), max_size=None
    ) as socket:
        await socket.send("x" * size)
        async with asyncio.timeout(10):
            await socket.wait_closed()
    received = socket.protocol.close_rcvd
    assert received is not None, "closed without a close frame"
    return received.code, received.reason


@pytest.mark.parametrize("size", [MAX_SOCKET_FRAME_BYTES + 1, 1024 * 1024 + 1])
async def test_a_socket_frame_over_the_limit_closes_the_socket_with_1009_and_a_reason(size):
    game = await sync_to_async(factories.game)()

    with daphne_server() as server:
        code, reason = await close_after_sending(server, game.code, size)

    assert code == 1009
    assert "exceeds payload limit of" in reason  # and names it, in bytes


async def test_a_message_under_the_limit_but_over_a_frame_gets_an_error_and_the_socket_stays():
    game = await sync_to_async(factories.game)()

    with daphne_server() as server:
        async with websockets.connect(
            f"{server.ws_url}/ws/games/{game.code}/", origin=Origin(server.origin)
        ) as socket:
            await socket.send("x" * (protocol.MAX_FRAME_BYTES + 1))
            error = json.loads(await socket.recv())
            await socket.send(json.dumps({"type": "hello", "token": "nobody"}))
            still_answers = json.loads(await socket.recv())

    assert (error["type"], error["code"]) == ("error", "bad_command")
    assert still_answers["code"] == "not_authenticated"


def post(server: RunningServer, path: str, body: bytes, headers: dict[str, str]) -> tuple:
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, Headers(response.getheaders()), response.read()
    finally:
        connection.close()


async def test_a_malformed_multipart_body_is_answered_by_the_api_in_its_error_shape():
    user = await sync_to_async(factories.UserFactory.create)()
    key = await sync_to_async(factories.api_token)(user)
    body = b"--nope\r\nthis is not a multipart body"
    headers = {
        "Authorization": f"Token {key}",
        "Content-Type": "multipart/form-data; boundary=boundary",
        "Content-Length": str(len(body)),
    }

    with daphne_server() as server:
        status, answer_headers, answer = await sync_to_async(post)(
            server, "/api/v1/scenarios/validate/", body, headers
        )

    assert status == 400
    assert answer_headers["Content-Type"] == "application/json"
    assert set(json.loads(answer)) == {"code", "message", "errors"}


def peak_memory_kib(process: DaphneProcess) -> int:
    """The server process's peak resident memory so far (Linux: VmHWM)."""
    assert process.process is not None
    with open(f"/proc/{process.process.pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=b"])
async def test_a_60_mb_anonymous_post_is_refused_without_the_server_holding_it(content_type):
    """The probe's 60 MB anonymous POST cost the server about 455 MB (multipart: Twisted parsed
    the form itself; JSON: Daphne and Django each held a copy). Now it is dropped unread."""
    body = b"x" * 60_000_000
    headers = {"Content-Type": content_type, "Content-Length": str(len(body))}

    with daphne_process() as server:
        before = peak_memory_kib(server)
        status, _, answer = await sync_to_async(post)(
            server.server, "/api/v1/scenarios/validate/", body, headers
        )
        grown_mib = (peak_memory_kib(server) - before) / 1024

    assert status == 413
    assert json.loads(answer)["code"] == "too_large"
    assert grown_mib < 20, f"the server grew by {grown_mib:.0f} MiB for a body it refused"
