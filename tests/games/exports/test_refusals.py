"""A document that does not hang together is refused, naming where, and nothing is written."""

import copy
from collections.abc import Callable
from typing import Any

import pytest
from django.db import DataError

from games.exports import services
from games.exports.checks import ExportDocumentError
from games.exports.services import game_export, game_import
from games.models import Event, Game, Participant, SeatAssignment
from scenarios.models import Scenario, ScenarioVersion
from tests import factories

pytestmark = pytest.mark.django_db

Document = dict[str, Any]


@pytest.fixture
def document() -> Document:
    game = factories.game(players=4, total_rounds=2)
    factories.advance_to(game, "live", 1)
    return game_export(game, anonymise=False).model_dump(mode="json")


def rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Game, Participant, SeatAssignment, Event, Scenario, ScenarioVersion)
    }


def refused(document: Any, facilitator=None) -> list[tuple[str, str]]:
    before = rows()
    with pytest.raises(ExportDocumentError) as caught:
        game_import(document, facilitator=facilitator or factories.UserFactory.create())
    assert rows() == before
    return [(problem.path, problem.message) for problem in caught.value.problems]


def paths(problems: list[tuple[str, str]]) -> list[str]:
    return [path for path, _ in problems]


def changed(document: Document, change: Callable[[Document], Any]) -> Document:
    tampered = copy.deepcopy(document)
    change(tampered)
    return tampered


def first(document: Document, type: str) -> Document:
    return next(event for event in document["events"] if event["type"] == type)


def test_an_unknown_version_is_refused_naming_the_version(document):
    problems = refused(changed(document, lambda d: d.update(version=2)))

    assert problems == [("version", "this server reads version 1 of the format, not 2")]


def test_something_that_is_not_an_export_is_refused_naming_the_format(document):
    assert paths(refused(changed(document, lambda d: d.pop("format")))) == ["format"]
    assert paths(refused({"format": "bearcave.scenario", "version": 1})) == ["format"]
    assert paths(refused([document])) == [""]
    assert paths(refused(b"{not json")) == [""]


def test_a_gap_in_the_log_is_refused_naming_the_event(document):
    def gap(d: Document) -> None:
        del d["events"][3]
        d["game"]["state"]["last_seq"] -= 1

    assert paths(refused(changed(document, gap))) == ["events[3].seq"]


def test_an_event_naming_a_participant_who_does_not_exist_is_refused(document):
    def stranger(d: Document) -> None:
        first(d, "participant.joined")["payload"]["participant"]["id"] = 99

    problems = refused(changed(document, stranger))

    index = next(i for i, e in enumerate(document["events"]) if e["type"] == "participant.joined")
    assert problems == [
        (
            f"events[{index}].payload.participant.id",
            "names participant 99, who is not in `participants`",
        )
    ]


def test_a_seat_plan_naming_a_stranger_is_refused_naming_the_seat(document):
    def stranger(d: Document) -> None:
        first(d, "round.opened")["payload"]["seats"][1]["participant"] = 42

    (path,) = paths(refused(changed(document, stranger)))

    assert path.endswith(".payload.seats[1].participant")


def test_an_actor_or_seat_naming_a_stranger_is_refused(document):
    def strangers(d: Document) -> None:
        first(d, "participant.joined")["actor"] = 77
        d["seats"][0]["participant"] = 78

    assert sorted(paths(refused(changed(document, strangers)))) == [
        "events[1].actor",
        "seats[0].participant",
    ]


def test_a_bad_scenario_document_is_refused_naming_its_field(document):
    def bad(d: Document) -> None:
        d["scenario"]["document"]["customer"]["starting_mood"] = 11

    problems = refused(changed(document, bad))

    assert ("scenario.document.customer.starting_mood") in paths(problems)


def test_a_scenario_whose_source_or_hash_does_not_match_is_refused(document):
    def other_source(d: Document) -> None:
        d["scenario"]["source"] = d["scenario"]["source"].replace("Dana", "Diana")

    def other_hash(d: Document) -> None:
        d["scenario"]["content_hash"] = "0" * 64

    assert paths(refused(changed(document, other_source))) == ["scenario.source"]
    assert paths(refused(changed(document, other_hash))) == ["scenario.content_hash"]


def test_unknown_fields_and_event_types_are_refused(document):
    def extra(d: Document) -> None:
        d["participants"][0]["email"] = "ann@example.com"
        d["events"][0]["type"] = "game.exploded"

    assert sorted(paths(refused(changed(document, extra)))) == ["participants[0].email"]
    assert paths(refused(changed(document, lambda d: d["events"][0].update(type="x.y")))) == [
        "events[0].type"
    ]


def test_text_no_database_can_store_is_refused(document):
    def nul(d: Document) -> None:
        d["participants"][2]["display_name"] = "Ann\x00"

    assert paths(refused(changed(document, nul))) == ["participants[2].display_name"]


def test_two_present_people_with_one_name_are_refused(document):
    def twins(d: Document) -> None:
        d["participants"][1]["display_name"] = d["participants"][0]["display_name"].upper()

    assert paths(refused(changed(document, twins))) == ["participants[1].display_name"]


def test_a_store_that_fails_half_way_leaves_nothing_behind_not_even_the_scenario(
    document, monkeypatch
):
    facilitator = factories.UserFactory.create()
    Game.objects.all().delete()
    ScenarioVersion.objects.all().delete()

    def database_refuses(*args: Any, **kwargs: Any) -> None:
        assert Game.objects.exists()  # half-way indeed
        assert ScenarioVersion.objects.exists()
        raise DataError("value too long")

    monkeypatch.setattr(services, "_events", database_refuses)

    problems = refused(document, facilitator)

    assert problems == [("", "the database refused the game: value too long")]
    assert not ScenarioVersion.objects.exists()


def test_a_payload_the_game_cannot_read_is_refused_naming_its_round(document):
    def unreadable_mood(d: Document) -> None:
        first(d, "mood.changed")["payload"]["mood"] = "furious"

    ((path, message),) = refused(changed(document, unreadable_mood))

    assert path == "events (round 1)"
    assert message.startswith("the log does not replay: ValueError")
