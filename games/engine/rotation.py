"""Seat rotation: who is customer, coach or responder each round, and which functions they hold."""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeAlias


class SeatRole(StrEnum):
    CUSTOMER = "customer"
    RESPONDER = "responder"
    COACH = "coach"
    OBSERVER = "observer"


@dataclass(frozen=True)
class Seat:
    """One player's part in one round; only responders hold functions."""

    role: SeatRole
    functions: tuple[str, ...] = ()


RoundSeats: TypeAlias = Mapping[str, Seat]
"""Player id -> seat, for one round."""


class RotationError(ValueError):
    """The rotation cannot be planned as asked (too few players, no rounds, ...)."""


def minimum_players(*, rotating_coach: bool, scripted_customer: bool = False) -> int:
    """A customer and at least one responder, plus a coach when a player coaches; the scripted
    customer takes the customer's place, so one person can practise alone."""
    return (3 if rotating_coach else 2) - (1 if scripted_customer else 0)


def plan_rotation(
    *,
    players: Sequence[str],
    rounds: int,
    functions: Sequence[str],
    rotating_coach: bool,
    history: Sequence[RoundSeats] = (),
    scripted_customer: str | None = None,
) -> list[dict[str, Seat]]:
    """Plan the seats of rounds len(history)+1 .. rounds for `players` (current, in join order).

    With `scripted_customer` (a player id not among `players`), the scripted customer holds the
    customer seat every round and the players rotate through the other seats as below.

    Each round has one customer, one coach when `rotating_coach` (else the facilitator coaches),
    and every other player is a responder; the planner never seats observers (the caller leaves
    them out of `players`). Turns are counted over `history` and the rounds planned so far, for
    current players only: leavers' turns no longer matter and newcomers start at zero.

    - The customer always has the fewest customer turns, so a newcomer is customer before
      anyone is customer again; the coach always has, of the others, the fewest coach turns.
      Ties go to fewer customer+coach turns, then to join order read cyclically from a point
      that advances with the round.
    - With a fixed group and no earlier history that walks the join order two players at a
      time (customer, coach; one at a time without a rotating coach), so after every round any
      two players' customer turns differ by at most one, and likewise coach and responder
      turns. By induction over rounds, the walk's next pair always has the fewest turns and
      comes first in the cyclic order; the tests also check every group size up to 60. After
      `len(players)` rounds everyone has had each special seat once and the pattern repeats.
    - Functions: see `_assign_functions`.

    The plan depends only on the inputs, so replanning with the first k planned rounds as
    history gives back the rest of the same plan.
    """
    _check_plan_inputs(players, rounds, functions, rotating_coach, history, scripted_customer)
    tally = _Tally()
    for seats in history:
        tally.record(seats)
    planned: list[dict[str, Seat]] = []
    for round_index in range(len(history), rounds):
        seats = _plan_round(
            players, functions, rotating_coach, round_index, tally, scripted_customer
        )
        tally.record(seats)
        planned.append(seats)
    return planned


def swap_seats(seats: RoundSeats, first: str, second: str) -> dict[str, Seat]:
    """The same round with two players' seats exchanged (RotationError if either is not seated)."""
    missing = [player for player in (first, second) if player not in seats]
    if missing:
        raise RotationError(f"cannot swap seats: {', '.join(missing)} not seated in this round")
    swapped = dict(seats)
    swapped[first], swapped[second] = seats[second], seats[first]
    return swapped


def _check_plan_inputs(
    players: Sequence[str],
    rounds: int,
    functions: Sequence[str],
    rotating_coach: bool,
    history: Sequence[RoundSeats],
    scripted_customer: str | None,
) -> None:
    _refuse_repeats("player ids", [*players, *([scripted_customer] if scripted_customer else [])])
    _refuse_repeats("function names", functions)
    needed = minimum_players(
        rotating_coach=rotating_coach, scripted_customer=scripted_customer is not None
    )
    coach = "with a rotating coach" if rotating_coach else "when the facilitator coaches"
    if len(players) < needed:
        raise RotationError(f"need at least {needed} players {coach}, got {len(players)}")
    if rounds < 1:
        raise RotationError(f"a game needs at least one round, got {rounds}")
    if not functions:
        raise RotationError("responders need at least one function to hold, got none")
    if len(history) > rounds:
        raise RotationError(f"history has {len(history)} rounds, more than the game's {rounds}")


