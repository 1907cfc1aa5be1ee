"""The day's master clock: one clock for every table, read from the tables' own phase clocks.

Plain Python (no Django): the selector hands in what each table's game clock says now (the
games' own `PhaseClock.time_left`, the figure every seat's snapshot carries) and gets one clock
for the console and the wall. Like a game's clock it is sent as seconds (never a wall-clock
time), so a browser counts down from what the server said, whatever its own clock says.
"""

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class TableTime:
    """One table's phase clock now: seconds left (None: its phase is untimed), paused or not."""

    seconds_left: float | None
    paused: bool


@dataclass(frozen=True)
class MasterClock:
    elapsed_seconds: float | None  # since the tables opened; None while they form
    seconds_left: float | None  # until the last table's timed phase ends; None: none is timed
    paused: bool  # no timed table's clock runs: seconds_left stands still
    timed_tables: int  # tables whose phase runs against a clock (running or paused)


def master_clock(now: datetime, opened_at: datetime | None, tables: list[TableTime]) -> MasterClock:
    """Elapsed since the tables opened, and the time left until every table's timed phase has
    ended: the longest time left among the tables whose clock runs. A paused table does not
    count while another runs (it would hold the clock still); when every timed clock is paused,
    the longest paused time is shown, standing still."""
    elapsed = None if opened_at is None else max(0.0, (now - opened_at).total_seconds())
    timed = [t for t in tables if t.seconds_left is not None]
    running = [t.seconds_left for t in timed if not t.paused and t.seconds_left is not None]
    paused = [t.seconds_left for t in timed if t.paused and t.seconds_left is not None]
    if running:
        left: float | None = max(running)
    elif paused:
        left = max(paused)
    else:
        left = None
    return MasterClock(
        elapsed_seconds=None if elapsed is None else round(elapsed, 1),
        seconds_left=None if left is None else round(left, 1),
        paused=not running and bool(paused),
        timed_tables=len(timed),
    )
