"""How a training day's people are split into tables: plain Python, no Django.

Each table should be cross-functional, as a real response team is: the people of one function
(their real department, as they gave it when joining) are spread over the tables rather than
seated together, and the tables are as even in size as the count allows.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

MIN_TABLE_SIZE = 4
MAX_TABLE_SIZE = 7
NO_FUNCTION = ""  # someone who did not say: spread like any other function


@dataclass(frozen=True)
class Person:
    id: int
    function: str = NO_FUNCTION


@dataclass(frozen=True)
class TableNow:
    """A table as it stands, for placing one more person."""

    number: int
    functions: Sequence[str]


def table_sizes(people: int, size: int) -> list[int]:
    """How many sit at each table: no table above `size`, sizes at most one apart.

    >>> table_sizes(13, 4)
    [4, 3, 3, 3]
    >>> table_sizes(12, 4)
    [4, 4, 4]
    """
    if not MIN_TABLE_SIZE <= size <= MAX_TABLE_SIZE:
        raise ValueError(f"A table seats {MIN_TABLE_SIZE} to {MAX_TABLE_SIZE} people.")
    if people <= 0:
        return []
    tables = -(-people // size)
    base, extra = divmod(people, tables)
    return [base + 1 if index < extra else base for index in range(tables)]


def tables_propose(people: Sequence[Person], size: int) -> list[list[int]]:
    """Split `people` into tables of at most `size`, each function spread as evenly as it goes.

    The largest function is dealt first, each person to the table with the fewest of their
    function and, among those, the fewest people, so a function of k people over n tables puts
    k // n or k // n + 1 at each. Within a function, people keep their joining order.
    """
    capacity = table_sizes(len(people), size)
    tables: list[list[Person]] = [[] for _ in capacity]
    by_function: dict[str, list[Person]] = {}
    for person in people:
        by_function.setdefault(person.function, []).append(person)
    # The biggest functions first (they are the hardest to spread); unnamed ones last.
    order = sorted(by_function, key=lambda f: (f == NO_FUNCTION, -len(by_function[f]), f))
    for function in order:
        for person in by_function[function]:
            open_tables = [i for i, table in enumerate(tables) if len(table) < capacity[i]]
            best = min(
                open_tables,
                key=lambda i: (
                    sum(1 for seated in tables[i] if seated.function == function),
                    len(tables[i]) - capacity[i],
                    i,
                ),
            )
            tables[best].append(person)
    return [[person.id for person in table] for table in tables]


def table_for_late_joiner(tables: Sequence[TableNow], function: str = NO_FUNCTION) -> int:
    """The table a late joiner goes to: the one that needs them most. The smallest table first
    (a table short of people cannot play every seat); among equals, the one with the fewest of
    their function; then the lowest number."""
    if not tables:
        raise ValueError("There is no table to join.")
    best = min(
        tables,
        key=lambda table: (
            len(table.functions),
            sum(1 for held in table.functions if held == function),
            table.number,
        ),
    )
    return best.number


def function_spread(tables: Sequence[Sequence[str]]) -> dict[str, int]:
    """For each function, the most minus the fewest of it at any table (0 or 1 is even)."""
    counts = [Counter(table) for table in tables]
    functions = {function for count in counts for function in count}
    return {
        function: max(count[function] for count in counts)
        - min(count[function] for count in counts)
        for function in sorted(functions)
    }


# Moving someone once the tables are games --------------------------------------------------

# A table's game may lose or gain a person only between rounds: in the lobby, or in a round's
# briefing (the round before it has ended with its agreement; nobody is talking to the customer
# yet, and the seats of the round are planned again as they are for a late joiner). During live,
# debrief and agreement the person is part of the round being played and debriefed.
# Seats are dealt when a round opens (its briefing): a person moved then would only watch that
# round at the new table and leave a seat empty at the old one. The lobby and a round's
# agreement are between rounds: the move gives them a seat from the next round.
BETWEEN_ROUNDS = frozenset({"lobby", "agreement"})


def move_refusal(*, leaving: str, joining: str) -> str | None:
    """Why someone may not move now from a table whose game is in phase `leaving` to one in
    phase `joining` (None: they may)."""
    for phase, table in ((leaving, "their table"), (joining, "the other table")):
        if phase == "finished":
            return f"The game at {table} has finished: nobody moves to or from it."
        if phase not in BETWEEN_ROUNDS:
            return (
                f"A round is under way at {table} ({phase}): move people between rounds, "
                "while both tables are in the lobby or agreeing their change (they take a "
                "seat from the next round)."
            )
    return None
