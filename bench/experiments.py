"""Changes the benchmark can try on a server without editing the product, to measure a proposed
fix before anyone makes it. Each is off unless its environment variable is set; the report says
which were on. Both servers (Bear Cave and the baseline) apply the same ones.

BENCH_LAYER_CLEAN_SECONDS: Channels' in-memory layer looks through every channel and every group
membership for expired entries on each send and each receive, which is O(sockets) per message;
with this set it does so at most once per that many seconds.

BENCH_KEEP_UP_SECONDS (Bear Cave only): how often each socket re-joins its group and looks at the
log for events no broadcast brought (`KEEP_UP_SECONDS` in games/realtime/consumers.py, 5 s).
"""

import os
import time
from typing import Any

LAYER_CLEAN = "BENCH_LAYER_CLEAN_SECONDS"
KEEP_UP = "BENCH_KEEP_UP_SECONDS"


def active() -> dict[str, str]:
    return {name: os.environ[name] for name in (LAYER_CLEAN, KEEP_UP) if os.environ.get(name)}


def apply(*, bearcave: bool = False) -> None:
    keep_up = float(os.environ.get(KEEP_UP) or 0)
    if bearcave and keep_up > 0:
        import games.realtime.consumers

        games.realtime.consumers.KEEP_UP_SECONDS = keep_up

    interval = float(os.environ.get(LAYER_CLEAN) or 0)
    if interval > 0:
        from channels.layers import InMemoryChannelLayer

        original = InMemoryChannelLayer._clean_expired

        def clean_now_and_then(layer: Any) -> None:
            now = time.monotonic()
            if now - getattr(layer, "_bench_cleaned", 0.0) >= interval:
                layer._bench_cleaned = now
                original(layer)

        InMemoryChannelLayer._clean_expired = clean_now_and_then
