"""Scaled profile: Redis restarts in the middle of a round, or forgets everything it held, and the
game carries on on two Daphne processes, every client recovering what it missed."""

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest

from tests.reliability.client import ResumingClient
from tests.reliability.tables import (
    LiveTable,
    assert_holds_exactly_the_log_filtered_for_it,
    last_seq,
    live_table,
    wait_until_all_hold,
)
from tests.servers import REDIS_SERVER, RedisProcess, daphne_processes, redis_process
from tests.services import require

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]


@dataclass
class SplitRoom:
    """The customer on one process, the team and the facilitator on the other; one Redis."""

    table: LiveTable
    redis: RedisProcess
    everyone: list[ResumingClient]
    customer: ResumingClient
    responder: ResumingClient


@asynccontextmanager
async def split_room() -> AsyncIterator[SplitRoom]:
    require("Redis", None if shutil.which(REDIS_SERVER) else f"{REDIS_SERVER} not found")
    table = await live_table(players=4)
    with redis_process() as redis, daphne_processes(2, redis_url=redis.url) as processes:
        first, second = (process.server for process in processes)
        facilitator, players = table.clients(
            lambda name: first if name == table.customer else second
        )
        everyone = [facilitator, *players.values()]
        for client in everyone:
            await client.connect()
        try:
            yield SplitRoom(
                table, redis, everyone, players[table.customer], players[table.responders[0]]
            )
        finally:
            for client in everyone:
                await client.close()


async def test_after_a_redis_restart_broadcasts_flow_again_and_clients_recover_what_they_missed():
    async with split_room() as room:
        await room.customer.command("post_message", channel="room", text="Before the restart.")
        await wait_until_all_hold(room.everyone, await last_seq(room.table.game))

        room.redis.kill()
        while_down = await room.responder.send(
            "post_message", channel="room", text="Sent while Redis was down."
        )
        room.redis.start()
        await room.responder.wait_for(lambda: while_down in room.responder.acks, what="the ack")
        await room.customer.command("post_message", channel="room", text="After the restart.")
        await wait_until_all_hold(room.everyone, await last_seq(room.table.game))

        await assert_holds_exactly_the_log_filtered_for_it(room.table.game, room.everyone)
        for client in room.everyone:
            texts = [e["payload"]["text"] for e in client.seen("message.posted")]
            assert texts == [
                "Before the restart.",
                "Sent while Redis was down.",
                "After the restart.",
            ]


async def test_when_redis_drops_the_subscriptions_the_sockets_stay_open_and_get_what_they_missed():
    async with split_room() as room:
        await room.customer.command("post_message", channel="room", text="Before the drop.")
        await wait_until_all_hold(room.everyone, await last_seq(room.table.game))

        # Both processes lose their subscriptions at once; the broadcast of the next command
        # can reach nobody, yet no socket closes.
        room.redis.drop_subscribers()
        await room.customer.command("post_message", channel="room", text="Nobody heard this.")
        await wait_until_all_hold(room.everyone, await last_seq(room.table.game))
        await room.responder.command("post_message", channel="room", text="Now they hear us.")
        await wait_until_all_hold(room.everyone, await last_seq(room.table.game))

        await assert_holds_exactly_the_log_filtered_for_it(room.table.game, room.everyone)
        assert [client.connections for client in room.everyone] == [1] * len(room.everyone)