def _refuse_repeats(what: str, names: Iterable[str]) -> None:
    repeated = sorted(name for name, count in Counter(names).items() if count > 1)
    if repeated:
        raise RotationError(f"{what} must be unique; repeated: {', '.join(repeated)}")


@dataclass
class _Tally:
    """Turns so far, per player: special seats taken and functions held."""

    customer: Counter[str] = field(default_factory=Counter)
    coach: Counter[str] = field(default_factory=Counter)
    held: dict[str, Counter[str]] = field(default_factory=dict)

    def record(self, seats: RoundSeats) -> None:
        for player, seat in seats.items():
            if seat.role is SeatRole.CUSTOMER:
                self.customer[player] += 1
            elif seat.role is SeatRole.COACH:
                self.coach[player] += 1
            elif seat.role is SeatRole.RESPONDER:
                self.held_by(player).update(seat.functions)

    def special(self, player: str) -> int:
        return self.customer[player] + self.coach[player]

    def held_by(self, player: str) -> Counter[str]:
        return self.held.setdefault(player, Counter())


def _plan_round(
    players: Sequence[str],
    functions: Sequence[str],
    rotating_coach: bool,
    round_index: int,
    tally: _Tally,
    scripted_customer: str | None = None,
) -> dict[str, Seat]:
    if scripted_customer is None:
        customer, coach = _choose_customer_and_coach(players, rotating_coach, round_index, tally)
    else:
        customer, coach = (
            scripted_customer,
            _choose_coach(players, rotating_coach, round_index, tally),
        )
    responders = [player for player in players if player not in (customer, coach)]
    held = _assign_functions(responders, functions, tally, players)
    seats: dict[str, Seat] = {}
    for player in [*players, *([scripted_customer] if scripted_customer else [])]:
        if player == customer:
            seats[player] = Seat(SeatRole.CUSTOMER)
        elif player == coach:
            seats[player] = Seat(SeatRole.COACH)
        else:
            seats[player] = Seat(SeatRole.RESPONDER, held[player])
    return seats


def _choose_customer_and_coach(
    players: Sequence[str], rotating_coach: bool, round_index: int, tally: _Tally
) -> tuple[str, str | None]:
    # min() keeps the first of equals, so the cyclic order is the final tie-break. Preferring
    # fewer special turns among equals is what keeps responder turns (and, through them, the
    # other seat) balanced: the naive "fewest customer turns, then fewest coach turns" can
    # hand the special seats back and forth between two players and starve a third.
    specials_per_round = 2 if rotating_coach else 1
    queue = _cyclic_from(players, specials_per_round * round_index)
    customer = min(queue, key=lambda player: (tally.customer[player], tally.special(player)))
    if not rotating_coach:
        return customer, None
    others = [player for player in queue if player != customer]
    coach = min(others, key=lambda player: (tally.coach[player], tally.special(player)))
    return customer, coach


def _choose_coach(
    players: Sequence[str], rotating_coach: bool, round_index: int, tally: _Tally
) -> str | None:
    """With the scripted customer in its seat, the coach is the only special seat to rotate."""
    if not rotating_coach:
        return None
    queue = _cyclic_from(players, round_index)
    return min(queue, key=lambda player: tally.coach[player])


def _cyclic_from(players: Sequence[str], start: int) -> list[str]:
    """Join order read from position `start` (mod the group size), wrapping round."""
    offset = start % len(players)
    return [*players[offset:], *players[:offset]]


