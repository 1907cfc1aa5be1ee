"""A participant's socket as the browser app runs it, over a real network connection.

It says hello with the last `seq` it holds, reconnects by itself when the connection drops (unless
told to stay away), resends every command whose ack has not arrived with the same
`client_msg_id`, and holds the events in order. Anything that breaks the protocol's promises (an
event twice, out of order, a `seq` going back) is recorded in `problems` for the test to assert on.
"""

import asyncio
import contextlib
import json
import uuid
from collections.abc import Callable
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests.servers import RunningServer

WAIT_SECONDS = 30
RECONNECT_DELAY_SECONDS = 0.2


class ResumingClient:
    def __init__(
        self,
        name: str,
        server: RunningServer,
        code: str,
        *,
        token: str | None = None,
        cookie: str | None = None,
    ) -> None:
        self.name = name
        self.server = server
        self.code = code
        self.token = token
        self.cookie = cookie
        self.snapshot: dict[str, Any] = {}
        self.held: list[dict[str, Any]] = []
        self.seq: int | None = None
        self.acks: dict[str, int] = {}
        self.errors: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.close_codes: list[int | None] = []
        self.snapshots = 0
        self.connections = 0
        self.pending: dict[str, str] = {}
        self.stay_away = False
        self.deaf_to_acks = False  # acks that arrive are lost, as if the connection dropped first
        self._socket: ClientConnection | None = None
        self._runner: asyncio.Task[None] | None = None
        self._progress = asyncio.Event()
        self._closing = False

    @property
    def participant_id(self) -> int | None:
        participant = self.snapshot.get("me", {}).get("participant")
        return int(participant) if participant is not None else None

    # Connection ----------------------------------------------------------------------------------

    async def connect(self) -> None:
        """Connect, say hello, and keep the connection up in the background until `close`."""
        self.stay_away = False
        self._runner = asyncio.create_task(self._run())
        await self.wait_for(lambda: bool(self.snapshot), what="the first snapshot")

    async def _run(self) -> None:
        while not self._closing:
            if self.stay_away:
                await self._wait_progress()
                continue
            with contextlib.suppress(OSError, ConnectionClosed, TimeoutError):
                await self._session()
            self._progress.set()
            if not self._closing and not self.stay_away:
                # The client's own back-off, as the browser's: behaviour, not a wait for a signal.
                await asyncio.sleep(RECONNECT_DELAY_SECONDS)

    async def _session(self) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        async with websockets.connect(
            f"{self.server.ws_url}/ws/games/{self.code}/",
            origin=Origin(self.server.origin),
            additional_headers=headers,
            open_timeout=5,
            ping_interval=None,
        ) as socket:
            self._socket = socket
            self.connections += 1
            await socket.send(
                json.dumps({"type": "hello", "token": self.token, "last_seq": self.seq})
            )
            for command in list(self.pending.values()):
                await socket.send(command)
            try:
                async for frame in socket:
                    self._receive(json.loads(frame))
            finally:
                self.close_codes.append(socket.close_code)
                self._socket = None

    async def drop(self, *, stay_away: bool = False) -> None:
        """Cut the connection the way a network failure does: no close frame, the TCP connection
        just goes. With `stay_away`, do not reconnect until `come_back`."""
        self.stay_away = stay_away
        socket = self._socket
        if socket is not None:
            socket.transport.abort()
        await self.wait_for(lambda: self._socket is not socket, what="the drop")

    async def come_back(self) -> None:
        self.stay_away = False
        connections = self.connections
        self._progress.set()
        await self.wait_for(lambda: self.connections > connections, what="a reconnection")

    async def close(self) -> None:
        self._closing = True
        self._progress.set()
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await asyncio.gather(self._runner, return_exceptions=True)

    # Frames --------------------------------------------------------------------------------------

    def _receive(self, message: dict[str, Any]) -> None:
        match message["type"]:
            case "snapshot":
                self.snapshots += 1
                self.snapshot = message
                self.held = list(message["events"])
                self._advance(message["seq"])
            case "events":
                for event in message["events"]:
                    if self.held and event["seq"] <= self.held[-1]["seq"]:
                        self.problems.append(f"event {event['seq']} after {self.held[-1]['seq']}")
                    self.held.append(event)
                self._advance(message["seq"])
            case "ack" if self.deaf_to_acks:
                pass
            case "ack":
                self.pending.pop(message["client_msg_id"], None)
                self.acks[message["client_msg_id"]] = message["seq"]
            case "error":
                self.pending.pop(message.get("client_msg_id") or "", None)
                self.errors.append(message)
        self._progress.set()

    def _advance(self, seq: int) -> None:
        if self.seq is not None and seq < self.seq:
            self.problems.append(f"seq went back from {self.seq} to {seq}")
        self.seq = seq

    # Commands ------------------------------------------------------------------------------------

    async def send(self, type: str, *, client_msg_id: str | None = None, **fields: Any) -> str:
        """Send a command now if connected (else on reconnection), without waiting for its
        reply; it stays pending, and is resent, until acknowledged. Returns its id."""
        msg_id = client_msg_id or uuid.uuid4().hex
        frame = json.dumps({"type": type, "client_msg_id": msg_id, **fields})
        self.pending[msg_id] = frame
        if self._socket is not None:
            with contextlib.suppress(ConnectionClosed):  # resent on reconnection
                await self._socket.send(frame)
        return msg_id

    async def send_raw(self, frame: str | bytes) -> None:
        assert self._socket is not None
        await self._socket.send(frame)

    async def command(self, type: str, **fields: Any) -> int:
        """Send a command and wait for its ack; returns the event's seq."""
        msg_id = await self.send(type, **fields)
        await self.wait_for(
            lambda: msg_id in self.acks or self._error_for(msg_id) is not None,
            what=f"the reply to {type}",
        )
        error = self._error_for(msg_id)
        if error is not None:
            raise AssertionError(f"{self.name}: {type} refused: {error}")
        return self.acks[msg_id]

    def _error_for(self, msg_id: str) -> dict[str, Any] | None:
        return next((e for e in self.errors if e.get("client_msg_id") == msg_id), None)

    # Waiting -------------------------------------------------------------------------------------

    async def wait_for(self, condition: Callable[[], bool], *, what: str = "") -> None:
        try:
            async with asyncio.timeout(WAIT_SECONDS):
                while not condition():
                    await self._wait_progress()
        except TimeoutError:
            raise AssertionError(f"{self.name} waited in vain for {what or condition}") from None

    async def _wait_progress(self) -> None:
        self._progress.clear()
        await self._progress.wait()

    def seen(self, type: str) -> list[dict[str, Any]]:
        return [event for event in self.held if event["type"] == type]
