"""Fan-out: after a transaction commits, its events go to every socket of the game's group.

Each socket filters what it receives by what its participant may read (see consumers.py), so
the group message carries the audience but the socket never forwards what it must not.
"""

import asyncio
import logging
import weakref
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import BaseChannelLayer, get_channel_layer

from games import protocol
from games.models import Event
from games.services.loops import server_loop, server_stopping

logger = logging.getLogger(__name__)
# One queue of sends per event loop: the broadcasts of a process leave in the order they were
# handed over (commit order), even when the layer's own sends could overlap.
_in_order: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]" = (
    weakref.WeakKeyDictionary()
)


def game_group(game_id: int) -> str:
    return f"game.{game_id}"


def broadcast_events(game_id: int, events: list[Event]) -> None:
    """Hand the events to the channel layer. From a worker thread of the server's event loop
    (a socket's command, an API request, the clock) the send is queued on that loop and this
    returns at once: the one thread that runs the database work does not wait on the loop for
    every broadcast. Elsewhere (a management command, a test) it sends and waits."""
    layer = get_channel_layer()
    if layer is None or not events:
        return
    group = game_group(game_id)
    messages = [event.as_message() for event in events]
    # Each event's frame is the same for every socket that may read it: render it once here,
    # not once per socket.
    frames = [
        protocol.Events(seq=message["seq"], events=[message]).model_dump_json()
        for message in messages
    ]
    message = {"type": "game.events", "events": messages, "frames": frames}
    loop = server_loop()
    if loop is None:
        if server_stopping():
            # Sending would wait for the stopped loop for ever, and the process with it. Its
            # sockets are gone; the others get these events at their next look at the log.
            logger.warning("Broadcast to %s dropped: the server is stopping", group)
            return
        async_to_sync(layer.group_send)(group, message)
        return
    try:
        loop.call_soon_threadsafe(_queue_send, layer, group, message)
    except RuntimeError:  # the loop has closed (shutting down): nobody is listening
        logger.warning("Broadcast to %s dropped: the event loop is closed", group)


def _queue_send(layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> None:
    """On the loop: start the send now, so sends start in the order they were handed over."""
    task = asyncio.get_running_loop().create_task(_send_in_order(layer, group, message))
    task.add_done_callback(_report_failure)


async def _send_in_order(layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> None:
    loop = asyncio.get_running_loop()
    lock = _in_order.setdefault(loop, asyncio.Lock())
    async with lock:
        await layer.group_send(group, message)


def _report_failure(task: "asyncio.Task[None]") -> None:
    # The sockets' periodic look at the log delivers what a failed broadcast did not.
    if not task.cancelled() and task.exception() is not None:
        logger.warning("A broadcast failed", exc_info=task.exception())
