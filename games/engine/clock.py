"""The phase clock: a deadline that can be paused, resumed and extended. Times are datetimes."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from games.engine.errors import ErrorCode, GameError


@dataclass(frozen=True)
class PhaseClock:
    """Running: `deadline` is set. Paused: `remaining` holds what was left. Untimed: neither."""

    deadline: datetime | None = None
    remaining: timedelta | None = None

    @classmethod
    def start(cls, now: datetime, duration: timedelta) -> "PhaseClock":
        return cls(deadline=now + duration)

    @property
    def is_paused(self) -> bool:
        return self.remaining is not None

    @property
    def is_timed(self) -> bool:
        return self.deadline is not None or self.remaining is not None

    def time_left(self, now: datetime) -> timedelta | None:
        if self.remaining is not None:
            return self.remaining
        if self.deadline is None:
            return None
        return max(self.deadline - now, timedelta(0))

    def is_due(self, now: datetime) -> bool:
        return self.deadline is not None and now >= self.deadline

    def pause(self, now: datetime) -> "PhaseClock":
        if self.is_paused:
            raise GameError(ErrorCode.ALREADY_PAUSED, "The timer is already paused.")
        return PhaseClock(deadline=None, remaining=self.time_left(now))

    def resume(self, now: datetime) -> "PhaseClock":
        if self.remaining is None:
            raise GameError(ErrorCode.NOT_PAUSED, "The timer is not paused.")
        return PhaseClock(deadline=now + self.remaining, remaining=None)

    def extend(self, by: timedelta) -> "PhaseClock":
        if self.remaining is not None:
            return replace(self, remaining=self.remaining + by)
        if self.deadline is None:
            raise GameError(ErrorCode.WRONG_PHASE, "This phase has no timer to extend.")
        return replace(self, deadline=self.deadline + by)


def minutes_and_seconds(seconds: float) -> str:
    """A duration as a timer shows it, m:ss (0:19, 12:05): the one format of every duration that
    people read (time to calm, time into live); data keeps seconds."""
    whole = max(round(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"
