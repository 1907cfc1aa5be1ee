"""Seat rotation: each round's seats, fairness over the game, late joiners and leavers, refusals."""

import copy
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from games.engine.rotation import (
    RotationError,
    RoundSeats,
    Seat,
    SeatRole,
    minimum_players,
    plan_rotation,
    swap_seats,
)

FUNCTION_NAMES = ("account-manager", "logistics", "billing", "support-engineer", "returns")
SPECIAL_ROLES = (SeatRole.CUSTOMER, SeatRole.COACH)
PLAYED_ROLES = (SeatRole.CUSTOMER, SeatRole.COACH, SeatRole.RESPONDER)

# No deadline: plan sizes vary a lot between examples; the whole file still runs in seconds.
examples = settings(max_examples=100, deadline=None)


@dataclass(frozen=True)
class Game:
    players: tuple[str, ...]
    rounds: int
    functions: tuple[str, ...]
    rotating_coach: bool

    def plan(self, history: Sequence[RoundSeats] = ()) -> list[dict[str, Seat]]:
        return plan_rotation(
            players=self.players,
            rounds=self.rounds,
            functions=self.functions,
            rotating_coach=self.rotating_coach,
            history=history,
        )


def player_ids(count: int) -> tuple[str, ...]:
    # Join order deliberately differs from sorted order.
    return tuple(f"player-{(number * 7) % 101:03}" for number in range(1, count + 1))


@st.composite
def games(draw, max_players=20, max_rounds=10, min_rounds=1, max_functions=5, spare_players=0):
    rotating_coach = draw(st.booleans())
    fewest = minimum_players(rotating_coach=rotating_coach) + spare_players
    count = draw(st.integers(fewest, max_players))
    players = draw(st.permutations(player_ids(count)))
    return Game(
        players=tuple(players),
        rounds=draw(st.integers(min_rounds, max_rounds)),
        functions=FUNCTION_NAMES[: draw(st.integers(1, max_functions))],
        rotating_coach=rotating_coach,
    )


@st.composite
def made_up_histories(draw, players, functions, length):
    """Earlier rounds as the database might hold them, fair or not: anyone seated anyhow, with
    players who have since left and without those who have not been seated yet."""
    leavers = [f"left-{number}" for number in range(draw(st.integers(0, 3)))]
    seat = st.one_of(
        st.sampled_from([Seat(role) for role in (*SPECIAL_ROLES, SeatRole.OBSERVER)]),
        st.lists(st.sampled_from(functions), min_size=1, max_size=2, unique=True).map(
            lambda held: Seat(SeatRole.RESPONDER, tuple(held))
        ),
    )
    someone = st.sampled_from([*players, *leavers])
    return draw(st.lists(st.dictionaries(someone, seat), min_size=length, max_size=length))


def seated_as(seats: RoundSeats, role: SeatRole) -> list[str]:
    return [player for player, seat in seats.items() if seat.role is role]


def turns(rounds: Sequence[RoundSeats], role: SeatRole, players: Sequence[str]) -> Counter[str]:
    counts = Counter(dict.fromkeys(players, 0))
    for seats in rounds:
        counts.update(player for player in seated_as(seats, role) if player in counts)
    return counts


def spread(counts: Counter[str]) -> int:
    return max(counts.values()) - min(counts.values())


def functions_held(rounds: Sequence[RoundSeats], player: str) -> Counter[str]:
    held: Counter[str] = Counter()
    for seats in rounds:
        if player in seats and seats[player].role is SeatRole.RESPONDER:
            held.update(seats[player].functions)
    return held


# Every round's seats


@examples
@given(games())
def test_every_round_seats_one_customer_one_coach_if_the_coach_rotates_and_the_rest_respond(game):
    for seats in game.plan():
        assert list(seats) == list(game.players)
        assert len(seated_as(seats, SeatRole.CUSTOMER)) == 1
        assert len(seated_as(seats, SeatRole.COACH)) == (1 if game.rotating_coach else 0)
        assert not seated_as(seats, SeatRole.OBSERVER)
        specials = 2 if game.rotating_coach else 1
        assert len(seated_as(seats, SeatRole.RESPONDER)) == len(game.players) - specials


