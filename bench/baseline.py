"""The floor of this stack: a bare Channels consumer that group_sends every frame to its room.

No authentication, no validation, no database: `hello` joins the room's group and gets an empty
snapshot; any other frame is acknowledged and sent, as one event, to every socket of the room.
It speaks just enough of Bear Cave's protocol (snapshot, ack, events) for the same load driver
and the same measurement code to run against it. Served by Daphne with the channel layer Bear
Cave would use (settings: bench/baseline_settings.py).
"""

import json
import os
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.baseline_settings")
django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import path  # noqa: E402


class RoomConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    room = ""

    async def connect(self) -> None:
        self.room = f"room.{self.scope['url_route']['kwargs']['code']}"
        await self.accept()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        frame: dict[str, Any] = json.loads(text_data or "{}")
        if frame.get("type") == "hello":
            await self.channel_layer.group_add(self.room, self.channel_name)
            snapshot = {"type": "snapshot", "seq": 0, "me": {"participant": None}, "events": []}
            await self.send(text_data=json.dumps(snapshot))
            return
        event = {"seq": 0, "type": frame.get("type"), "payload": frame}
        await self.channel_layer.group_send(self.room, {"type": "room.event", "event": event})
        ack = {"type": "ack", "client_msg_id": frame.get("client_msg_id"), "seq": 0}
        await self.send(text_data=json.dumps(ack))

    async def room_event(self, message: dict[str, Any]) -> None:
        await self.send(
            text_data=json.dumps({"type": "events", "seq": 0, "events": [message["event"]]})
        )

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(self.room, self.channel_name)


async def healthz(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Any HTTP request: 200, so the benchmark knows the server is up."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


application = ProtocolTypeRouter(
    {
        "http": healthz,
        "websocket": URLRouter([path("ws/games/<str:code>/", RoomConsumer.as_asgi())]),
    }
)
