"""Tables side by side at the end of a day: which one improved most. Plain Python, no Django."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RoundFigures:
    """What a table's round came to: the customer's three ratings (1-5) and how fast they calmed
    (None: never, or not rated)."""

    round: int
    rating: float | None  # the mean of listened, cared and valued
    time_to_calm_seconds: float | None


def improvement(rounds: Sequence[RoundFigures]) -> float | None:
    """How much better the last rated round was than the first: the rating's rise. None with
    fewer than two rated rounds."""
    rated = [r.rating for r in rounds if r.rating is not None]
    if len(rated) < 2:
        return None
    return round(rated[-1] - rated[0], 2)


def calm_gain(rounds: Sequence[RoundFigures], live_seconds: float) -> float | None:
    """Seconds sooner the customer calmed in the last round than in the first (a round that
    never calmed counts as the whole live phase). None with fewer than two rounds."""
    if len(rounds) < 2:
        return None

    def calm(figures: RoundFigures) -> float:
        return (
            live_seconds if figures.time_to_calm_seconds is None else figures.time_to_calm_seconds
        )

    return round(calm(rounds[0]) - calm(rounds[-1]), 1)


def most_improved(
    tables: Mapping[int, Sequence[RoundFigures]], live_seconds: Mapping[int, float]
) -> int | None:
    """The table whose rating rose most from its first round to its last; ties go to the one
    whose customer calmed sooner, then to the lower number. None while no table has two rated
    rounds."""
    candidates = [
        (gain, calm_gain(rounds, live_seconds[number]) or 0.0, -number, number)
        for number, rounds in tables.items()
        if (gain := improvement(rounds)) is not None
    ]
    return max(candidates)[3] if candidates else None