@examples
@given(games())
def test_only_responders_hold_functions_and_the_work_is_shared_as_evenly_as_possible(game):
    for seats in game.plan():
        responders = seated_as(seats, SeatRole.RESPONDER)
        holders = Counter(fn for player in responders for fn in seats[player].functions)
        shares = Counter({player: len(seats[player].functions) for player in responders})

        assert all(not seats[player].functions for player in seated_as(seats, SeatRole.CUSTOMER))
        assert all(not seats[player].functions for player in seated_as(seats, SeatRole.COACH))
        assert set(holders) == set(game.functions)
        if len(responders) >= len(game.functions):
            assert set(shares.values()) == {1}
            assert spread(holders) <= 1
        else:
            assert set(holders.values()) == {1}
            assert spread(shares) <= 1


# Fairness over the game


@examples
@given(games())
def test_everyone_plays_each_part_as_evenly_as_the_numbers_allow_after_every_round(game):
    plan = game.plan()
    for played in range(1, len(plan) + 1):
        for role in PLAYED_ROLES:
            assert spread(turns(plan[:played], role, game.players)) <= 1, (played, role)


@pytest.mark.parametrize("rotating_coach", [True, False])
def test_the_balance_holds_for_every_group_of_up_to_sixty_and_any_number_of_rounds(rotating_coach):
    """After len(players) balanced rounds everyone has had each special seat once, so the planner
    is back where it started (equal turns, same point in the join order) and the seats repeat:
    checking the first len(players) rounds covers games of any length."""
    for count in range(minimum_players(rotating_coach=rotating_coach), 61):
        players = player_ids(count)
        plan = plan_rotation(
            players=players, rounds=2 * count, functions=["billing"], rotating_coach=rotating_coach
        )
        for played in range(1, count + 1):
            for role in PLAYED_ROLES:
                assert spread(turns(plan[:played], role, players)) <= 1, (count, played, role)
        roles = [{player: seat.role for player, seat in seats.items()} for seats in plan]
        assert roles[count:] == roles[:count]


@examples
@given(st.data())
def test_the_customer_has_the_fewest_customer_turns_and_the_coach_the_fewest_coach_turns(data):
    """Whatever happened before (joins, leaves, swapped seats), among the current players."""
    game = data.draw(games(max_players=12))
    history = data.draw(
        made_up_histories(game.players, game.functions, data.draw(st.integers(0, game.rounds)))
    )
    plan = game.plan(history)
    for played, seats in enumerate(plan):
        before = [*history, *plan[:played]]
        (customer,) = seated_as(seats, SeatRole.CUSTOMER)
        customer_turns = turns(before, SeatRole.CUSTOMER, game.players)
        assert customer_turns[customer] == min(customer_turns.values())
        if game.rotating_coach:
            (coach,) = seated_as(seats, SeatRole.COACH)
            coach_turns = turns(before, SeatRole.COACH, game.players)
            del coach_turns[customer]
            assert coach_turns[coach] == min(coach_turns.values())


# Functions


@examples
@given(st.data())
def test_each_round_gives_responders_their_least_held_functions_whenever_the_rules_allow(data):
    """No assignment obeying the sharing rules has less *excess* (times a responder already held
    a function beyond their least-held one): so whenever every responder can be given only
    functions they have held least, each of them is."""
    game = data.draw(games(max_players=7, max_functions=4))
    history = data.draw(made_up_histories(game.players, game.functions, game.rounds - 1))
    (seats,) = game.plan(history)
    responders = seated_as(seats, SeatRole.RESPONDER)
    held = {player: functions_held(history, player) for player in responders}

    def excess(assignment):
        return sum(
            held[player][fn] - min(held[player][other] for other in game.functions)
            for player, functions in assignment.items()
            for fn in functions
        )

    best = min(excess(option) for option in fair_assignments(responders, game.functions))
    assert excess({player: seats[player].functions for player in responders}) == best


def fair_assignments(responders, functions):
    """Every way to share the functions that obeys the sharing rules, by brute force."""
    if len(responders) >= len(functions):
        for chosen in itertools.product(functions, repeat=len(responders)):
            if set(chosen) == set(functions) and spread(Counter(chosen)) <= 1:
                yield {player: (fn,) for player, fn in zip(responders, chosen, strict=True)}
    else:
        for holders in itertools.product(responders, repeat=len(functions)):
            if set(holders) == set(responders) and spread(Counter(holders)) <= 1:
                yield {
                    player: tuple(
                        fn
                        for fn, holder in zip(functions, holders, strict=True)
                        if holder == player
                    )
                    for player in responders
                }


