"""In a real server the technique detector runs in a worker process beside it: the coach still
gets suggestions for a responder's message, and the worker does not outlive the server."""

import asyncio

import psutil
import pytest

from tests.reliability.tables import live_table
from tests.servers import daphne_process

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]
ACKNOWLEDGING = "You're right to be angry, and I can see this has put you in a difficult position."


def children_of(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


async def started_by(pid: int, seconds: float = 30) -> list[psutil.Process]:
    for _ in range(int(seconds * 10)):
        if children := children_of(pid):
            return children
        await asyncio.sleep(0.1)
    return []


def gone_within(processes: list[psutil.Process], seconds: float) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    return not alive


async def test_the_coach_gets_suggestions_worked_out_in_a_worker_process_beside_the_server():
    table = await live_table(players=4)
    with daphne_process() as daphne:
        _, players = table.clients(lambda name: daphne.server)
        coach, responder = players[table.coach], players[table.responders[0]]
        for client in (coach, responder):
            await client.connect()

        await responder.command("post_message", channel="room", text=ACKNOWLEDGING)

        await coach.wait_for(lambda: bool(coach.seen("tag.suggested")), what="suggested tags")
        (suggested,) = coach.seen("tag.suggested")
        assert "acknowledge" in {item["technique"] for item in suggested["payload"]["suggestions"]}
        assert responder.seen("tag.suggested") == []  # only the coach sees suggestions
        assert daphne.process is not None
        assert children_of(daphne.process.pid), "the detector ran inside the server process"


async def test_the_worker_process_goes_when_the_server_is_killed():
    table = await live_table(players=4)
    with daphne_process() as daphne:
        _, players = table.clients(lambda name: daphne.server)
        coach = players[table.coach]
        await coach.connect()  # saying hello warms the worker for the game's scenario
        assert daphne.process is not None
        workers = await started_by(daphne.process.pid)
        assert workers, "no worker process started"

        daphne.kill()

        assert gone_within(workers, seconds=10), "the worker outlived the server"
