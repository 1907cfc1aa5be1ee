"""The built-in library: every scenario is valid and together they cover the whole method."""

import pytest

from scenarios.loader import LIBRARY_DIR, read_scenario_files
from scenarios.management.commands.export_scenario_schema import SCHEMA_FILE, rendered_schema
from scenarios.schema import SituationType

LIBRARY, PROBLEMS = read_scenario_files([LIBRARY_DIR])


def test_every_builtin_scenario_is_valid():
    assert PROBLEMS == []
    assert len(LIBRARY) >= 10


def test_the_library_covers_every_situation_type():
    covered = {parsed.scenario.situation_type for parsed in LIBRARY}

    assert covered == set(SituationType)


def test_the_library_spans_at_least_three_industries_and_every_difficulty():
    scenarios = [parsed.scenario for parsed in LIBRARY]

    assert len({scenario.industry for scenario in scenarios}) >= 3
    assert {scenario.difficulty for scenario in scenarios} == {
        "introductory",
        "intermediate",
        "hard",
    }


@pytest.mark.parametrize("parsed", LIBRARY, ids=lambda parsed: parsed.scenario.id)
def test_each_scenario_can_run_a_round_without_preparation(parsed):
    scenario = parsed.scenario

    assert 2 <= len(scenario.responders) <= 5
    assert scenario.customer.hidden_facts, "something for good questions to uncover"
    assert any(inject.at_minute is not None for inject in scenario.injects)
    assert any(inject.at_minute is None for inject in scenario.injects)
    assert scenario.customer.escalation_cards
    assert all(
        seat.parameters.alone or seat.parameters.with_approval for seat in scenario.responders
    )


def test_no_two_scenarios_open_the_same_way():
    openings = [parsed.scenario.customer.opening_statement for parsed in LIBRARY]

    assert len(set(openings)) == len(openings)


def test_the_published_json_schema_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == rendered_schema(), (
        "docs/scenario.schema.json is stale: run `python manage.py export_scenario_schema`"
    )
