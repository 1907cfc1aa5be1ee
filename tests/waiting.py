"""The one way the suite waits for something it has no signal for: poll a condition until it holds
(and return at once when it does), failing after a deadline with what never happened.

Where there is a signal, await it instead: a socket's next frame, a client's `wait_for`, an
`asyncio.Event`, a Playwright `expect`."""

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, within: float, what: str, every: float = 0.05) -> T:
    """What `condition` returns once it is truthy; a TimeoutError naming `what` after `within`
    seconds. `condition` may raise to stop the wait early (a process that exited)."""
    deadline = time.monotonic() + within
    while not (result := condition()):
        if time.monotonic() >= deadline:
            raise TimeoutError(f"waited {within:g}s in vain for {what}")
        time.sleep(every)
    return result


async def eventually(
    condition: Callable[[], T], *, within: float = 5, what: str = "", every: float = 0.01
) -> T:
    """`wait_until` for a test on the event loop: the loop runs on between looks."""
    deadline = time.monotonic() + within
    while not (result := condition()):
        if time.monotonic() >= deadline:
            raise TimeoutError(f"waited {within:g}s in vain for {what or condition}")
        await asyncio.sleep(every)
    return result
