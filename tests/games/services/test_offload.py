"""In a real server the technique detector runs in a worker process beside it: the coach still
gets suggestions for each responder's message, also when several come at once, one failure does
not cost the others their results, and the worker does not outlive the server."""

import contextlib
import logging
from collections.abc import AsyncIterator

import psutil
import pytest

from games.services.offload import Failure, Work, compute_each, write_each
from tests.reliability.client import ResumingClient
from tests.reliability.tables import live_table
from tests.servers import DaphneProcess, daphne_process
from tests.waiting import eventually

ACKNOWLEDGING = "You're right to be angry, and I can see this has put you in a difficult position."
APOLOGISING = "I'm sorry, that should never have happened to you."


def children_of(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def gone_within(processes: list[psutil.Process], seconds: float) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=seconds)
    return not alive


@contextlib.asynccontextmanager
async def coach_and_responder() -> AsyncIterator[
    tuple[ResumingClient, ResumingClient, DaphneProcess]
]:
    """A live round on a real server, with its coach and a responder connected."""
    table = await live_table(players=4)
    with daphne_process() as daphne:
        _, players = table.clients(lambda name: daphne.server)
        coach, responder = players[table.coach], players[table.responders[0]]
        for client in (coach, responder):
            await client.connect()
        yield coach, responder, daphne


@pytest.mark.daphne
@pytest.mark.django_db(transaction=True)
async def test_the_coach_gets_suggestions_worked_out_in_a_worker_process_beside_the_server():
    async with coach_and_responder() as (coach, responder, daphne):
        await responder.command("post_message", channel="room", text=ACKNOWLEDGING)

        await coach.wait_for(lambda: bool(coach.seen("tag.suggested")), what="suggested tags")
        (suggested,) = coach.seen("tag.suggested")
        assert "acknowledge" in {item["technique"] for item in suggested["payload"]["suggestions"]}
        assert responder.seen("tag.suggested") == []  # only the coach sees suggestions
        assert daphne.process is not None
        assert children_of(daphne.process.pid), "the detector ran inside the server process"


@pytest.mark.daphne
@pytest.mark.django_db(transaction=True)
async def test_the_worker_process_goes_when_the_server_is_killed():
    table = await live_table(players=4)
    with daphne_process() as daphne:
        _, players = table.clients(lambda name: daphne.server)
        coach = players[table.coach]
        await coach.connect()  # saying hello warms the worker for the game's scenario
        assert daphne.process is not None
        pid = daphne.process.pid
        workers = await eventually(
            lambda: children_of(pid), within=30, what="the worker process", every=0.1
        )

        daphne.kill()

        assert gone_within(workers, seconds=10), "the worker outlived the server"


@pytest.mark.daphne
@pytest.mark.django_db(transaction=True)
async def test_messages_sent_together_each_get_their_own_suggestions():
    async with coach_and_responder() as (coach, responder, _):
        for text in (ACKNOWLEDGING, APOLOGISING, ACKNOWLEDGING):
            await responder.command("post_message", channel="room", text=text)

        await coach.wait_for(lambda: len(coach.seen("tag.suggested")) == 3, what="3 suggestions")
        messages = [event["seq"] for event in responder.seen("message.posted")]
        suggested = coach.seen("tag.suggested")
        assert [event["payload"]["message"] for event in suggested] == messages
        techniques = [
            {item["technique"] for item in s["payload"]["suggestions"]} for s in suggested
        ]
        assert "acknowledge" in techniques[0]
        assert "acknowledge" in techniques[2]


def square(number: int) -> int:
    return number * number


def test_a_computation_that_fails_costs_only_its_own_result():
    results = compute_each([(square, (3,)), (square, ("three",)), (square, (4,))])

    assert results[0] == 9
    assert isinstance(results[1], Failure)
    assert "TypeError" in results[1].traceback
    assert results[2] == 16


def test_a_failed_computation_is_logged_and_the_others_are_written(caplog):
    written: list[int] = []
    batch = [Work(square, (2,), written.append), Work(square, ("two",), written.append)]

    with caplog.at_level(logging.WARNING, logger="games.services.offload"):
        write_each(batch, compute_each([(work.compute, work.args) for work in batch]))

    assert written == [4]
    assert "square failed" in caplog.text
    assert "TypeError" in caplog.text


def test_a_failed_write_is_logged_and_the_next_one_still_happens(caplog):
    written: list[int] = []

    def refuse(result: int) -> None:
        raise ValueError(f"cannot write {result}")

    batch = [Work(square, (2,), refuse), Work(square, (3,), written.append)]

    with caplog.at_level(logging.WARNING, logger="games.services.offload"):
        write_each(batch, compute_each([(work.compute, work.args) for work in batch]))

    assert written == [9]
    assert "Writing the result of square failed" in caplog.text
    assert "cannot write 4" in caplog.text
