"""Broadcasting after a commit: from a server's database thread the send is queued on the
server's loop; elsewhere it is sent at once; and from a server that is stopping it is dropped
rather than waited for (the loop that would send it no longer runs)."""

import asyncio
import logging
import os
import threading
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from django.utils import timezone

from games.engine.roles import Audience
from games.models import Event
from games.realtime import broadcast
from games.realtime.broadcast import broadcast_events, game_group


class RecordingLayer:
    """Records what it sends; a send waits while the layer is held (as for a slow Redis)."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, list[int]]] = []
        self.open = asyncio.Event()
        self.open.set()
        self.has_sent = asyncio.Event()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        await self.open.wait()
        self.sent.append((group, [event["seq"] for event in message["events"]]))
        self.has_sent.set()


@pytest.fixture
def layer(monkeypatch: pytest.MonkeyPatch) -> RecordingLayer:
    recording = RecordingLayer()
    monkeypatch.setattr(broadcast, "get_channel_layer", lambda: recording)
    return recording


def message_event(game_id: int, seq: int) -> Event:
    return Event(
        game_id=game_id,
        seq=seq,
        round_number=1,
        type="message.posted",
        audience=Audience.ROOM,
        payload={
            "channel": "room",
            "text": f"Message {seq}.",
            "author": "Ann",
            "role": "customer",
            "functions": [],
        },
        created_at=timezone.now(),
    )


def test_outside_a_server_the_events_are_sent_at_once(layer):
    broadcast_events(7, [message_event(7, 1), message_event(7, 2)])

    assert layer.sent == [(game_group(7), [1, 2])]


async def test_from_a_servers_database_thread_the_send_is_handed_to_its_loop_without_waiting(
    layer,
):
    layer.open.clear()
    try:
        # The database thread is back before the layer has sent anything.
        await asyncio.wait_for(sync_to_async(broadcast_events)(7, [message_event(7, 1)]), 5)
        assert layer.sent == []
    finally:
        layer.open.set()
    await asyncio.wait_for(layer.has_sent.wait(), 5)

    assert layer.sent == [(game_group(7), [1])]


def test_from_a_server_that_is_stopping_the_broadcast_is_dropped_not_waited_for(layer, caplog):
    stopped = asyncio.new_event_loop()

    def database_thread_finishing_after_the_loop_stopped() -> None:
        # asgiref records in the thread which loop handed it the call.
        SyncToAsync.threadlocal.main_event_loop = stopped
        SyncToAsync.threadlocal.main_event_loop_pid = os.getpid()
        broadcast_events(7, [message_event(7, 1)])

    thread = threading.Thread(target=database_thread_finishing_after_the_loop_stopped, daemon=True)
    with caplog.at_level(logging.WARNING, logger="games.realtime.broadcast"):
        thread.start()
        thread.join(timeout=10)
    stopped.close()

    assert not thread.is_alive(), "the broadcast waited for a loop that no longer runs"
    assert layer.sent == []
    assert "the server is stopping" in caplog.text
