"""Scenario files: what is refused, and how each refusal names the file, the field and the line."""

import pytest
import yaml

from scenarios.loader import MAX_FILE_BYTES, ScenarioFileError, parse_scenario, read_scenario_file
from tests.factories import scenario_document, scenario_yaml


def problems_for(raw: bytes) -> list[str]:
    with pytest.raises(ScenarioFileError) as caught:
        parse_scenario(raw, source="broken.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_a_valid_file_parses_into_the_scenario():
    parsed = parse_scenario(scenario_yaml(), source="short-shipment.yaml")

    assert parsed.scenario.id == "short-shipment"
    assert parsed.scenario.customer.starting_mood == 8


def test_an_empty_file_is_refused():
    assert problems_for(b"  \n\n") == ["broken.yaml: the file is empty"]


def test_yaml_that_is_not_a_mapping_is_refused():
    assert problems_for(b"- just\n- a list\n") == [
        "broken.yaml:1: a scenario must be a YAML mapping of fields, not list"
    ]


def test_broken_yaml_is_refused_with_its_line():
    (problem,) = problems_for(b"id: x\ntitle: [unclosed\nsummary: y\n")

    assert problem.startswith("broken.yaml:3: this is not valid YAML")


def test_python_object_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    raw = f"!!python/object/apply:os.system ['touch {marker}']\n".encode()

    (problem,) = problems_for(raw)

    assert "YAML tags that build objects are not allowed" in problem
    assert not marker.exists()


BILLION_LAUGHS = b"""\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def test_an_alias_bomb_is_refused_before_it_expands():
    bomb = BILLION_LAUGHS
    (problem,) = problems_for(bomb)

    assert (
        problem == "broken.yaml:1: anchors and aliases (&name, *name) are not allowed in a scenario"
    )


def test_a_file_over_one_megabyte_is_refused():
    (problem,) = problems_for(b"#" * (MAX_FILE_BYTES + 1))

    assert "a scenario may be at most 1,000,000" in problem


def test_a_duplicate_key_is_refused_with_its_line():
    (problem,) = problems_for(b"id: one\ntitle: t\nid: two\n")

    assert problem == "broken.yaml:3: the key 'id' appears twice in the same mapping"


def test_a_schema_error_names_the_field_path_and_line():
    document = scenario_document()
    document["customer"]["hot_buttons"][0]["mood_change"] = 9

    problems = problems_for(yaml.safe_dump(document, sort_keys=False).encode())

    assert len(problems) == 1
    assert (
        "customer.hot_buttons[0].mood_change: Input should be less than or equal to 4"
        in problems[0]
    )
    line = int(problems[0].split(":")[1])
    source_lines = yaml.safe_dump(document, sort_keys=False).splitlines()
    assert source_lines[line - 1].strip().startswith("mood_change: 9")


def test_a_misspelt_field_is_refused_rather_than_ignored():
    problems = problems_for(scenario_yaml(sumary="typo"))

    assert any("sumary: this is not a field here" in problem for problem in problems)


def test_unknown_techniques_and_duplicate_ids_are_each_reported_at_their_field_and_line():
    document = scenario_document()
    document["coach"]["rubric"][0]["technique"] = "charm_offensive"
    document["injects"][1]["id"] = document["injects"][0]["id"]
    text = yaml.safe_dump(document, sort_keys=False)

    problems = problems_for(text.encode())

    assert len(problems) == 2
    duplicate = next(p for p in problems if "injects[1].id:" in p)
    unknown = next(p for p in problems if "coach.rubric[0].technique:" in p)
    assert "'truck-update' appears more than once (first at injects[0].id)" in duplicate
    assert "unknown technique 'charm_offensive'" in unknown
    lines = text.splitlines()
    assert "id: truck-update" in lines[int(duplicate.split(":")[1]) - 1]
    assert "technique: charm_offensive" in lines[int(unknown.split(":")[1]) - 1]


def test_a_calm_threshold_at_or_above_the_starting_mood_is_refused():
    problems = problems_for(scenario_yaml(outcome={"calm_threshold": 8, "good_resolution": ["x"]}))

    assert any(
        "outcome.calm_threshold: 8 must be below customer.starting_mood (8)" in p for p in problems
    )


def test_a_file_must_be_named_after_its_id(tmp_path):
    path = tmp_path / "something-else.yaml"
    path.write_bytes(scenario_yaml())

    with pytest.raises(ScenarioFileError, match=r"must be named short-shipment\.yaml"):
        read_scenario_file(path)


def test_a_malformed_id_or_an_empty_text_is_explained_in_words_not_as_a_pattern():
    problems = problems_for(scenario_yaml(id="Late_Pallets", title="", currency="eur"))

    assert any(
        "id: use lower-case letters, digits and single hyphens, e.g. late-pallets" in p
        for p in problems
    )
    assert any("title: this is empty; write something here" in p for p in problems)
    assert any("currency: use a currency's three capital letters, e.g. EUR" in p for p in problems)
