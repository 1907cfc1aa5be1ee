"""The seating rule: tables of a chosen size, each as cross-functional as the room allows."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from days.seating import (
    Person,
    TableNow,
    function_spread,
    move_refusal,
    table_for_late_joiner,
    table_sizes,
    tables_propose,
)


def test_twelve_people_at_tables_of_four_make_three_full_tables():
    assert table_sizes(12, 4) == [4, 4, 4]


def test_thirteen_people_at_tables_of_four_make_four_tables_none_above_four():
    assert table_sizes(13, 4) == [4, 3, 3, 3]


@pytest.mark.parametrize("size", [3, 8])
def test_a_table_seats_four_to_seven(size):
    with pytest.raises(ValueError, match="4 to 7"):
        table_sizes(10, size)


def test_three_billing_people_sit_at_three_different_tables():
    people = [Person(i, "billing" if i < 3 else "support") for i in range(12)]

    tables = tables_propose(people, 4)

    functions = [[people[i].function for i in table] for table in tables]
    assert [table.count("billing") for table in functions] == [1, 1, 1]
    assert [table.count("support") for table in functions] == [3, 3, 3]


def test_people_without_a_function_fill_the_tables_evenly():
    people = [Person(i) for i in range(10)]

    tables = tables_propose(people, 5)

    assert sorted(len(table) for table in tables) == [5, 5]


functions = st.sampled_from(["", "billing", "support", "logistics", "sales", "product"])


@given(st.lists(functions, max_size=120), st.integers(min_value=4, max_value=7))
def test_everyone_is_seated_once_and_each_function_is_spread_evenly(joined, size):
    people = [Person(i, function) for i, function in enumerate(joined)]

    tables = tables_propose(people, size)

    seated = sorted(i for table in tables for i in table)
    assert seated == list(range(len(people)))
    assert all(len(table) <= size for table in tables)
    sizes = [len(table) for table in tables]
    assert not sizes or max(sizes) - min(sizes) <= 1
    spread = function_spread([[people[i].function for i in table] for table in tables])
    assert all(gap <= 1 for gap in spread.values()), spread


def test_a_late_joiner_goes_to_the_smallest_table():
    tables = [TableNow(1, ["a", "b", "c", "d"]), TableNow(2, ["a", "b", "c"])]

    assert table_for_late_joiner(tables, "a") == 2


def test_among_equal_tables_a_late_joiner_goes_where_their_function_is_missing():
    tables = [TableNow(1, ["billing", "support"]), TableNow(2, ["support", "sales"])]

    assert table_for_late_joiner(tables, "billing") == 2


@pytest.mark.parametrize("leaving", ["lobby", "agreement"])
@pytest.mark.parametrize("joining", ["lobby", "agreement"])
def test_people_move_between_tables_between_rounds(leaving, joining):
    assert move_refusal(leaving=leaving, joining=joining) is None


@pytest.mark.parametrize("phase", ["briefing", "live", "debrief", "finished"])
def test_nobody_moves_from_or_to_a_table_playing_or_done(phase):
    assert "their table" in (move_refusal(leaving=phase, joining="lobby") or "")
    assert "the other table" in (move_refusal(leaving="lobby", joining=phase) or "")
