"""The training-day run of the benchmark: a whole room joining through one code, its tables
formed and opened, and every table started at once.

PEOPLE join `POST /api/v1/days/<code>/join/` spread evenly over WITHIN seconds (the room taking
out its phones), each timed from request to answer: the join latency. The facilitator then
proposes tables and opens them (each table becomes a game); everyone reads their seat from
`/me/` and opens their game socket. Then the facilitator starts every table with one
`POST /api/v1/days/<code>/advance/` (lobby to briefing), and again (briefing to live): the start's
fan-out is the time from sending that request until each socket has the `phase.changed` event.
A socket that never gets it (within 15 s) is counted lost. Then each table's customer sets the
mood once, timed to every socket of the table; then sustained live play: for PLAY seconds every
table's speakers (the customer and the responders) take turns posting room messages, RATE a
second a table, through the same sockets, each message stamped as the main run's are
(games/bots/load.py): its latency is from sending to each other socket of the table holding it,
and a message the server acknowledged that a socket of its table never got is lost.
"""

import asyncio
import json
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.run import percentiles
from bench.servers import ROOT, bearcave_server
from games.bots.load import LoadBot

WAIT_SECONDS = 15.0
CONNECT_CONCURRENCY = 16


@dataclass
class DayMeasurement:
    people: int
    tables: int = 0
    join_ms: dict[str, float] = field(default_factory=dict)
    open_ms: float = 0.0
    connect_ms: dict[str, float] = field(default_factory=dict)
    start_fanout_ms: dict[str, float] = field(default_factory=dict)
    mood_fanout_ms: dict[str, float] = field(default_factory=dict)
    join_failures: list[str] = field(default_factory=list)
    lost: int = 0
    refused_tables: int = 0
    play_seconds: float = 0.0
    play_rate: float = 0.0  # room messages a second, each table
    play_sent: int = 0
    play_acknowledged: int = 0
    play_errors: dict[str, int] = field(default_factory=dict)
    play_latency_ms: dict[str, float] = field(default_factory=dict)
    play_expected: int = 0  # deliveries: each acknowledged message to each other socket
    play_lost: int = 0


@dataclass
class SeatBot(LoadBot):
    """A person at their seat: a LoadBot (stamps what it receives, sends without waiting) that
    also keeps the events other than room messages, for the start's and the mood's checks."""

    def _receive(self, events: list[dict[str, Any]], now: int) -> None:
        self.events.extend(e for e in events if e["type"] != "message.posted")
        super()._receive(events, now)

    async def acknowledged(self, msg_id: str) -> int | None:
        """The seq the server gave the command `msg_id` (None: refused or unanswered)."""
        try:
            await self.wait_for(lambda: msg_id in self.acks or not self.unanswered, WAIT_SECONDS)
        except TimeoutError:
            return None
        return self.acks[msg_id][0] if msg_id in self.acks else None


