"""The load driver: one process that plays some of the benchmark's rooms over real WebSockets.

The benchmark starts several of these (multiprocessing) and gives each whole rooms, so a message's
sender and all its recipients are in one process and its latency is read on one clock. A driver
connects its bots, waits, plays its rooms' open-loop schedule from an agreed start time, waits for
the stragglers, and sends back its raw measurements; the parent computes the statistics.
"""

import asyncio
import random
import resource
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any
from urllib.parse import urlsplit

from websockets.exceptions import ConnectionClosed

from games.bots.load import LoadBot

CONNECT_CONCURRENCY = 8
DRAIN_SECONDS = 15.0
# The mix of a room's events: the conversation, the customer's mood, the coach's tags.
ROOM_MESSAGE, MOOD, TAG = "room_message", "mood", "tag"
MIX = [(ROOM_MESSAGE, 0.7), (MOOD, 0.15), (TAG, 0.15)]


@dataclass(frozen=True)
class Seat:
    participant: int
    token: str
    role: str
    ws_url: str  # the server process this socket goes to (round-robin, as an L4 balancer does)


@dataclass(frozen=True)
class RoomPlan:
    index: int
    code: str
    seats: list[Seat]


@dataclass(frozen=True)
class DriverPlan:
    rooms: list[RoomPlan]
    techniques: list[str]
    events_per_second: float  # per room
    check_seq: bool
    seed: int


@dataclass
class DriverResult:
    connect_ns: list[int] = field(default_factory=list)
    connect_failures: list[str] = field(default_factory=list)
    latencies_ns: list[int] = field(default_factory=list)
    ack_ns: list[int] = field(default_factory=list)
    schedule_lag_ns: list[int] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    acknowledged: int = 0
    unanswered: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    closed_sockets: list[str] = field(default_factory=list)  # closed by the server mid-run
    expected_deliveries: int = 0
    delivered: int = 0
    deliveries: int = 0
    lost: int = 0
    duplicated: int = 0
    reordered: int = 0
    cpu_seconds: float = 0.0
    wall_seconds: float = 0.0


@dataclass(frozen=True)
class Action:
    at: float  # seconds after the start
    kind: str
    actor: int  # index into the room's bots of that role
    mood: int
    technique: str


def room_schedule(
    room: RoomPlan, *, duration: float, rate: float, techniques: list[str], seed: int
) -> list[Action]:
    """A room's open-loop schedule: Poisson arrivals at `rate` a second, the same for every
    server given the same seed (so Bear Cave and the baseline get identical load)."""
    rng = random.Random(seed * 100_003 + room.index)
    actions, at = [], rng.uniform(0, 1 / rate)
    kinds, weights = zip(*MIX, strict=True)
    while at < duration:
        actions.append(
            Action(
                at=at,
                kind=rng.choices(kinds, weights)[0],
                actor=rng.randrange(1_000_000),
                mood=rng.randrange(11),
                technique=rng.choice(techniques),
            )
        )
        at += rng.expovariate(rate)
    return actions


def origin_of(ws_url: str) -> str:
    """The page a browser would open the socket from: the server's own origin (Bear Cave
    compares scheme, host and port)."""
    parts = urlsplit(ws_url)
    return f"{'https' if parts.scheme == 'wss' else 'http'}://{parts.netloc}"


class Room:
    def __init__(self, plan: RoomPlan, check_seq: bool) -> None:
        self.plan = plan
        self.bots = [
            LoadBot(
                name=f"{plan.code}-{seat.participant}",
                ws_url=seat.ws_url,
                origin=origin_of(seat.ws_url),
                token=seat.token,
                sender=seat.participant,
                check_seq=check_seq,
            )
            for seat in plan.seats
        ]
        roles = {seat.participant: seat.role for seat in plan.seats}
        self.customer = next(b for b in self.bots if roles[b.sender] == "customer")
        self.coach = next((b for b in self.bots if roles[b.sender] == "coach"), None)
        self.speakers = [b for b in self.bots if roles[b.sender] in ("customer", "responder")]

    async def act(self, action: Action, techniques: list[str], sent: dict[str, int]) -> None:
        kind = action.kind
        if kind == TAG and (
            self.coach is None or self.coach.receipts.last_team_message_seq is None
        ):
            kind = ROOM_MESSAGE  # nothing to tag yet
        speaker = self.speakers[action.actor % len(self.speakers)]
        actor = {ROOM_MESSAGE: speaker, MOOD: self.customer}.get(kind, self.coach)
        assert actor is not None
        if not actor.connected:  # its connect failed, which the report counts: play on without it
            sent["failed_unconnected"] = sent.get("failed_unconnected", 0) + 1
            return
        sent[kind] = sent.get(kind, 0) + 1
        if kind == ROOM_MESSAGE:
            await actor.say()
        elif kind == MOOD:
            await actor.send("set_mood", mood=action.mood)
        else:
            await actor.send(
                "add_tag", technique=action.technique, message=actor.receipts.last_team_message_seq
            )

    def expected(self) -> set[tuple[int, int]]:
        return set().union(*(bot.acknowledged_messages() for bot in self.bots))

    def complete(self) -> bool:
        if any(bot.unanswered for bot in self.bots):
            return False
        expected = self.expected()
        return all(expected <= bot.receipts.seen.keys() for bot in self.bots)


