"""The bots' pace: at `human` a demo round moves as a room would, thinking before each move and
typing what they say; at a number of seconds, exactly that long between moves."""

import pytest

from games.bots.pace import HUMAN_CHARACTERS_PER_SECOND, Pace

SHORT = "Sorry."
LONG = "I am sorry the pallets did not arrive; I will call you at 17:00 with the new time."


def test_at_a_human_pace_a_bot_thinks_a_few_seconds_and_types_what_it_says():
    pace = Pace.named("human")

    short = [pace.seconds_before("post_message", {"text": SHORT}) for _ in range(50)]
    long = [pace.seconds_before("post_message", {"text": LONG}) for _ in range(50)]
    mood = [pace.seconds_before("set_mood", {"mood": 4}) for _ in range(50)]

    assert all(1.5 <= seconds <= 4.0 for seconds in mood), "a moment to think, no typing"
    assert len(set(mood)) > 1, "people do not move like clockwork"
    typing_long = len(LONG) / HUMAN_CHARACTERS_PER_SECOND
    assert all(1.5 + typing_long <= seconds <= 4.0 + typing_long for seconds in long)
    assert min(long) > max(short), "a longer message takes longer to type"
    assert 10 <= typing_long <= 20, "a line of 80 characters takes a person 10 to 20 seconds"


def test_at_a_human_pace_the_room_gets_time_to_take_in_each_phase():
    pace = Pace.named("human")

    assert 8 <= pace.seconds_before("advance_phase", {"expected_phase": "briefing"}) <= 12


@pytest.mark.parametrize("command", ["post_message", "advance_phase", "vote"])
def test_at_a_pace_in_seconds_every_move_waits_exactly_that_long(command):
    assert Pace.named("2.5").seconds_before(command, {"text": LONG}) == 2.5


def test_fast_bots_never_wait():
    assert Pace.named("fast").seconds_before("post_message", {"text": LONG}) == 0


@pytest.mark.parametrize("name", ["slow", "-1", "601", "nan"])
def test_a_pace_that_is_not_fast_human_or_seconds_is_refused_saying_what_is(name):
    with pytest.raises(ValueError, match=r"fast, human or seconds|0 to 600"):
        Pace.named(name)