@st.composite
def groups_one_short_of_a_multiple_of_the_functions(draw):
    rotating_coach = draw(st.booleans())
    function_count = draw(st.integers(2, 5))
    specials = 2 if rotating_coach else 1
    sizes = [
        count
        for count in range(function_count - 1, 21, function_count)
        if count - specials >= function_count
    ]
    count = draw(st.sampled_from(sizes))
    return Game(
        players=tuple(draw(st.permutations(player_ids(count)))),
        rounds=draw(st.integers(1, 2 * count)),
        functions=FUNCTION_NAMES[:function_count],
        rotating_coach=rotating_coach,
    )


@examples
@given(groups_one_short_of_a_multiple_of_the_functions())
def test_in_a_group_one_short_of_a_multiple_of_the_functions_everyone_takes_each_in_turn(game):
    """Then every player's responder turns step through the functions in the scenario's order,
    so no one holds a function again before holding all the others."""
    plan = game.plan()
    for player in game.players:
        sequence = [
            game.functions.index(seats[player].functions[0])
            for seats in plan
            if seats[player].role is SeatRole.RESPONDER
        ]
        steps = {
            (after - before) % len(game.functions) for before, after in itertools.pairwise(sequence)
        }
        assert steps <= {1}, (player, sequence)


# History: late joiners, leavers, replanning


@examples
@given(st.data())
def test_replanning_from_the_first_rounds_of_a_plan_gives_back_the_rest_of_it(data):
    game = data.draw(games(min_rounds=2))
    plan = game.plan()
    played = data.draw(st.integers(0, game.rounds))

    assert game.plan(plan[:played]) == plan[played:]


@examples
@given(games())
def test_the_same_inputs_always_give_the_same_plan(game):
    again = plan_rotation(
        players=list(game.players),
        rounds=game.rounds,
        functions=list(game.functions),
        rotating_coach=game.rotating_coach,
    )

    assert game.plan() == again


@examples
@given(st.data())
def test_a_newcomer_is_customer_before_anyone_is_customer_a_second_time(data):
    """With z players (the newcomer among them) never yet customer when the newcomer joins,
    the next customers are all first-timers, and the newcomer is one of the next z."""
    game = data.draw(games(max_players=19, min_rounds=2))
    played = data.draw(st.integers(1, game.rounds - 1))
    history = game.plan()[:played]
    newcomer = "newcomer"
    joined = replace(game, players=(*game.players, newcomer))
    first_timers = [
        player
        for player, count in turns(history, SeatRole.CUSTOMER, joined.players).items()
        if count == 0
    ]

    customers = [seated_as(seats, SeatRole.CUSTOMER)[0] for seats in joined.plan(history)]

    until_newcomer = (
        customers[: customers.index(newcomer) + 1] if newcomer in customers else customers
    )
    assert len(set(until_newcomer)) == len(until_newcomer)
    assert set(until_newcomer) <= set(first_timers)
    if len(customers) >= len(first_timers):
        assert newcomer in customers[: len(first_timers)]


@examples
@given(st.data())
def test_a_player_who_leaves_is_absent_from_later_rounds_and_played_rounds_stay_as_they_were(data):
    game = data.draw(games(min_rounds=2, spare_players=1))
    history = game.plan()[: data.draw(st.integers(1, game.rounds - 1))]
    kept = copy.deepcopy(history)
    leaver = data.draw(st.sampled_from(game.players))
    remaining = tuple(player for player in game.players if player != leaver)

    later = replace(game, players=remaining).plan(history)

    assert history == kept
    assert len(later) == game.rounds - len(history)
    assert all(list(seats) == list(remaining) for seats in later)


def test_a_game_whose_rounds_are_all_played_has_nothing_left_to_plan():
    game = Game(player_ids(4), rounds=3, functions=("billing",), rotating_coach=True)

    assert game.plan(game.plan()) == []


# Refusals


