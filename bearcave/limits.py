"""A request body's size is bounded before Django reads it.

Django's ASGI handler reads a whole body into a spooled file before it looks at any limit, and
the limits it has (DATA_UPLOAD_MAX_MEMORY_SIZE) are checked only when a view reads the body:
a 60 MB anonymous POST cost the server about 455 MB of memory. This middleware answers 413 to
a body whose declared length is over the limit without reading any of it, and stops reading one
that turns out longer than the limit (chunked, or lying about its length) at the limit.
Under /api/ the answer is the API's error shape; elsewhere plain text.
"""

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Any, Any, Any], Awaitable[None]]  # Django's handler types its own arguments


class _TooLarge(Exception):
    pass


def body_limit(path: str) -> int:
    """The most bytes a request to `path` may carry (settings: MAX_REQUEST_BYTES, and the
    larger MAX_IMPORT_BYTES for a game import)."""
    if path == "/api/v1/games/import/":
        return int(settings.MAX_IMPORT_BYTES)
    return int(settings.MAX_REQUEST_BYTES)


def largest_body() -> int:
    """The most bytes any request may carry (the server drops what is beyond it unread)."""
    return max(int(settings.MAX_REQUEST_BYTES), int(settings.MAX_IMPORT_BYTES))


class BodyLimit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, send, limit)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, watched_send)
        except _TooLarge:
            if not started:
                await _refuse(scope, send, limit)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def _refuse(scope: Scope, send: Send, limit: int) -> None:
    message = f"A request body may be at most {limit:,} bytes."
    if scope["path"].startswith("/api/"):
        body = json.dumps({"code": "too_large", "message": message, "errors": []}).encode()
        content_type = b"application/json"
    else:
        body, content_type = message.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                # What is left of the body is not read: the connection cannot carry another
                # request after it.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
