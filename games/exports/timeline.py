"""Seconds into a round's live phase, pauses excluded, for any event: replayed from the clock
events of the log (plain Python: no Django)."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

# Every event that changes the clock carries its state after the change (docs/protocol.md).
CLOCK_EVENTS = frozenset(
    {
        "round.frozen",
        "round.unfrozen",
        "clock.paused",
        "clock.resumed",
        "clock.extended",
        "round.held",
        "round.released",
    }
)


def _instant(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def live_seconds_by_seq(events: Iterable[Mapping[str, Any]]) -> dict[int, int]:
    """For every event written during a live phase, how far into it (in whole seconds) it came.

    `events` are in seq order, each with `seq`, `type`, `at` (a datetime) and `payload`. Live
    time is the phase's allotted time (extensions included) less the time left on its clock,
    which is the deadline less the moment while it runs, and stands still while it is paused.
    """
    seconds: dict[int, int] = {}
    live = False
    allotted = 0.0
    deadline: datetime | None = None
    left = 0.0
    for event in events:
        payload = event["payload"]
        if event["type"] == "phase.changed":
            live = payload.get("phase") == "live"
            allotted = float(payload.get("seconds_left") or 0)
            left = allotted
            deadline = None if payload.get("paused") else _instant(payload.get("deadline"))
        elif live and event["type"] in CLOCK_EVENTS:
            if event["type"] == "clock.extended":
                allotted += float(payload.get("seconds") or 0)
            left = float(payload.get("seconds_left") or 0)
            deadline = None if payload.get("paused") else _instant(payload.get("deadline"))
        if not live:
            continue
        now_left = (deadline - event["at"]).total_seconds() if deadline is not None else left
        seconds[event["seq"]] = max(round(allotted - now_left), 0)
    return seconds
