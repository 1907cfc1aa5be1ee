"""Which event loop handed the current thread its work: a server's database thread hands what
must happen on the loop (a broadcast, the detector's results) back to it, and must not wait on a
loop that has stopped."""

import asyncio
import os

from asgiref.sync import SyncToAsync


def server_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop whose worker thread this is, if any."""
    loop = _calling_loop()
    return loop if loop is not None and loop.is_running() else None


def server_stopping() -> bool:
    """Whether this is a worker thread of an event loop that has stopped but is not closed yet:
    a server shutting down while the thread finishes its last call (a socket's disconnect)."""
    loop = _calling_loop()
    return loop is not None and not loop.is_running() and not loop.is_closed()


def _calling_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that handed this thread its work, as asgiref records it. In a thread that
    is not inside such a call now it is an earlier loop, closed by then."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    return getattr(SyncToAsync.threadlocal, "main_event_loop", None)
