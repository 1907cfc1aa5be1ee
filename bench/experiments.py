"""Changes the benchmark can try on a server without editing the product, to measure a proposed
fix before anyone makes it. Each is off unless its environment variable is set; the report says
which were on. Only Bear Cave's server applies them.

BENCH_KEEP_UP_SECONDS (Bear Cave only): how often each process looks at each game's log for
events no broadcast brought (`KEEP_UP_SECONDS` in games/realtime/keep_up.py, 5 s); a long period
measures what the looks cost.
"""

import os

KEEP_UP = "BENCH_KEEP_UP_SECONDS"


def apply(*, bearcave: bool = False) -> None:
    keep_up = float(os.environ.get(KEEP_UP) or 0)
    if bearcave and keep_up > 0:
        import games.realtime.keep_up

        games.realtime.keep_up.KEEP_UP_SECONDS = keep_up
