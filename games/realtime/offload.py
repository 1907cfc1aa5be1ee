"""CPU-heavy work in a process beside the server; its result is written on the database thread.

A server process does all its database work on one thread, and that thread shares the
interpreter lock with the event loop that writes every frame: milliseconds of regular
expressions there (the technique detector reading a responder's message, docs/detector.md)
hold up every socket of the process. In a server the work goes to one worker process, which
can use another core, and only the write comes back. Anywhere else (a management command, a
test) both run inline, at once, as they always did.
"""

import asyncio
import contextvars
import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from channels.db import database_sync_to_async
from django.conf import settings

from games.realtime.broadcast import server_loop
from games.realtime.worker import worker_setup

logger = logging.getLogger(__name__)
Result = TypeVar("Result")
_pool: ProcessPoolExecutor | None = None


def compute_then_write(
    compute: Callable[..., Result],
    args: tuple[Any, ...],
    write: Callable[[Result], object] | None = None,
) -> None:
    """`write(compute(*args))`, with `compute` in the worker process when this is a server and
    `WORKER_PROCESS` is on (and nothing written without `write`: work done only to warm the
    worker's caches).

    `compute` must be a module-level function of plain arguments (it is sent to the worker by
    name) and may read the database: the worker is a Django process of the same settings.
    """
    loop = server_loop()
    if loop is None or not settings.WORKER_PROCESS:
        result = compute(*args)
        if write is not None:
            write(result)
        return
    try:
        # In a context of its own: this thread's context says the database thread is busy
        # (with us), and the write would wait for that thread for ever.
        loop.call_soon_threadsafe(_start, compute, args, write, context=contextvars.Context())
    except RuntimeError:  # the loop has closed (shutting down)
        logger.warning("%s dropped: the event loop is closed", compute.__name__)


def _start(
    compute: Callable[..., Result],
    args: tuple[Any, ...],
    write: Callable[[Result], object] | None,
) -> None:
    task = asyncio.get_running_loop().create_task(_compute_then_write(compute, args, write))
    task.add_done_callback(_report_failure)


async def _compute_then_write(
    compute: Callable[..., Result],
    args: tuple[Any, ...],
    write: Callable[[Result], object] | None,
) -> None:
    global _pool
    loop = asyncio.get_running_loop()
    try:
        result = await loop.run_in_executor(_worker_pool(), compute, *args)
    except BrokenProcessPool:
        # The worker died (killed, out of memory): start a new one for the next time, and do
        # this one here rather than lose it.
        logger.warning("The worker process died; starting another", exc_info=True)
        _pool = None
        result = await database_sync_to_async(compute)(*args)
    if write is not None:
        await database_sync_to_async(write)(result)


def _worker_pool() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # Spawned, not forked: a fork would copy the event loop, its threads and open sockets.
        _pool = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker_setup,
        )
    return _pool


def _report_failure(task: "asyncio.Task[None]") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.warning("Work handed to the worker process failed", exc_info=task.exception())