def _assign_functions(
    responders: Sequence[str], functions: Sequence[str], tally: _Tally, players: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    """Share the functions among the responders, preferring what each has held least.

    Sharing rules: with at least as many responders as functions, each responder holds one
    function and every function has a number of holders within one of every other's; with
    fewer, each function has exactly one holder and responders' shares are within one.

    Among all assignments obeying those rules this one has, first, the least total *excess*
    (times a responder has held a function beyond their least-held function), so everyone
    gets only least-held functions whenever the rules allow that at all. Among those, it keeps
    each player closest to a personal cycle through `functions` (starting at their join
    position, advancing one step per function held): when such cycles happen to share out
    evenly every round (a fixed group one short of a multiple of the number of functions),
    everybody walks through all the functions in turn, never repeating one too early.
    """
    cycle_length = len(functions)
    position_in_cycle = {function: index for index, function in enumerate(functions)}
    join_position = {player: index for index, player in enumerate(players)}
    # A unit of excess outweighs every cycle step of every holder together.
    excess_weight = cycle_length * (len(responders) + cycle_length)

    def cost(responder: str, function: str) -> int:
        held = tally.held_by(responder)
        excess = held[function] - min(held[other] for other in functions)
        next_in_cycle = join_position[responder] + held.total()
        steps_from_cycle = (position_in_cycle[function] - next_in_cycle) % cycle_length
        return excess * excess_weight + steps_from_cycle

    if len(responders) >= len(functions):
        chosen = _balanced_assignment(responders, functions, cost)
        return {responder: (chosen[responder],) for responder in responders}
    holder = _balanced_assignment(functions, responders, lambda fn, who: cost(who, fn))
    return {
        responder: tuple(fn for fn in functions if holder[fn] == responder)
        for responder in responders
    }


def _balanced_assignment(
    units: Sequence[str], bins: Sequence[str], cost: Callable[[str, str], int]
) -> dict[str, str]:
    """Put each unit in one bin, bin loads within one of each other, at the least total cost.

    A min-cost flow by successive shortest paths: units join one at a time, each along the
    cheapest chain "enter bin A, pushing one of A's units into bin B, ..." that ends in a bin
    with room. Each step keeps the placement optimal for the units placed so far (no cheaper
    reshuffle exists), so the final placement is optimal.
    """
    even_load, bins_with_one_more = divmod(len(units), len(bins))
    costs = {(unit, bin_): cost(unit, bin_) for unit in units for bin_ in bins}
    largest_cost = max(costs.values())
    # Seats beyond the even load cost more than any assignment could save, so exactly
    # `bins_with_one_more` of them end up used: loads stay within one of each other.
    one_more_price = len(units) * largest_cost + 1
    members: dict[str, list[str]] = {bin_: [] for bin_ in bins}

    def price_of_room(bin_: str) -> int | None:
        load = len(members[bin_])
        if load < even_load:
            return 0
        return one_more_price if load == even_load and bins_with_one_more else None

    for unit in units:
        distance, pushed_in_by = _cheapest_chains(unit, members, costs)
        room = {bin_: price for bin_ in bins if (price := price_of_room(bin_)) is not None}
        end = min(room, key=lambda bin_: distance[bin_] + room[bin_])
        _follow_chain(unit, end, members, pushed_in_by)
    return {unit: bin_ for bin_, inside in members.items() for unit in inside}


_Push: TypeAlias = tuple[str, str]  # (bin the unit leaves, unit)


def _cheapest_chains(
    newcomer: str, members: Mapping[str, Sequence[str]], costs: Mapping[tuple[str, str], int]
) -> tuple[dict[str, int], dict[str, _Push | None]]:
    """Bellman-Ford over bins: the cheapest cost of the newcomer's arrival making room in each bin.

    There is no negative cycle because the current placement is optimal, so len(bins) - 1
    rounds of relaxation settle every distance.
    """
    distance = {bin_: costs[newcomer, bin_] for bin_ in members}
    pushed_in_by: dict[str, _Push | None] = dict.fromkeys(members)
    moves = _cheapest_moves(members, costs)
    for _ in range(len(members) - 1):
        improved = False
        for (source, target), (extra_cost, unit) in moves.items():
            if distance[source] + extra_cost < distance[target]:
                distance[target] = distance[source] + extra_cost
                pushed_in_by[target] = (source, unit)
                improved = True
        if not improved:
            break
    return distance, pushed_in_by


def _cheapest_moves(
    members: Mapping[str, Sequence[str]], costs: Mapping[tuple[str, str], int]
) -> dict[tuple[str, str], tuple[int, str]]:
    """For each ordered pair of bins, the unit whose move from the first to the second costs
    least, and what that move adds to the total."""
    moves: dict[tuple[str, str], tuple[int, str]] = {}
    for source, inside in members.items():
        for target in members:
            if target != source and inside:
                moves[source, target] = min(
                    (costs[unit, target] - costs[unit, source], unit) for unit in inside
                )
    return moves


def _follow_chain(
    newcomer: str,
    end: str,
    members: dict[str, list[str]],
    pushed_in_by: Mapping[str, _Push | None],
) -> None:
    """Make the moves of the chain ending in `end`, from its end back to the newcomer's bin."""
    target = end
    while (push := pushed_in_by[target]) is not None:
        source, unit = push
        members[source].remove(unit)
        members[target].append(unit)
        target = source
    members[target].append(newcomer)
