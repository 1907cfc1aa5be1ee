"""The phase clock keeps a deadline that pauses, resumes and extends without losing time."""

from datetime import UTC, datetime, timedelta

import pytest

from games.engine.clock import PhaseClock, minutes_and_seconds
from games.engine.errors import ErrorCode, GameError

NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_a_paused_clock_keeps_what_was_left_and_resumes_from_there():
    clock = PhaseClock.start(NOON, timedelta(minutes=20))

    paused = clock.pause(NOON + timedelta(minutes=5))
    resumed = paused.resume(NOON + timedelta(hours=1))

    assert paused.time_left(NOON + timedelta(hours=1)) == timedelta(minutes=15)
    assert not paused.is_due(NOON + timedelta(days=1))
    assert resumed.deadline == NOON + timedelta(hours=1, minutes=15)


def test_extending_moves_the_deadline_whether_running_or_paused():
    running = PhaseClock.start(NOON, timedelta(minutes=10)).extend(timedelta(minutes=2))
    paused = PhaseClock.start(NOON, timedelta(minutes=10)).pause(NOON).extend(timedelta(minutes=2))

    assert running.deadline == NOON + timedelta(minutes=12)
    assert paused.remaining == timedelta(minutes=12)


def test_a_clock_is_due_at_its_deadline_and_never_shows_negative_time():
    clock = PhaseClock.start(NOON, timedelta(minutes=1))

    assert not clock.is_due(NOON + timedelta(seconds=59))
    assert clock.is_due(NOON + timedelta(minutes=1))
    assert clock.time_left(NOON + timedelta(minutes=5)) == timedelta(0)


@pytest.mark.parametrize(
    ("clock", "operation", "code"),
    [
        (PhaseClock(remaining=timedelta(1)), lambda c: c.pause(NOON), ErrorCode.ALREADY_PAUSED),
        (PhaseClock(deadline=NOON), lambda c: c.resume(NOON), ErrorCode.NOT_PAUSED),
        (PhaseClock(), lambda c: c.extend(timedelta(1)), ErrorCode.WRONG_PHASE),
    ],
)
def test_impossible_clock_operations_are_refused(clock, operation, code):
    with pytest.raises(GameError) as refused:
        operation(clock)

    assert refused.value.code is code


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0, "0:00"), (19, "0:19"), (19.4, "0:19"), (59.6, "1:00"), (125, "2:05"), (3725, "62:05")],
)
def test_a_duration_reads_as_minutes_and_seconds_like_a_timer(seconds, shown):
    assert minutes_and_seconds(seconds) == shown