async def _connect(bot: LoadBot, code: str, gate: asyncio.Semaphore, result: DriverResult) -> None:
    async with gate:
        started = time.monotonic_ns()
        try:
            await bot.connect(code)
        except Exception as error:  # reported, and the run is marked as failed
            result.connect_failures.append(f"{bot.name}: {type(error).__name__}: {error}")
            return
        result.connect_ns.append(time.monotonic_ns() - started)


async def _play(
    room: Room, actions: list[Action], start_ns: int, plan: DriverPlan, result: DriverResult
) -> None:
    for action in actions:
        due = start_ns + int(action.at * 1e9)
        delay = (due - time.monotonic_ns()) / 1e9
        if delay > 0:
            await asyncio.sleep(delay)
        result.schedule_lag_ns.append(time.monotonic_ns() - due)
        try:
            await room.act(action, plan.techniques, result.sent)
        except ConnectionClosed as closed:  # reported; the room plays on with its other sockets
            result.sent["failed_closed"] = result.sent.get("failed_closed", 0) + 1
            if len(result.closed_sockets) < 20:
                result.closed_sockets.append(f"{room.plan.code}: {closed}")


def _tally(rooms: list[Room], result: DriverResult) -> None:
    for room in rooms:
        expected = room.expected()
        for bot in room.bots:
            receipts = bot.receipts
            result.latencies_ns += receipts.latencies_ns
            result.ack_ns += [rtt for _, rtt in bot.acks.values()]
            result.acknowledged += len(bot.acks)
            result.unanswered += bot.unanswered
            for code, count in bot.errors.items():
                result.errors[code] = result.errors.get(code, 0) + count
            result.expected_deliveries += len(expected)
            result.delivered += len(expected & receipts.seen.keys())
            result.lost += len(expected - receipts.seen.keys())
            result.duplicated += receipts.duplicated_seq + sum(
                times - 1 for times in receipts.seen.values()
            )
            result.reordered += receipts.reordered
            result.deliveries += receipts.deliveries


async def _drive(plan: DriverPlan, pipe: Connection) -> None:
    loop = asyncio.get_running_loop()
    result = DriverResult()
    rooms = [Room(room, plan.check_seq) for room in plan.rooms]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    await asyncio.gather(
        *(_connect(bot, room.plan.code, gate, result) for room in rooms for bot in room.bots)
    )
    pipe.send(("connected", len(result.connect_ns), result.connect_failures))

    command, start_ns, duration = await loop.run_in_executor(None, pipe.recv)
    assert command == "run"
    for room in rooms:  # what arrived while connecting is not part of the measurement
        for bot in room.bots:
            bot.receipts.deliveries = 0
    cpu_before, wall_before = time.process_time(), time.monotonic()
    await asyncio.gather(
        *(
            _play(
                room,
                room_schedule(
                    room.plan,
                    duration=duration,
                    rate=plan.events_per_second,
                    techniques=plan.techniques,
                    seed=plan.seed,
                ),
                start_ns,
                plan,
                result,
            )
            for room in rooms
        )
    )
    result.cpu_seconds = time.process_time() - cpu_before
    result.wall_seconds = time.monotonic() - wall_before
    deadline = time.monotonic() + DRAIN_SECONDS
    # Polled: the condition spans every bot of every room.
    while time.monotonic() < deadline and not all(r.complete() for r in rooms):  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    _tally(rooms, result)
    pipe.send(("done", result))

    await loop.run_in_executor(None, pipe.recv)
    await asyncio.gather(*(bot.close() for room in rooms for bot in room.bots))


def driver_main(plan: DriverPlan, pipe: Connection) -> None:
    """The entry point of a driver process."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    try:
        asyncio.run(_drive(plan, pipe))
    except Exception as error:
        pipe.send(("failed", f"{type(error).__name__}: {error}"))
        raise


def as_dict(result: DriverResult) -> dict[str, Any]:
    return dict(result.__dict__)
