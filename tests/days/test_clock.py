"""The day's master clock, from the tables' own phase clocks."""

from datetime import UTC, datetime, timedelta

from days.clock import MasterClock, TableTime, master_clock

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_before_the_tables_open_the_day_has_no_clock():
    assert master_clock(NOW, None, []) == MasterClock(None, None, paused=False, timed_tables=0)


def test_the_clock_counts_since_the_tables_opened_and_to_the_last_running_table():
    tables = [TableTime(300, paused=False), TableTime(420.25, paused=False), TableTime(None, False)]

    clock = master_clock(NOW, NOW - timedelta(minutes=25), tables)

    assert clock == MasterClock(1500.0, 420.2, paused=False, timed_tables=2)


def test_a_paused_table_does_not_hold_the_clock_while_another_runs():
    clock = master_clock(NOW, NOW, [TableTime(900, paused=True), TableTime(60, paused=False)])

    assert (clock.seconds_left, clock.paused) == (60, False)


def test_when_every_timed_table_is_paused_the_clock_stands_still():
    clock = master_clock(NOW, NOW, [TableTime(900, paused=True), TableTime(100, paused=True)])

    assert (clock.seconds_left, clock.paused) == (900, True)


def test_a_clock_from_the_future_never_counts_backwards():
    assert master_clock(NOW, NOW + timedelta(seconds=3), []).elapsed_seconds == 0.0
