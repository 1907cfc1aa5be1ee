"""The embedded profile's channel layer."""

import asyncio
import contextlib
import copy
import time
from typing import Any

from channels import layers


class InMemoryChannelLayer(layers.InMemoryChannelLayer):  # type: ignore[misc]
    """Channels' in-memory layer, with the cost of a message independent of the socket count.

    The stock layer looks through every channel and every group membership for expired entries
    on each send and each receive, and starts a task per recipient of a group message: with 600
    sockets that alone needs a whole core at 1 800 deliveries a second (decision 0003).
    Here expired entries are swept at most once a second, which is all expiry needs (messages
    live for a minute, memberships for a day), and a group message is copied once and queued
    for each recipient directly: queueing never waits, so tasks bought nothing.
    """

    sweep_interval_seconds = 1.0

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._swept_at = float("-inf")

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept_at >= self.sweep_interval_seconds:
            self._swept_at = now
            super()._clean_expired()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        # One copy for the whole group, not one per recipient: the sender may reuse its dict,
        # and the recipients only read it (no consumer here changes a message it received).
        entry = (time.time() + self.expiry, copy.deepcopy(message))
        for channel in list(self.groups.get(group, ())):
            queue = self.channels.setdefault(
                channel, asyncio.Queue(maxsize=self.get_capacity(channel))
            )
            # As the stock layer: a full socket misses it (the look at the log fills the gap).
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(entry)
