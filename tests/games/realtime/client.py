"""A test participant on the game socket: say hello, send commands, collect what arrives."""

import json
import uuid
from typing import Any

from channels.testing import WebsocketCommunicator
from django.test import Client

from bearcave.asgi import application

ORIGIN = (b"origin", b"http://127.0.0.1:8000")
# The socket is opened on the same origin as the page (bearcave/origins.py compares them).
HOST = (b"host", b"127.0.0.1:8000")


def facilitator_cookie(user: Any) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


class SocketPlayer:
    def __init__(self, code: str, token: str | None = None, headers: list[Any] | None = None):
        self.token = token
        self.socket = WebsocketCommunicator(
            application, f"/ws/games/{code}/", headers=[ORIGIN, HOST, *(headers or [])]
        )
        self.received: list[dict[str, Any]] = []
        self.seq = 0

    async def join(self, last_seq: int | None = None) -> dict[str, Any]:
        connected, _ = await self.socket.connect()
        assert connected
        await self.send({"type": "hello", "token": self.token, "last_seq": last_seq})
        return await self.next_of("snapshot" if last_seq is None else "events")

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send_to(text_data=json.dumps(message))

    async def command(self, type: str, client_msg_id: str | None = None, **fields: Any):
        msg_id = client_msg_id or uuid.uuid4().hex
        await self.send({"type": type, "client_msg_id": msg_id, **fields})
        reply = await self.next_of("ack", "error")
        assert reply.get("client_msg_id") == msg_id
        return reply

    async def next_of(self, *types: str, within: float = 5) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = json.loads(await self.socket.receive_from(timeout=within))
            self.received.append(message)
            if message["type"] in ("snapshot", "events"):
                self.seq = message["seq"]
            if message["type"] in types:
                return message

    async def drain(self) -> list[dict[str, Any]]:
        """Everything that arrives until the socket is quiet."""
        events: list[dict[str, Any]] = []
        while not await self.socket.receive_nothing(timeout=0.3):
            message = await self.next_of("events", "snapshot", "ack", "error")
            if message["type"] == "events":
                events.extend(message["events"])
        return events

    def events(self, type: str | None = None) -> list[dict[str, Any]]:
        found = [
            event
            for message in self.received
            if message["type"] == "events"
            for event in message["events"]
        ]
        return [event for event in found if type is None or event["type"] == type]

    async def leave(self) -> None:
        await self.socket.disconnect()
