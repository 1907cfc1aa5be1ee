"""Database calls from the event loop: on SQLite one thread does them all; on PostgreSQL they
wait for the server side by side."""

import asyncio
import threading

import pytest
from django.db import connection

from games.realtime.database import database_call

pytestmark = pytest.mark.django_db(transaction=True)


async def test_calls_share_one_thread_on_sqlite_and_run_side_by_side_on_postgresql():
    if connection.vendor == "sqlite":
        first, second = await asyncio.gather(
            database_call(threading.get_ident)(), database_call(threading.get_ident)()
        )
        assert first == second
    else:
        # Each call waits for the other: on one thread this would break the barrier.
        both_running = threading.Barrier(2, timeout=10)
        await asyncio.gather(database_call(both_running.wait)(), database_call(both_running.wait)())
