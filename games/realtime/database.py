"""How the real-time layer calls into the database from the event loop."""

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import SyncToAsync
from channels.db import DatabaseSyncToAsync
from django.db import connection

Params = ParamSpec("Params")
Result = TypeVar("Result")


def database_call(function: Callable[Params, Result]) -> SyncToAsync[Params, Result]:
    """Channels' `database_sync_to_async`, with one difference on PostgreSQL.

    Channels runs every database call of a process on one thread. SQLite needs that (one writer
    at a time, one connection kept open). A PostgreSQL call spends most of its time waiting for
    the server, so there the calls run on a pool of threads and wait side by side: one socket's
    calls still run one at a time (it awaits each), and a game's writes still take its row lock
    in turn.
    """
    call: SyncToAsync[Params, Result] = DatabaseSyncToAsync(
        function, thread_sensitive=connection.vendor == "sqlite"
    )
    return call