@given(st.data())
def test_too_few_players_are_refused(data):
    rotating_coach = data.draw(st.booleans())
    count = data.draw(st.integers(0, minimum_players(rotating_coach=rotating_coach) - 1))
    with pytest.raises(RotationError, match=f"need at least .* got {count}"):
        plan_rotation(
            players=player_ids(count),
            rounds=3,
            functions=["billing"],
            rotating_coach=rotating_coach,
        )


def test_a_rotating_coach_needs_three_players_and_a_facilitator_coach_two():
    assert minimum_players(rotating_coach=True) == 3
    assert minimum_players(rotating_coach=False) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rounds": 0}, "at least one round, got 0"),
        ({"rounds": -2}, "at least one round, got -2"),
        ({"functions": []}, "at least one function"),
        ({"players": ["ann", "bob", "ann", "cy"]}, "player ids must be unique; repeated: ann"),
        ({"functions": ["billing", "billing"]}, "function names must be unique; repeated: billing"),
        ({"rounds": 1, "history": [{}, {}]}, "history has 2 rounds, more than the game's 1"),
    ],
)
def test_impossible_requests_are_refused_with_a_message_that_says_why(changes, message):
    request = {
        "players": ["ann", "bob", "cy"],
        "rounds": 3,
        "functions": ["billing"],
        "rotating_coach": True,
    }
    with pytest.raises(RotationError, match=message):
        plan_rotation(**{**request, **changes})


# Swapping seats


@examples
@given(st.data())
def test_swapping_two_seats_exchanges_exactly_those_two(data):
    game = data.draw(games(max_rounds=1))
    (seats,) = game.plan()
    first, second = data.draw(st.lists(st.sampled_from(game.players), min_size=2, max_size=2))
    kept = dict(seats)

    swapped = swap_seats(seats, first, second)

    assert seats == kept
    assert (swapped[first], swapped[second]) == (seats[second], seats[first])
    assert {p: s for p, s in swapped.items() if p not in (first, second)} == {
        p: s for p, s in seats.items() if p not in (first, second)
    }
    assert swap_seats(swapped, first, second) == seats


def test_swapping_with_someone_not_seated_is_refused():
    seats = {"ann": Seat(SeatRole.CUSTOMER), "bob": Seat(SeatRole.RESPONDER, ("billing",))}

    with pytest.raises(RotationError, match="cy not seated"):
        swap_seats(seats, "ann", "cy")


# The scripted customer

SCRIPTED = "scripted-customer"


@examples
@given(games(max_players=12))
def test_the_scripted_customer_is_customer_every_round_and_the_players_share_the_rest(game):
    plan = plan_rotation(
        players=game.players,
        rounds=game.rounds,
        functions=game.functions,
        rotating_coach=game.rotating_coach,
        scripted_customer=SCRIPTED,
    )

    assert all(seated_as(seats, SeatRole.CUSTOMER) == [SCRIPTED] for seats in plan)
    assert all(set(seats) == {SCRIPTED, *game.players} for seats in plan)
    coaches = turns(plan, SeatRole.COACH, game.players)
    if game.rotating_coach:
        assert all(len(seated_as(seats, SeatRole.COACH)) == 1 for seats in plan)
        assert spread(coaches) <= 1
    else:
        assert sum(coaches.values()) == 0


def test_with_the_scripted_customer_one_person_can_practise_when_the_facilitator_coaches():
    assert minimum_players(rotating_coach=False, scripted_customer=True) == 1
    assert minimum_players(rotating_coach=True, scripted_customer=True) == 2

    alone = plan_rotation(
        players=["ann"],
        rounds=2,
        functions=["billing", "logistics"],
        rotating_coach=False,
        scripted_customer=SCRIPTED,
    )

    assert (
        alone
        == [
            {
                SCRIPTED: Seat(SeatRole.CUSTOMER),
                "ann": Seat(SeatRole.RESPONDER, ("billing", "logistics")),
            }
        ]
        * 2
    )
    with pytest.raises(RotationError, match="need at least 2 players with a rotating coach"):
        plan_rotation(
            players=["ann"],
            rounds=1,
            functions=["billing"],
            rotating_coach=True,
            scripted_customer=SCRIPTED,
        )
