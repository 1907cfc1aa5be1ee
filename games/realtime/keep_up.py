"""Each process keeps its sockets up with each game through one feed per game.

The feed is the process's only member of the game's group: a broadcast reaches each process
once, and the feed hands it to that process's sockets of the game directly. Sockets do not join
the group themselves, so a message costs the channel layer (and Redis, in the scaled profile) one
delivery per process instead of one per socket, and no socket needs a task to wait on its own
channel (decision 0015).

A broadcast can still miss: Redis keeps nothing for a subscriber that is reconnecting, and a
restarted in-memory or Redis layer forgets the groups. So now and then the process looks at all
the games it follows: each feed re-joins its group, and one read of the log positions of all of
them finds what no broadcast brought, which each socket that missed it then fetches. One read
per process, however many games and sockets it follows.
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
from games.selectors import logged_seqs

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

    async def game_deleted(self) -> None:
        """The game is gone (its facilitator deleted it): close the socket."""


class GameFeed:
    """One game in this process: its group membership, its sockets, and what its log held at the
    previous look."""

    def __init__(self, game_id: int, layer: BaseChannelLayer) -> None:
        self.game_id = game_id
        self.group = game_group(game_id)
        self.layer = layer
        self.channel = ""
        self.followers: set[Follower] = set()
        # What the log held at the previous look: a broadcast still in flight is younger.
        self.logged_before: int | None = None
        self.catching_up: asyncio.Task[None] | None = None
        self.receiving: asyncio.Task[None] | None = None
        self.joined = asyncio.create_task(self._join())

    async def _join(self) -> None:
        self.channel = await self.layer.new_channel()
        await self.layer.group_add(self.group, self.channel)
        self.receiving = asyncio.create_task(self._receive())

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

    async def rejoin(self) -> None:
        if self.channel:  # else it is still joining
            await self.layer.group_add(self.group, self.channel)

    def catch_up(self, logged_now: int) -> None:
        """Have every socket fetch what the log held at the previous look and it has not sent,
        side by side and without holding up the look: a socket busy reading its snapshot, say,
        delays only itself. A feed whose sockets are still at the previous catch-up skips this
        one; the next look covers it."""
        if self.catching_up is not None and not self.catching_up.done():
            return
        up_to, self.logged_before = self.logged_before, logged_now
        if up_to is not None:
            self.catching_up = asyncio.create_task(self._deliver_missed(up_to))

    async def _deliver_missed(self, up_to: int) -> None:
        await asyncio.gather(
            *(_quietly(follower.deliver_missed(up_to), self.game_id) for follower in self.followers)
        )

    async def game_deleted(self) -> None:
        for follower in list(self.followers):
            await _quietly(follower.game_deleted(), self.game_id)

    async def close(self) -> None:
        self.joined.cancel()
        for task in [self.receiving, self.catching_up]:
            if task is not None:
                task.cancel()
        if self.channel:
            try:
                await self.layer.group_discard(self.group, self.channel)
            except Exception:  # the layer may be what failed; the membership expires anyway
                logger.warning("Could not leave the group of game %s", self.game_id, exc_info=True)


class ProcessFeeds:
    """The feeds of one event loop (a server has one loop, a test run one per test), and the
    look at the log that keeps them all up."""

    def __init__(self) -> None:
        self.games: dict[int, GameFeed] = {}
        self.watcher: asyncio.Task[None] | None = None

    def start_watching(self) -> None:
        if self.watcher is None or self.watcher.done():
            self.watcher = asyncio.create_task(self._watch())

    def stop_watching(self) -> None:
        if self.watcher is not None:
            self.watcher.cancel()
            self.watcher = None

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(KEEP_UP_SECONDS * random.uniform(0.8, 1.2))  # noqa: S311 (jitter)
            try:
                await self.look()
            except Exception:  # try again at the next look; the sockets themselves still work
                logger.warning("Could not look at the logs of the games", exc_info=True)

    async def look(self) -> None:
        """Re-join every group first, then read the log positions: whatever is logged after the
        read comes by broadcast or at the next look."""
        feeds = list(self.games.values())
        for feed in feeds:
            try:
                await feed.rejoin()
            except Exception:  # the layer may be down; the log still serves the sockets
                logger.warning(
                    "Could not re-join the group of game %s", feed.game_id, exc_info=True
                )
        logged = await database_sync_to_async(logged_seqs)([feed.game_id for feed in feeds])
        for feed in feeds:
            if feed.game_id in logged:
                feed.catch_up(logged[feed.game_id])
            else:  # deleted since: its sockets are closed (they unfollow as they close)
                await feed.game_deleted()


_by_loop: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, ProcessFeeds]" = (
    weakref.WeakKeyDictionary()
)


def process_feeds() -> ProcessFeeds:
    """The running loop's feeds."""
    loop = asyncio.get_running_loop()
    feeds = _by_loop.get(loop)
    if feeds is None:
        feeds = _by_loop[loop] = ProcessFeeds()
    return feeds


async def follow(game_id: int, follower: Follower) -> None:
    """Add a socket to its game's feed; returns once the feed is in the group, so that a read of
    the log after this misses nothing that comes later."""
    feeds = process_feeds()
    feed = feeds.games.get(game_id)
    if feed is None:
        layer = get_channel_layer()
        if layer is None:
            raise RuntimeError("Bear Cave needs a channel layer (CHANNEL_LAYERS in settings).")
        feed = feeds.games[game_id] = GameFeed(game_id, layer)
        feeds.start_watching()
    feed.followers.add(follower)
    try:
        await asyncio.shield(feed.joined)
    except Exception:
        await unfollow(game_id, follower)  # the next socket to follow tries a fresh feed
        raise


async def unfollow(game_id: int, follower: Follower) -> None:
    feeds = process_feeds()
    feed = feeds.games.get(game_id)
    if feed is None:
        return
    feed.followers.discard(follower)
    if not feed.followers:
        del feeds.games[game_id]
        if not feeds.games:
            feeds.stop_watching()
        await feed.close()


def feed_of(game_id: int) -> GameFeed | None:
    """This loop's feed of a game, if any of its sockets follows it."""
    return process_feeds().games.get(game_id)


async def _quietly(step: Awaitable[None], game_id: int) -> None:
    """One socket's failure (its connection broke, say) must not keep the others waiting."""
    try:
        await step
    except Exception:
        logger.warning("A socket of game %s could not keep up", game_id, exc_info=True)
