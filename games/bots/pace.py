"""How fast bots play: as fast as the server answers (tests, the load benchmark), a fixed time
between moves, or like people in a room, so a facilitator can watch a demo round."""

import asyncio
import random
from dataclasses import dataclass, field
from typing import Any

# People type a few characters a second on a phone or a laptop; the bots type a little faster, so
# a demo round lasts minutes rather than the quarter of an hour a room would take.
HUMAN_CHARACTERS_PER_SECOND = 6.0
HUMAN_THINKING_SECONDS = (1.5, 4.0)  # before each move: reading what was said, deciding
HUMAN_PHASE_SECONDS = (8.0, 12.0)  # before the facilitator moves the room to the next phase
PACES = "fast, human or seconds between moves (e.g. 2.5)"


@dataclass
class Pace:
    """The wait before each move: thinking (a time drawn from a range), typing the text (its
    length at a typing speed), or, before a phase change, the room's time to take it in."""

    thinking_seconds: tuple[float, float] = (0.0, 0.0)
    characters_per_second: float | None = None  # None: typing takes no time
    phase_seconds: tuple[float, float] = (0.0, 0.0)
    seed: int = 0
    _draw: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._draw = random.Random(self.seed)  # noqa: S311 (a demo's rhythm, not a secret)

    @classmethod
    def named(cls, name: str) -> "Pace":
        """`fast`, `human`, or seconds between moves; ValueError says what is accepted."""
        if name == "fast":
            return cls()
        if name == "human":
            return cls(
                thinking_seconds=HUMAN_THINKING_SECONDS,
                characters_per_second=HUMAN_CHARACTERS_PER_SECOND,
                phase_seconds=HUMAN_PHASE_SECONDS,
            )
        try:
            seconds = float(name)
        except ValueError:
            raise ValueError(f"the pace is {PACES}, not {name!r}") from None
        if not 0 <= seconds <= 600:
            raise ValueError(f"seconds between moves are 0 to 600, not {name}")
        return cls(thinking_seconds=(seconds, seconds), phase_seconds=(seconds, seconds))

    def seconds_before(self, command: str, fields: dict[str, Any]) -> float:
        """How long a person would take before sending this command."""
        if command == "advance_phase":
            return self._draw.uniform(*self.phase_seconds)
        thinking = self._draw.uniform(*self.thinking_seconds)
        text = fields.get("text")
        if self.characters_per_second is None or not isinstance(text, str):
            return thinking
        return thinking + len(text) / self.characters_per_second

    async def wait_before(self, command: str, fields: dict[str, Any]) -> None:
        seconds = self.seconds_before(command, fields)
        if seconds > 0:
            await asyncio.sleep(seconds)


FAST = Pace()