def _http(url: str, *, method: str = "GET", body: Any = None, auth: str = "") -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if auth:
        request.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def seed_day(env: dict[str, str], table_size: int) -> dict[str, str]:
    answer = subprocess.run(
        [sys.executable, "-m", "bench.seed", "--day", "--table-size", str(table_size)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
    )
    if answer.returncode != 0:
        raise RuntimeError(f"seeding the day failed:\n{answer.stderr.decode(errors='replace')}")
    seeded: dict[str, str] = json.loads(answer.stdout)
    return seeded


async def _joins(
    base: str, code: str, people: int, within: float, result: DayMeasurement
) -> list[str]:
    """Everyone joins, spread over `within` seconds; returns their day tokens."""
    start = time.monotonic()
    latencies: list[int] = []
    tokens: list[str] = []

    async def one(index: int) -> None:
        await asyncio.sleep(max(0.0, start + index * within / people - time.monotonic()))
        function = ["Billing", "Support", "Logistics", "Sales", "Product", ""][index % 6]
        began = time.monotonic_ns()
        status, body = await asyncio.to_thread(
            _http,
            f"{base}/api/v1/days/{code}/join/",
            method="POST",
            body={"name": f"Person {index + 1}", "function": function},
        )
        latencies.append(time.monotonic_ns() - began)
        if status == 201:
            tokens.append(body["token"])
        else:
            result.join_failures.append(f"{status}: {body}")

    await asyncio.gather(*(one(index) for index in range(people)))
    result.join_ms = percentiles(latencies)
    return tokens


async def _seat(
    base: str, ws: str, code: str, tokens: list[str], result: DayMeasurement
) -> list[SeatBot]:
    """Each person reads their seat and opens their game's socket, as their page does."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    bots: list[SeatBot] = []
    latencies: list[int] = []

    async def one(token: str) -> None:
        async with gate:
            _, me = await asyncio.to_thread(
                _http, f"{base}/api/v1/days/{code}/me/", auth=f"Member {token}"
            )
            bot = SeatBot(name=me["name"], ws_url=ws, origin=base, token=me["player_token"])
            began = time.monotonic_ns()
            await bot.connect(me["game_code"])
            latencies.append(time.monotonic_ns() - began)
            bot.sender = bot.participant_id or 0
            bots.append(bot)

    await asyncio.gather(*(one(token) for token in tokens))
    result.connect_ms = percentiles(latencies)
    return bots


async def _start_all(base: str, code: str, auth: str, bots: list[SeatBot], phase: str) -> list[int]:
    """One request starts every table; how long until each socket has the new phase."""
    arrived: list[int] = []

    def reached(bot: SeatBot) -> bool:
        return any(
            e["type"] == "phase.changed" and e["payload"]["phase"] == phase for e in bot.events
        )

    async def watch(bot: SeatBot, began: int) -> None:
        try:
            await bot.wait_for(lambda: reached(bot), within=WAIT_SECONDS)
            arrived.append(time.monotonic_ns() - began)
        except TimeoutError:
            pass

    began = time.monotonic_ns()
    request = asyncio.create_task(
        asyncio.to_thread(
            _http, f"{base}/api/v1/days/{code}/advance/", method="POST", body={}, auth=auth
        )
    )
    await asyncio.gather(*(watch(bot, began) for bot in bots))
    status, body = await request
    if status != 200 or not all(r["ok"] for r in body["results"]):
        raise RuntimeError(f"starting the tables failed: {status} {body}")
    return arrived


def _tables(bots: list[SeatBot]) -> list[list[SeatBot]]:
    tables: dict[str, list[SeatBot]] = {}
    for bot in bots:
        tables.setdefault(bot.snapshot["game"]["code"], []).append(bot)
    return list(tables.values())


async def _mood_round(bots: list[SeatBot]) -> tuple[list[int], int]:
    """Each table's customer sets the mood once; timed until every socket of the table has it."""
    latencies: list[int] = []
    lost = 0
    for table in _tables(bots):
        customers = [b for b in table if _role(b) == "customer"]
        if not customers:
            continue
        began = time.monotonic_ns()
        seq = await customers[0].acknowledged(await customers[0].send("set_mood", mood=4))
        if seq is None:
            raise RuntimeError(f"the customer's mood was refused: {customers[0].errors}")
        for bot in table:
            if await _received(bot, seq):
                latencies.append(time.monotonic_ns() - began)
            else:
                lost += 1
    return latencies, lost


async def _play(bots: list[SeatBot], seconds: float, rate: float, result: DayMeasurement) -> None:
    """Sustained live play: each table's speakers take turns posting stamped room messages,
    `rate` a second a table (evenly spaced, each table starting at its own offset), for
    `seconds`; then a few seconds for the last ones to arrive, and the tally."""
    tables = [
        (table, [b for b in table if _role(b) in ("customer", "responder")])
        for table in _tables(bots)
    ]
    start = time.monotonic() + 0.5

    async def speak(index: int, speakers: list[SeatBot]) -> None:
        if not speakers:
            return
        at, turn = index / max(1, len(tables)) / rate, 0
        while at < seconds:
            await asyncio.sleep(max(0.0, start + at - time.monotonic()))
            await speakers[turn % len(speakers)].say()
            turn += 1
            at += 1 / rate

    await asyncio.gather(*(speak(i, speakers) for i, (_, speakers) in enumerate(tables)))

    async def settled(bot: SeatBot, expected: set[tuple[int, int]] | None = None) -> None:
        """Until its commands are answered (and it holds `expected`), or WAIT_SECONDS."""
        try:
            if expected is None:
                await bot.wait_for(lambda: not bot.unanswered, WAIT_SECONDS)
            else:
                await bot.wait_for(lambda: expected <= bot.receipts.seen.keys(), WAIT_SECONDS)
        except TimeoutError:
            pass

    await asyncio.gather(*(settled(bot) for bot in bots))
    await asyncio.gather(
        *(
            settled(bot, set().union(*(b.acknowledged_messages() for b in table)))
            for table, _ in tables
            for bot in table
        )
    )
    latencies: list[int] = []
    for table, _ in tables:
        expected = set().union(*(b.acknowledged_messages() for b in table))
        for bot in table:
            latencies += bot.receipts.latencies_ns
            others = {key for key in expected if key[0] != bot.sender}
            result.play_expected += len(others)
            result.play_lost += len(others - bot.receipts.seen.keys())
            result.play_sent += len(bot.said)
            result.play_acknowledged += len(bot.acknowledged_messages())
            for code, count in bot.errors.items():
                result.play_errors[code] = result.play_errors.get(code, 0) + count
    result.play_seconds, result.play_rate = seconds, rate
    result.play_latency_ms = percentiles(latencies)


async def _received(bot: SeatBot, seq: int) -> bool:
    def has_it() -> bool:
        return any(event["seq"] == seq for event in bot.events)

    try:
        await bot.wait_for(has_it, within=WAIT_SECONDS)
    except TimeoutError:
        return False
    return True


def _role(bot: SeatBot) -> str:
    """The bot's seat in round 1, from the plan its snapshot (taken in the lobby) carried."""
    seats = bot.snapshot.get("plan", {}).get("1", [])
    return next((str(s["role"]) for s in seats if s["participant"] == bot.participant_id), "")


async def _run(
    base: str,
    ws: str,
    seeded: dict[str, str],
    people: int,
    within: float,
    play: tuple[float, float],
) -> DayMeasurement:
    result = DayMeasurement(people=people)
    code, auth = seeded["code"], f"Token {seeded['api_token']}"
    tokens = await _joins(base, code, people, within, result)
    began = time.monotonic_ns()
    _http(
        f"{base}/api/v1/days/{code}/tables/",
        method="POST",
        body={"size": int(seeded["table_size"])},
        auth=auth,
    )
    status, day = _http(f"{base}/api/v1/days/{code}/open/", method="POST", body={}, auth=auth)
    result.open_ms = round((time.monotonic_ns() - began) / 1e6, 1)
    if status != 200:
        raise RuntimeError(f"opening the tables failed: {status} {day}")
    result.tables = len(day["tables"])
    bots = await _seat(base, ws, code, tokens, result)
    try:
        starts: list[int] = []
        for phase in ("briefing", "live"):
            arrived = await _start_all(base, code, auth, bots, phase)
            result.lost += len(bots) - len(arrived)
            starts += arrived
        result.start_fanout_ms = percentiles(starts)
        moods, lost = await _mood_round(bots)
        result.mood_fanout_ms = percentiles(moods)
        result.lost += lost
        if play[0] > 0:
            await _play(bots, play[0], play[1], result)
    finally:
        await asyncio.gather(*(bot.close() for bot in bots), return_exceptions=True)
    return result


def run_day(
    *,
    env: dict[str, str],
    workdir: Path,
    people: int,
    within: float,
    table_size: int,
    play_seconds: float = 20.0,
    play_rate: float = 1.0,
) -> DayMeasurement:
    """A fresh database and server for the day (the main run's games are not in its way)."""
    env = {
        **env,
        "DATABASE_URL": env["DATABASE_URL"]
        if env["DATABASE_URL"].startswith("postgres")
        else f"sqlite:///{workdir / 'day.sqlite3'}",
        # A room's phones usually share one public address: the join limit is per address.
        "THROTTLE_JOIN": f"{max(people * 2, 120)}/min",
    }
    seeded = seed_day(env, table_size)
    server = bearcave_server(env=env, query_counts=workdir / "day-queries.json")
    server.start(workdir / "day-server.log")
    try:
        return asyncio.run(
            _run(server.http_url, server.ws_url, seeded, people, within, (play_seconds, play_rate))
        )
    finally:
        server.stop()
