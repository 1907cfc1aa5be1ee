"""Each process looks at each game's log now and then on behalf of its sockets in that game.

A broadcast can miss a socket: a restarted Redis forgets every group, a full or expired channel
drops a message. So now and then every socket re-joins its group and fetches from the log what
no broadcast brought. The look is one per game and process, not one per socket: 600 sockets in
50 games read the log ten times in five seconds instead of 600 times, and the looks of different
games are spread out in time instead of coming together for sockets that connected together.
"""

import asyncio
import logging
import random
import weakref
from collections.abc import Awaitable
from typing import Protocol

from channels.db import database_sync_to_async

from games.selectors import logged_seq

logger = logging.getLogger(__name__)
KEEP_UP_SECONDS = 5.0


class Follower(Protocol):
    """A socket that follows a game's log."""

    async def rejoin(self) -> None:
        """Join the game's group again (a no-op for a layer that never forgot it)."""

    async def deliver_missed(self, up_to: int) -> None:
        """Fetch and send what the log held up to `up_to` that this socket has not sent."""


class LogWatch:
    """The sockets of one game in this process, and the task that looks at the log for them."""

    def __init__(self, game_id: int) -> None:
        self.game_id = game_id
        self.followers: set[Follower] = set()
        self.task = asyncio.create_task(self._watch())

    async def _watch(self) -> None:
        logged_before: int | None = None
        while True:
            await asyncio.sleep(KEEP_UP_SECONDS * random.uniform(0.8, 1.2))  # noqa: S311 (jitter)
            try:
                logged_before = await self.look(logged_before)
            except Exception:  # try again at the next look; the sockets themselves still work
                logger.warning("Could not look at the log of game %s", self.game_id, exc_info=True)

    async def look(self, logged_before: int | None) -> int:
        """Re-join every socket, then deliver what the log held at the previous look: a
        broadcast still in flight is younger than that. Returns what the log holds now."""
        followers = list(self.followers)
        for follower in followers:
            await _quietly(follower.rejoin(), self.game_id)
        logged_now: int = await database_sync_to_async(logged_seq)(self.game_id)
        if logged_before is not None:
            for follower in followers:
                await _quietly(follower.deliver_missed(logged_before), self.game_id)
        return logged_now


# One set of watches per event loop: a server has one loop, a test run one per test.
_watches: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, LogWatch]]" = (
    weakref.WeakKeyDictionary()
)


def follow(game_id: int, follower: Follower) -> None:
    watches = _watches.setdefault(asyncio.get_running_loop(), {})
    if game_id not in watches:
        watches[game_id] = LogWatch(game_id)
    watches[game_id].followers.add(follower)


def unfollow(game_id: int, follower: Follower) -> None:
    watches = _watches.get(asyncio.get_running_loop(), {})
    watch = watches.get(game_id)
    if watch is None:
        return
    watch.followers.discard(follower)
    if not watch.followers:
        watch.task.cancel()
        del watches[game_id]


def watch_of(game_id: int) -> LogWatch | None:
    """This loop's watch of a game, if any of its sockets follows it."""
    return _watches.get(asyncio.get_running_loop(), {}).get(game_id)


async def _quietly(step: Awaitable[None], game_id: int) -> None:
    """One socket's failure (its connection broke, say) must not keep the others waiting."""
    try:
        await step
    except Exception:
        logger.warning("A socket of game %s could not keep up", game_id, exc_info=True)
