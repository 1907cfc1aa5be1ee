"""One client floods the game socket at a thousand frames a second on a real Daphne while two
others talk: the flood is throttled and closed, the others notice nothing."""

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.conf import settings
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from games.models import Event, Game
from tests.reliability.tables import (
    assert_holds_exactly_the_log_filtered_for_it,
    last_seq,
    live_table,
    wait_until_all_hold,
)
from tests.servers import RunningServer, daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]
FLOOD_FRAMES = 1000
FRAMES_PER_BATCH = 50  # 50 every 50 ms: a thousand a second


@dataclass
class Flood:
    replies: list[dict[str, Any]]
    close_code: int | None
    seconds: float
    sent: int


async def flood(server: RunningServer, code: str, token: str) -> Flood:
    """Say hello, then post at the flood rate until done or closed."""
    replies: list[dict[str, Any]] = []
    sent = 0
    async with websockets.connect(
        f"{server.ws_url}/ws/games/{code}/", origin=Origin(server.origin)
    ) as socket:
        await socket.send(json.dumps({"type": "hello", "token": token}))

        async def read() -> None:
            async for frame in socket:
                message = json.loads(frame)
                if message["type"] in ("ack", "error"):
                    replies.append(message)

        reader = asyncio.create_task(read())
        started = time.monotonic()
        try:
            while sent < FLOOD_FRAMES:
                for _ in range(FRAMES_PER_BATCH):
                    await socket.send(
                        json.dumps(
                            {
                                "type": "post_message",
                                "client_msg_id": f"flood-{sent}",
                                "channel": "room",
                                "text": f"Spam {sent}",
                            }
                        )
                    )
                    sent += 1
                # The flood's rate is what is under test, so the pause between batches stays.
                await asyncio.sleep(FRAMES_PER_BATCH / 1000)
        except ConnectionClosed:
            pass
        flood_seconds = time.monotonic() - started
        await asyncio.gather(reader, return_exceptions=True)
        return Flood(replies, socket.close_code, flood_seconds, sent)


@sync_to_async
def flood_events_stored(game: Game) -> int:
    return Event.objects.filter(game=game, client_msg_id__startswith="flood-").count()


async def test_a_flooding_client_is_throttled_and_closed_while_the_others_talk_undisturbed():
    table = await live_table(players=4)
    with daphne_server() as server:
        facilitator, players = table.clients(lambda name: server)
        customer, responder = players[table.customer], players[table.responders[0]]
        talkers = [facilitator, customer, responder]
        for client in talkers:
            await client.connect()
        flooder_token = table.tokens[table.responders[1]]

        async def talk() -> list[int]:
            seqs = []
            for turn in range(10):
                for who, client in [("Q", customer), ("A", responder)]:
                    text = f"{who}{turn}"
                    seqs.append(await client.command("post_message", channel="room", text=text))
            return seqs

        flooded, talked = await asyncio.gather(
            flood(server, table.game.code, flooder_token), talk()
        )
        await wait_until_all_hold(talkers, await last_seq(table.game))

        codes = {reply.get("code") for reply in flooded.replies if reply["type"] == "error"}
        assert codes == {"rate_limited"}
        assert flooded.close_code == 4429
        # Admitted: the burst (less the hello) and what the rate refilled while it lasted.
        bound = settings.SOCKET_BURST + settings.SOCKET_RATE * (flooded.seconds + 1)
        assert await flood_events_stored(table.game) <= bound
        assert len(talked) == 20
        await assert_holds_exactly_the_log_filtered_for_it(table.game, talkers)
        for client in talkers:
            heard = [e["payload"]["text"] for e in client.seen("message.posted")]
            conversation = [text for text in heard if not text.startswith("Spam")]
            assert conversation == [f"{who}{turn}" for turn in range(10) for who in "QA"]
            await client.close()
