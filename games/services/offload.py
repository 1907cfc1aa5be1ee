"""CPU-heavy work in a process beside the server; its result is written on the database thread.

A server process does all its database work on one thread, and that thread shares the
interpreter lock with the event loop that writes every frame: milliseconds of regular
expressions there (the technique detector reading a responder's message, docs/detector.md)
hold up every socket of the process. In a server the work goes to one worker process, which
can use another core, and only the write comes back. Anywhere else (a management command, a
test) both run inline, at once, as they always did.

Handing work to another process has a cost of its own (pickling, pipes, the pool's threads
waking up), about what the detector costs for a short message. So the work of a short while is
handed over in one batch and its writes come back in one call on the database thread: the
result is that much later (a suggested tag for the coach, not something a player waits on).
"""

import asyncio
import contextvars
import logging
import multiprocessing
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from games.services.loops import server_loop
from games.services.worker import worker_setup

logger = logging.getLogger(__name__)
BATCH_SECONDS = 0.05
_pool: ProcessPoolExecutor | None = None
_batch: list["Work"] = []


@dataclass(frozen=True)
class Failure:
    """What stopped a computation in the worker: its traceback, as text (it must be pickled)."""

    traceback: str


@dataclass(frozen=True)
class Work:
    compute: Callable[..., Any]
    args: tuple[Any, ...]
    write: Callable[[Any], object] | None


def compute_then_write(
    compute: Callable[..., Any],
    args: tuple[Any, ...],
    write: Callable[[Any], object] | None = None,
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
        loop.call_soon_threadsafe(_add, Work(compute, args, write), context=contextvars.Context())
    except RuntimeError:  # the loop has closed (shutting down)
        logger.warning("%s dropped: the event loop is closed", compute.__name__)


def _add(work: Work) -> None:
    """On the loop: the first work of a batch sends the batch off a moment later."""
    _batch.append(work)
    if len(_batch) == 1:
        asyncio.get_running_loop().call_later(BATCH_SECONDS, _send_batch)


def _send_batch() -> None:
    batch = _batch.copy()
    _batch.clear()
    task = asyncio.get_running_loop().create_task(_compute_then_write(batch))
    task.add_done_callback(_report_failure)


async def _compute_then_write(batch: list[Work]) -> None:
    global _pool
    calls = [(work.compute, work.args) for work in batch]
    try:
        results = await asyncio.get_running_loop().run_in_executor(
            _worker_pool(), compute_each, calls
        )
    except BrokenProcessPool:
        # The worker died (killed, out of memory): start a new one for the next time, and do
        # this batch here rather than lose it.
        logger.warning("The worker process died; starting another", exc_info=True)
        _pool = None
        results = await database_sync_to_async(compute_each)(calls)
    await database_sync_to_async(write_each)(batch, results)


def compute_each(calls: list[tuple[Callable[..., Any], tuple[Any, ...]]]) -> list[Any]:
    """In the worker: each call's result, or what stopped it (one bad call must not cost the
    others their results)."""
    return [_computed(compute, args) for compute, args in calls]


def write_each(batch: list[Work], results: list[Any]) -> None:
    for work, result in zip(batch, results, strict=True):
        _write(work, result)


def _computed(compute: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    try:
        return compute(*args)
    except Exception:
        return Failure(traceback.format_exc())


def _write(work: Work, result: Any) -> None:
    if isinstance(result, Failure):
        logger.warning("%s failed:\n%s", work.compute.__name__, result.traceback)
        return
    if work.write is None:
        return
    try:
        work.write(result)
    except Exception:
        logger.warning("Writing the result of %s failed", work.compute.__name__, exc_info=True)


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
