"""Phases run lobby, then briefing, live, debrief, agreement per round, then finished."""

import pytest

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase, Position, check_expected_phase, next_position


def walk(total_rounds: int) -> list[tuple[str, int]]:
    position, seen = Position(Phase.LOBBY, 0), []
    while position.phase != Phase.FINISHED:
        position = next_position(position, total_rounds=total_rounds)
        seen.append((position.phase.value, position.round_number))
    return seen


def test_every_round_runs_the_same_four_phases_then_the_game_finishes():
    assert walk(2) == [
        ("briefing", 1),
        ("live", 1),
        ("debrief", 1),
        ("agreement", 1),
        ("briefing", 2),
        ("live", 2),
        ("debrief", 2),
        ("agreement", 2),
        ("finished", 2),
    ]


def test_a_finished_game_has_no_next_phase():
    with pytest.raises(GameError) as refused:
        next_position(Position(Phase.FINISHED, 3), total_rounds=3)

    assert refused.value.code is ErrorCode.GAME_FINISHED


def test_a_second_click_on_next_from_an_old_phase_changes_nothing():
    with pytest.raises(GameError) as refused:
        check_expected_phase(Position(Phase.DEBRIEF, 1), Phase.LIVE)

    assert refused.value.code is ErrorCode.STALE_PHASE
    assert "already in debrief" in refused.value.message
