"""The studio's plain rules: where a draft starts, how two versions differ, a draft as a file."""

import copy

import pytest

from scenarios.loader import LIBRARY_DIR, parse_scenario, read_scenario_file, validate_document
from scenarios.schema import format_field_path
from scenarios.studio.diff import document_diff
from scenarios.studio.files import scenario_yaml
from scenarios.studio.hints import scenario_hints
from scenarios.studio.templates import (
    Incident,
    Offer,
    blank_document,
    fork_document,
    incident_document,
)
from tests.factories import scenario_document

LIBRARY = sorted(LIBRARY_DIR.glob("*.yaml"))


def paths(problems):
    return {format_field_path(path) for path, _ in problems}


def test_a_blank_draft_lists_what_there_is_to_write_each_at_its_field():
    scenario, problems = validate_document(blank_document())

    assert scenario is None
    found = paths(problems)
    assert {"id", "title", "summary", "situation_type", "customer.opening_statement"} <= found
    assert "customer.hot_buttons[0].trigger" in found
    assert "coach.rubric[2].technique" in found
    assert "responders[1].brief" in found
    assert dict(problems)[("title",)] == "this is empty; write something here"
    assert dict(problems)[("situation_type",)] == "this field is required"


def incident() -> Incident:
    return Incident(
        title="Double charged at renewal",
        what_happened="The renewal was charged twice and her account went overdrawn.",
        customer_name="Priya Raman",
        customer_company="Raman & Cole",
        customer_role="Practice manager",
        situation_type="billing_error",
        involved=["Account manager", "Billing"],
        wants=["The money back before payroll", "An apology in writing"],
        can_give=[
            Offer(description="Refund to the card", cost=0, given_by=1),
            Offer(description="Same-day transfer", cost=25, given_by=1, needs_approval=True),
            Offer(description="A month free", cost=600, given_by=0),
        ],
    )


def test_the_incident_template_puts_each_answer_where_the_game_uses_it():
    document = incident_document(incident())

    assert document["id"] == "double-charged-at-renewal"
    assert document["customer"]["persona"]["name"] == "Priya Raman"
    assert document["customer"]["wants"] == document["outcome"]["good_resolution"]
    account, billing = document["responders"]
    assert (account["function"], billing["function"]) == ("account-manager", "billing")
    assert [c["id"] for c in billing["parameters"]["alone"]] == ["refund-to-the-card"]
    assert billing["parameters"]["with_approval"][0]["cost"] == 25
    assert account["parameters"]["alone"][0]["description"] == "A month free"
    assert "Priya Raman" in document["coach"]["debrief_questions"][0]


def test_the_incident_template_leaves_only_what_the_answers_cannot_say():
    _, problems = validate_document(incident_document(incident()))

    assert paths(problems) == {
        "summary",
        "industry",
        "customer.persona.history",
        "customer.persona.value",
        "customer.opening_statement",
        "customer.hot_buttons[0].trigger",
        "customer.calming_moves[0].note",
        "responders[0].brief",
        "responders[1].brief",
        "responders[1].parameters.with_approval[0].approver",
        "coach.rubric[0].looks_like",
        "coach.rubric[1].looks_like",
        "coach.rubric[2].looks_like",
        "coach.anti_patterns[0].looks_like",
        "coach.anti_patterns[1].looks_like",
        "coach.great_round",
    }


def test_a_fork_is_a_new_scenarios_first_edition_with_the_same_content():
    original = scenario_document()

    fork = fork_document(original, new_id="short-shipment-copy")

    assert (fork["id"], fork["title"], fork["version"]) == (
        "short-shipment-copy",
        "The short shipment (copy)",
        "1.0",
    )
    assert fork["customer"] == original["customer"]
    assert original["id"] == "short-shipment"


def test_a_diff_names_each_changed_field_with_before_and_after():
    before = scenario_document()
    after = copy.deepcopy(before)
    after["customer"]["hot_buttons"][0]["trigger"] = "Being told to calm down."
    after["customer"]["starting_mood"] = 9

    texts = [change.text for change in document_diff(before, after)]

    assert texts == [
        "customer.starting_mood: 8 → 9",
        "customer.hot_buttons[0].trigger: 'Being told the delay is normal.' → "
        "'Being told to calm down.'",
    ]


def test_an_entry_inserted_in_a_list_reads_as_one_addition_not_every_entry_changed():
    before = scenario_document()
    after = copy.deepcopy(before)
    new = {"id": "boss-calls", "title": "Her boss calls", "audience": "customer"}
    after["injects"].insert(0, {**new, "customer_text": "Your boss wants an answer."})
    after["coach"]["debrief_questions"].pop()

    changes = document_diff(before, after)

    assert [change.text for change in changes] == [
        "coach.debrief_questions[1]: removed 'Who owned the plan?'",
        "injects[0]: added (id: boss-calls)",
    ]


def test_identical_documents_have_no_differences():
    assert document_diff(scenario_document(), scenario_document()) == []


@pytest.mark.parametrize("path", LIBRARY, ids=[path.stem for path in LIBRARY])
def test_every_library_scenario_written_as_a_file_loads_as_the_same_scenario(path):
    original = read_scenario_file(path)

    written = scenario_yaml(original.scenario.model_dump(mode="json"))
    loaded = parse_scenario(written.encode(), source=path.name)

    assert loaded.scenario == original.scenario
    assert loaded.content_hash == original.content_hash


def test_a_draft_that_is_not_valid_yet_is_written_as_it_stands():
    document = blank_document()
    document["title"] = "Half written"

    written = scenario_yaml(document)

    assert "title: Half written" in written
    assert "opening_statement: ''" in written


def test_a_custom_technique_the_coach_cannot_tag_or_the_detector_cannot_find_is_pointed_out():
    document = scenario_document(
        techniques=[
            {
                "id": "confirm_in_writing",
                "label": "Confirm in writing",
                "kind": "good_move",
                "description": "Promises a written record of the fix.",
            }
        ],
        live_minutes=5,
    )
    scenario, _ = validate_document(document)
    assert scenario is not None

    hints = {format_field_path(path): message for path, message in scenario_hints(scenario)}

    assert "coach cannot tag it" in hints["techniques[0].id"]
    assert "without cues" in hints["techniques[0].cues"]
    assert "will not fire on its own" in hints["injects[0].at_minute"]
