"""A lean bot for the load benchmark: it sends without waiting and stamps what it receives.

Each frame is stamped with `time.monotonic_ns()` as it is read, before it is parsed. Room messages
sent by the benchmark carry their sender's stamp ("bench <sender> <n> <sent_ns>"), so a recipient
in the same process measures the fan-out latency on one clock. A LoadBot keeps only what the
benchmark's checks need (latencies, which bench messages arrived and how often, whether `seq`
only went up), so thousands of them fit in one process.
"""

import json
import time
from dataclasses import dataclass, field
from typing import Any

from games.bots.client import Bot

BENCH_PREFIX = "bench "


def bench_text(sender: int, number: int, sent_ns: int) -> str:
    """The text of a measured room message: who sent it, its number, and when."""
    return f"{BENCH_PREFIX}{sender} {number} {sent_ns}"


def parse_bench_text(text: str) -> tuple[int, int, int] | None:
    """(sender, number, sent_ns) of a measured message; None for any other text."""
    if not text.startswith(BENCH_PREFIX):
        return None
    try:
        sender, number, sent_ns = (int(part) for part in text[len(BENCH_PREFIX) :].split())
    except ValueError:
        return None
    return sender, number, sent_ns


@dataclass
class Receipts:
    """What one socket received, reduced to what the checks need."""

    latencies_ns: list[int] = field(default_factory=list)  # others' bench messages only
    seen: dict[tuple[int, int], int] = field(default_factory=dict)  # (sender, n) -> times
    seqs: set[int] = field(default_factory=set)
    last_seq: int = 0
    last_number: dict[int, int] = field(default_factory=dict)  # sender -> last n received
    duplicated_seq: int = 0
    reordered: int = 0
    deliveries: int = 0  # events received (not frames: a frame may hold several)
    last_team_message_seq: int | None = None


@dataclass
class LoadBot(Bot):
    """A participant of the load benchmark. `sender` is its participant id as the benchmark
    knows it (the bare baseline server does not say); `check_seq` is off against a server whose
    events carry no sequence numbers."""

    sender: int = 0
    check_seq: bool = True
    receipts: Receipts = field(default_factory=Receipts)
    sent: int = 0
    said: list[int] = field(default_factory=list)  # numbers of the bench messages sent
    acks: dict[str, tuple[int, int]] = field(default_factory=dict)  # msg id -> (seq, rtt ns)
    errors: dict[str, int] = field(default_factory=dict)  # error code -> how many
    _pending: dict[str, int] = field(default_factory=dict)  # msg id -> sent_ns

    async def _read(self) -> None:
        assert self._socket is not None
        async for frame in self._socket:
            now = time.monotonic_ns()
            message = json.loads(frame)
            match message["type"]:
                case "events":
                    self._receive(message["events"], now)
                    self.seq = message["seq"]
                case "snapshot":
                    message.pop("events", None)
                    self.snapshot = message
                    self.seq = self.receipts.last_seq = message["seq"]
                case "ack":
                    msg_id = message.get("client_msg_id") or ""
                    sent_ns = self._pending.pop(msg_id, None)
                    if sent_ns is not None:
                        self.acks[msg_id] = (message["seq"], now - sent_ns)
                case "error":
                    self._pending.pop(message.get("client_msg_id") or "", None)
                    code = str(message.get("code"))
                    self.errors[code] = self.errors.get(code, 0) + 1
            self._progress.set()

    def _receive(self, events: list[dict[str, Any]], now: int) -> None:
        receipts = self.receipts
        for event in events:
            receipts.deliveries += 1
            seq = int(event.get("seq") or 0)
            if self.check_seq:
                if seq in receipts.seqs:
                    receipts.duplicated_seq += 1
                    continue
                if seq < receipts.last_seq:
                    receipts.reordered += 1
                receipts.seqs.add(seq)
                receipts.last_seq = max(receipts.last_seq, seq)
            text = event.get("payload", {}).get("text")
            measured = parse_bench_text(text) if isinstance(text, str) else None
            if measured is None:
                continue
            sender, number, sent_ns = measured
            key = (sender, number)
            times = receipts.seen.get(key, 0)
            receipts.seen[key] = times + 1
            if times:
                continue
            if number < receipts.last_number.get(sender, -1):
                receipts.reordered += 1
            receipts.last_number[sender] = max(number, receipts.last_number.get(sender, -1))
            if event.get("payload", {}).get("role") != "customer":  # the one a coach may tag
                receipts.last_team_message_seq = seq
            if sender != self.sender:
                receipts.latencies_ns.append(now - sent_ns)

    async def send(self, type: str, **fields: Any) -> str:
        """Send one command without waiting for its answer; returns its client_msg_id."""
        assert self._socket is not None, "connect first"
        msg_id = f"b{self.sent}"
        self.sent += 1
        self._pending[msg_id] = time.monotonic_ns()
        await self._socket.send(json.dumps({"type": type, "client_msg_id": msg_id, **fields}))
        return msg_id

    async def say(self) -> str:
        """Post a measured room message, stamped now; its number is that of the command."""
        self.said.append(self.sent)
        text = bench_text(self.sender, self.sent, time.monotonic_ns())
        return await self.send("post_message", channel="room", text=text)

    def acknowledged_messages(self) -> set[tuple[int, int]]:
        """(sender, n) of this bot's bench messages the server acknowledged."""
        return {(self.sender, number) for number in self.said if f"b{number}" in self.acks}

    @property
    def unanswered(self) -> int:
        return len(self._pending)
