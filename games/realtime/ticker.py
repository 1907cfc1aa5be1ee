"""The clock's hand: in every server process, apply what is due (deadlines, timed injects) and
keep this process's connections alive in the presence table.

It reads the deadlines from the database, so a game moves on with nobody connected and after a
restart; several processes may tick at once because each effect runs under the game's row lock.
"""

import asyncio
import logging

from channels.db import database_sync_to_async

from games.services.clock import game_tick, games_due
from games.services.presence import connections_heartbeat, connections_sweep

logger = logging.getLogger(__name__)
TICK_SECONDS = 0.5
HEARTBEAT_EVERY_TICKS = 20


async def tick_once() -> None:
    for game_id in await database_sync_to_async(games_due)():
        await database_sync_to_async(game_tick)(game_id)


async def run_ticker() -> None:
    ticks = 0
    while True:
        try:
            await tick_once()
            if ticks % HEARTBEAT_EVERY_TICKS == 0:
                await database_sync_to_async(connections_heartbeat)()
                await database_sync_to_async(connections_sweep)()
        except Exception:  # one bad tick must not stop the clock for every game
            logger.exception("The game clock tick failed; trying again shortly")
        ticks += 1
        await asyncio.sleep(TICK_SECONDS)
