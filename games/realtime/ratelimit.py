"""How fast one socket may send: a token bucket per connection, and when a flood ends it.

Plain Python (no Django, no Channels) so the arithmetic is tested on its own; the consumer asks
`FrameLimiter.admit` about every incoming frame, with the time from `time.monotonic()`.
"""

from dataclasses import dataclass, field
from enum import Enum


@dataclass
class TokenBucket:
    """`capacity` tokens, refilled at `rate` tokens a second; each admitted frame takes one."""

    rate: float
    capacity: float
    tokens: float = field(init=False)
    updated: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.rate <= 0 or self.capacity < 1:
            raise ValueError("A bucket needs a positive rate and room for at least one token.")
        self.tokens = self.capacity

    def take(self, now: float) -> bool:
        if self.updated is not None:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Verdict(Enum):
    ADMIT = "admit"  # handle the frame
    REFUSE = "refuse"  # answer `rate_limited`, do nothing else
    CLOSE = "close"  # a sustained flood: close the socket


class FrameLimiter:
    """A socket may send `burst` frames at once and `rate` a second after that. Frames over the
    limit are refused; a socket that keeps sending while refused (more than `burst` times the
    patience factor, refilled at the same rate) is closed."""

    PATIENCE = 4

    def __init__(self, *, rate: float, burst: int) -> None:
        self.frames = TokenBucket(rate=rate, capacity=burst)
        self.refusals = TokenBucket(rate=rate, capacity=burst * self.PATIENCE)

    def admit(self, now: float) -> Verdict:
        if self.frames.take(now):
            return Verdict.ADMIT
        if self.refusals.take(now):
            return Verdict.REFUSE
        return Verdict.CLOSE
