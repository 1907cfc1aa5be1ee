"""Each process keeps its sockets up with each game through one feed per game.

The feed is the process's only member of the game's group: a broadcast reaches each process
once, and the feed hands it to that process's sockets of the game directly. Sockets do not join
the group themselves, so a message costs the channel layer (and Redis, in the scaled profile) one
delivery per process instead of one per socket, and no socket needs a task to wait on its own
channel (docs/performance.md).

A broadcast can still miss: a restarted Redis forgets every group, a full or expired channel
drops a message. So now and then the feed re-joins the group and delivers from the log what no
broadcast brought: one read per game and process, however many sockets follow it, spread out in
time for games whose sockets connected together.
"""

import asyncio
import logging
import random
import weakref
from collections.abc import Awaitable
from typing import Any, Protocol

from channels.db import database_sync_to_async
from channels.layers import BaseChannelLayer, get_channel_layer

from games.realtime.broadcast import game_group
from games.selectors import logged_seq

logger = logging.getLogger(__name__)
KEEP_UP_SECONDS = 5.0
# After the layer failed to hand over a message (Redis went away, say): wait before asking again.
RECEIVE_RETRY_SECONDS = 1.0


class Follower(Protocol):
    """A socket that follows a game."""

    def ready_for(self, message: dict[str, Any]) -> bool:
        """Whether `message` can be delivered at once: nothing is under way for this socket and
        nothing in the message needs the database."""

    async def game_events(self, message: dict[str, Any]) -> None:
        """Send what the message holds that this socket may read and has not sent."""

    def queue(self, message: dict[str, Any]) -> None:
        """Deliver `message` after whatever is under way for this socket, without waiting."""

    async def deliver_missed(self, up_to: int) -> None:
        """Fetch and send what the log held up to `up_to` that this socket has not sent."""


class GameFeed:
    """One game in this process: its group membership, its sockets, and the look at its log."""

    def __init__(self, game_id: int, layer: BaseChannelLayer) -> None:
        self.game_id = game_id
        self.group = game_group(game_id)
        self.layer = layer
        self.channel = ""
        self.followers: set[Follower] = set()
        self.joined = asyncio.create_task(self._join())
        self.tasks: list[asyncio.Task[None]] = []

    async def _join(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.tasks = [asyncio.create_task(self._receive()), asyncio.create_task(self._watch())]

    async def _receive(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except Exception:  # the look at the log covers what this misses meanwhile
                logger.warning("Game %s: the channel layer failed", self.game_id, exc_info=True)
                await asyncio.sleep(RECEIVE_RETRY_SECONDS)
                continue
            try:
                await self.deliver(message)
            except Exception:  # as above; and the next broadcast must still go out
                logger.warning(
                    "Game %s: could not hand out a broadcast", self.game_id, exc_info=True
                )

    async def deliver(self, message: dict[str, Any]) -> None:
        """Hand a broadcast to every socket: at once where that cannot wait on anything (the
        usual case, and the cheapest), queued behind that socket's own work otherwise, so one
        socket reading its snapshot does not hold up the rest of the game."""
        for follower in list(self.followers):
            if follower.ready_for(message):
                await _quietly(follower.game_events(message), self.game_id)
            else:
                follower.queue(message)

    async def _watch(self) -> None:
        logged_before: int | None = None
        while True:
            await asyncio.sleep(KEEP_UP_SECONDS * random.uniform(0.8, 1.2))  # noqa: S311 (jitter)
            try:
                logged_before = await self.look(logged_before)
            except Exception:  # try again at the next look; the sockets themselves still work
                logger.warning("Could not look at the log of game %s", self.game_id, exc_info=True)

    async def look(self, logged_before: int | None) -> int:
        """Re-join the group, then deliver what the log held at the previous look: a broadcast
        still in flight is younger than that. Returns what the log holds now."""
        await self.layer.group_add(self.group, self.channel)
        logged_now: int = await database_sync_to_async(logged_seq)(self.game_id)
        if logged_before is not None:
            for follower in list(self.followers):
                await _quietly(follower.deliver_missed(logged_before), self.game_id)
        return logged_now

    async def close(self) -> None:
        self.joined.cancel()
        for task in self.tasks:
            task.cancel()
        if self.channel:
            try:
                await self.layer.group_discard(self.group, self.channel)
            except Exception:  # the layer may be what failed; the membership expires anyway
                logger.warning("Could not leave the group of game %s", self.game_id, exc_info=True)


# One set of feeds per event loop: a server has one loop, a test run one per test.
_feeds: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, GameFeed]]" = (
    weakref.WeakKeyDictionary()
)


async def follow(game_id: int, follower: Follower) -> None:
    """Add a socket to its game's feed; returns once the feed is in the group, so that a read of
    the log after this misses nothing that comes later."""
    feeds = _feeds.setdefault(asyncio.get_running_loop(), {})
    feed = feeds.get(game_id)
    if feed is None:
        layer = get_channel_layer()
        if layer is None:
            raise RuntimeError("Bear Cave needs a channel layer (CHANNEL_LAYERS in settings).")
        feed = feeds[game_id] = GameFeed(game_id, layer)
    feed.followers.add(follower)
    try:
        await asyncio.shield(feed.joined)
    except Exception:
        await unfollow(game_id, follower)  # the next socket to follow tries a fresh feed
        raise


async def unfollow(game_id: int, follower: Follower) -> None:
    feeds = _feeds.get(asyncio.get_running_loop(), {})
    feed = feeds.get(game_id)
    if feed is None:
        return
    feed.followers.discard(follower)
    if not feed.followers:
        del feeds[game_id]
        await feed.close()


def feed_of(game_id: int) -> GameFeed | None:
    """This loop's feed of a game, if any of its sockets follows it."""
    return _feeds.get(asyncio.get_running_loop(), {}).get(game_id)


async def _quietly(step: Awaitable[None], game_id: int) -> None:
    """One socket's failure (its connection broke, say) must not keep the others waiting."""
    try:
        await step
    except Exception:
        logger.warning("A socket of game %s could not keep up", game_id, exc_info=True)
