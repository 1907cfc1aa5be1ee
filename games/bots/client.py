"""One participant on the game socket: say hello, send commands, record everything received.

After a game, what a bot received must equal the event log filtered to what its participant may
see; the end-to-end tests check exactly that.
"""

import asyncio
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.typing import Origin

from games.bots.pace import Pace

WAIT_SECONDS = 15.0


class CommandRefused(RuntimeError):
    """The server answered a command with an error frame."""

    def __init__(self, bot: str, command: str, reply: dict[str, Any]) -> None:
        super().__init__(f"{bot}: {command} refused: {reply.get('code')}: {reply.get('message')}")
        self.reply = reply


@dataclass
class Bot:
    """A player (by player token) or the facilitator (by API token or session cookie)."""

    name: str
    ws_url: str
    origin: str
    token: str | None = None
    api_token: str | None = None
    cookie: str | None = None
    pace: Pace = field(default_factory=Pace)  # as fast as the server answers unless told
    participant_id: int | None = None
    snapshot: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    _socket: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _replies: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _progress: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def connected(self) -> bool:
        """Whether a connection was opened (it may have closed since)."""
        return self._socket is not None

    async def connect(self, code: str) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self._socket = await websockets.connect(
            f"{self.ws_url}/ws/games/{code}/",
            origin=Origin(self.origin),
            additional_headers=headers,
            max_size=None,
        )
        hello = {"type": "hello", "token": self.token, "api_token": self.api_token}
        await self._socket.send(json.dumps(hello))
        self._reader = asyncio.create_task(self._read())
        await self.wait_for(lambda: bool(self.snapshot))
        self.participant_id = self.snapshot["me"]["participant"]

    async def _read(self) -> None:
        assert self._socket is not None
        async for frame in self._socket:
            message = json.loads(frame)
            match message["type"]:
                case "snapshot":
                    self.snapshot = message
                    self.events.extend(message["events"])
                    self.seq = message["seq"]
                case "events":
                    self.events.extend(message["events"])
                    self.seq = message["seq"]
                case "ack" | "error":
                    future = self._replies.pop(message.get("client_msg_id") or "", None)
                    if future is not None:
                        future.set_result(message)
            self._progress.set()

    async def wait_for(self, condition: Callable[[], bool], within: float = WAIT_SECONDS) -> None:
        async with asyncio.timeout(within):
            while not condition():
                self._progress.clear()
                await self._progress.wait()

    async def command(self, type: str, **fields: Any) -> dict[str, Any]:
        """Send one command (after the pause its pace asks for) and wait for its ack; an error
        frame raises CommandRefused."""
        assert self._socket is not None, "connect first"
        await self.pace.wait_before(type, fields)
        msg_id = uuid.uuid4().hex
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[msg_id] = future
        await self._socket.send(json.dumps({"type": type, "client_msg_id": msg_id, **fields}))
        async with asyncio.timeout(WAIT_SECONDS):
            reply = await future
        if reply["type"] == "error":
            raise CommandRefused(self.name, type, reply)
        return reply

    def seen(self, type: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == type]

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)
