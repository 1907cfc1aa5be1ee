"""The scaled profile for real: two Daphne processes share one Redis channel layer."""

import asyncio
import json
import uuid

import pytest
import websockets
from websockets.typing import Origin

from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.services]


async def test_a_message_sent_through_one_process_reaches_a_client_on_the_other(redis_url):
    room = uuid.uuid4().hex[:8].upper()
    with daphne_server(redis_url=redis_url) as first, daphne_server(redis_url=redis_url) as second:
        async with (
            websockets.connect(
                f"{first.ws_url}/ws/games/{room}/", origin=Origin(first.origin)
            ) as sender,
            websockets.connect(
                f"{second.ws_url}/ws/games/{room}/", origin=Origin(second.origin)
            ) as listener,
        ):
            await sender.send(json.dumps({"text": "The shipment is late again."}))

            heard = json.loads(await asyncio.wait_for(listener.recv(), timeout=10))

    assert heard == {"type": "say", "text": "The shipment is late again."}
