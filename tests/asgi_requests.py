"""HTTP requests through the whole ASGI stack (bearcave.asgi.application), as Daphne hands them
over: what the Django test client skips (the body limit, the socket's origin check) is in it."""

import json
from dataclasses import dataclass
from typing import Any

from asgiref.testing import ApplicationCommunicator

from bearcave.asgi import application

HOST = (b"host", b"127.0.0.1:8000")


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


async def asgi_request(
    method: str,
    path: str,
    chunks: list[bytes] | None = None,
    headers: list[tuple[bytes, bytes]] | None = None,
    *,
    finish: bool = True,
    scheme: str = "http",
) -> Answer:
    """Send the body in `chunks`; with `finish=False` the last one says more is coming (and
    nothing more ever comes), as a client still uploading."""
    chunks = chunks if chunks is not None else [b""]
    scope = {
        "type": "http",
        "http_version": "1.1",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": scheme,
        "headers": [HOST, *(headers or [])],
        "client": ("127.0.0.1", 50_000),
        "server": ("127.0.0.1", 8000),
    }
    communicator = ApplicationCommunicator(application, scope)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        more = not (last and finish)
        await communicator.send_input({"type": "http.request", "body": chunk, "more_body": more})
    start = await communicator.receive_output(timeout=10)
    body = b""
    while True:
        message = await communicator.receive_output(timeout=10)
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await communicator.wait(timeout=10)
    return Answer(start["status"], dict(start["headers"]), body)


async def asgi_post(path: str, body: bytes, **kwargs: Any) -> tuple[int, Any]:
    answer = await asgi_request(
        "POST",
        path,
        [body],
        [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        **kwargs,
    )
    return answer.status, answer.json()
