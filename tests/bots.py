"""Scripted participants that play whole games over real WebSockets, recording all they receive.

Used by the end-to-end tests: after a game, what each bot received must equal the event log
filtered to what that participant may see.
"""

import asyncio
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection
from websockets.typing import Origin

WAIT_SECONDS = 15


@dataclass
class Bot:
    name: str
    ws_url: str
    origin: str
    token: str | None = None
    cookie: str | None = None
    participant_id: int | None = None
    snapshot: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    seq: int = 0
    _socket: ClientConnection | None = None
    _reader: asyncio.Task[None] | None = None
    _replies: dict[str, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _progress: asyncio.Event = field(default_factory=asyncio.Event)

    async def connect(self, code: str) -> None:
        headers = {"Cookie": self.cookie} if self.cookie else None
        self._socket = await websockets.connect(
            f"{self.ws_url}/ws/games/{code}/",
            origin=Origin(self.origin),
            additional_headers=headers,
        )
        await self._socket.send(json.dumps({"type": "hello", "token": self.token}))
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

    async def wait_for(self, condition: Any) -> None:
        async with asyncio.timeout(WAIT_SECONDS):
            while not condition():
                self._progress.clear()
                await self._progress.wait()

    async def command(self, type: str, **fields: Any) -> dict[str, Any]:
        assert self._socket is not None
        msg_id = uuid.uuid4().hex
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[msg_id] = future
        await self._socket.send(json.dumps({"type": type, "client_msg_id": msg_id, **fields}))
        async with asyncio.timeout(WAIT_SECONDS):
            reply = await future
        if reply["type"] == "error":
            raise AssertionError(f"{self.name}: {type} refused: {reply}")
        return reply

    def seen(self, type: str) -> list[dict[str, Any]]:
        return [event for event in self.events if event["type"] == type]

    async def close(self) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._reader is not None:
            await asyncio.gather(self._reader, return_exceptions=True)


def seats_of_round(bot: Bot, round_number: int) -> dict[int, dict[str, Any]]:
    opened = [e for e in bot.seen("round.opened") if e["payload"]["round"] == round_number]
    return {seat["participant"]: seat for seat in opened[-1]["payload"]["seats"]}


async def play_round(facilitator: Bot, players: list[Bot], round_number: int) -> dict[str, int]:
    """One round as a team would play it: a briefing huddle, a live conversation the coach tags,
    the customer's ratings, the coach's debrief, and a change every responder accepts."""
    await facilitator.wait_for(
        lambda: any(e["payload"]["round"] == round_number for e in facilitator.seen("round.opened"))
    )
    scenario = facilitator.snapshot["brief"]["scenario"]
    seats = seats_of_round(facilitator, round_number)
    by_role: dict[str, list[Bot]] = {}
    for bot in players:
        by_role.setdefault(seats[bot.participant_id]["role"], []).append(bot)  # type: ignore[index]
    customer, coach, responders = by_role["customer"][0], by_role["coach"][0], by_role["responder"]
    giver = responders[0]
    giver_function = seats[giver.participant_id]["functions"][0]  # type: ignore[index]
    concession = next(
        seat["parameters"]["alone"][0]["id"]
        for seat in scenario["responders"]
        if seat["function"] == giver_function and seat["parameters"]["alone"]
    )

    await giver.command("post_message", channel="huddle", text="Plan: listen first.")
    await facilitator.command("advance_phase", expected_phase="briefing")
    await customer.command("post_message", channel="room", text="Where are my pallets?")
    apology = await giver.command("post_message", channel="room", text="I'm sorry, that is on us.")
    for index, responder in enumerate(responders[1:]):
        await responder.command("post_message", channel="room", text=f"I will call you at {index}.")
    await coach.command(
        "add_tag",
        technique=scenario["coach"]["rubric"][0]["technique"],
        message=apology["seq"],
        note="Owned it at once.",
    )
    await customer.command("set_mood", mood=5)
    await coach.command("coach_note", text="Good apology; now a plan.")
    await giver.command("record_concession", concession=concession)
    await customer.command("set_mood", mood=3)
    await facilitator.command("advance_phase", expected_phase="live")

    await customer.command(
        "rate_round",
        listened=4,
        cared=4,
        valued=3,
        final_mood=3,
        would_stay="maybe",
        calmer="The apology.",
        angrier="Waiting.",
    )
    await coach.command(
        "rate_rubric",
        ratings={entry["technique"]: "done_well" for entry in scenario["coach"]["rubric"]},
    )
    await coach.command(
        "give_feedback",
        keep="You owned it at once.",
        change="Nobody gave her a time for the call back.",
    )
    for earlier in facilitator.seen("change.agreed"):
        if earlier["round"] < round_number:
            await coach.command("mark_kept", change=earlier["seq"], kept=True)
    for responder in responders:
        await responder.command("reflect", text="I should have asked about the fair.")
    await facilitator.command("advance_phase", expected_phase="debrief")

    proposal = await giver.command(
        "propose_change", text=f"Next time we give a callback time (round {round_number})."
    )
    for responder in responders:
        await responder.command("vote", proposal=proposal["seq"], accept=True)
    await facilitator.wait_for(
        lambda: any(
            e["payload"]["proposal"] == proposal["seq"] for e in facilitator.seen("change.agreed")
        )
    )
    last = await facilitator.command("advance_phase", expected_phase="agreement")
    return {"round": round_number, "final_mood": 3, "seq": last["seq"]}


async def play_game(
    *, facilitator: Bot, players: list[Bot], code: str, rounds: int
) -> list[dict[str, int]]:
    """Connect everyone, play every round, and wait until everyone holds the whole log."""
    for bot in [facilitator, *players]:
        await bot.connect(code)
    await facilitator.command("advance_phase", expected_phase="lobby")
    summary = [await play_round(facilitator, players, number) for number in range(1, rounds + 1)]
    final_seq = summary[-1]["seq"]
    for bot in [facilitator, *players]:
        await bot.wait_for(lambda bot=bot: bot.seq >= final_seq)
    return summary
