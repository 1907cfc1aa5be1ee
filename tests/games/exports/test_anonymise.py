"""An anonymised export names nobody: not in the participants, not in any payload, not in the
text people typed; and it is still a whole game that imports."""

import json
import re

import pytest

from games.engine.roles import Role
from games.exports.anonymise import Aliases, Person
from games.exports.document import rendered_document
from games.exports.services import game_export, game_import, rounds_table, transcript_table
from games.services.conversation import message_post
from tests import factories
from tests.games.exports.play import NAMES, OBSERVER, one, played_game

pytestmark = pytest.mark.django_db


def mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


@pytest.fixture
def game():
    return played_game()


def test_the_anonymised_export_contains_none_of_the_names(game):
    assert all(mentions(rendered_document(game_export(game, anonymise=False)), n) for n in NAMES)

    text = rendered_document(game_export(game, anonymise=True))

    for name in [*NAMES, OBSERVER, game.facilitator.username]:
        assert not mentions(text, name), name
    assert "Table" not in text  # the team name


def test_neither_anonymised_table_contains_the_names(game):
    for table in (transcript_table(game, anonymise=True), rounds_table(game, anonymise=True)):
        for name in [*NAMES, OBSERVER, game.facilitator.username]:
            assert not mentions(table, name), name
    assert mentions(transcript_table(game, anonymise=False), NAMES[0])


def test_each_person_has_one_alias_everywhere(game):
    document = game_export(game, anonymise=True)
    people = {p.id: p.display_name for p in document.participants}

    assert list(people.values()) == [f"Participant {n}" for n in range(1, 7)]
    assert document.game.settings.name == ""
    assert document.game.facilitator is None
    assert document.anonymised is True
    for event in document.events:
        if event.type == "message.posted" and event.actor is not None:
            assert event.payload["author"] == people[event.actor]
        if event.type == "participant.joined":
            assert (
                event.payload["participant"]["name"] == people[event.payload["participant"]["id"]]
            )
        plans = (
            event.payload["rounds"].values()
            if event.type in ("seats.planned", "seats.swapped")
            else []
        )
        for plan in plans:
            for seat in plan:
                assert seat["name"] == people[seat["participant"]]


def test_a_removed_players_name_taken_by_a_later_joiner_gets_each_their_own_alias(game):
    document = game_export(game, anonymise=True)
    removed = next(e for e in document.events if e.type == "participant.removed")
    rejoined = [e for e in document.events if e.type == "participant.joined"][-1]

    assert removed.payload["name"] == "Participant 5"
    assert rejoined.payload["participant"]["name"] == "Participant 6"


def test_names_typed_into_text_are_replaced_as_whole_words_whatever_their_case():
    game = factories.game()
    for name in ("Ann", "Ben", "Cat"):
        factories.join(game, name)
    factories.advance_to(game, "live", 1)
    customer = one(game, Role.CUSTOMER)
    factories.act(
        game,
        message_post,
        by=customer,
        channel="room",
        text="ANN and ben: Anna from Catering says hi, Cat.",
    )

    document = game_export(game, anonymise=True)

    (message,) = [e for e in document.events if e.type == "message.posted"]
    assert message.payload["text"] == (
        "Participant 1 and Participant 2: Anna from Catering says hi, Participant 3."
    )
    assert message.payload["author"] == f"Participant {message.actor}"


def test_free_text_is_otherwise_kept(game):
    document = game_export(game, anonymise=True)

    texts = [e.payload["text"] for e in document.events if e.type == "message.posted"]
    assert '=HYPERLINK("x") I hear you.' in texts
    assert any(text.endswith(", where are my pallets?") for text in texts)


def test_an_anonymised_export_imports_as_a_game_of_aliases(game):
    document = game_export(game, anonymise=True).model_dump(mode="json")

    copy = game_import(document, facilitator=game.facilitator)

    assert [p.display_name for p in copy.participants.order_by("joined_at")] == [
        f"Participant {n}" for n in range(1, 7)
    ]
    assert copy.name == ""
    assert copy.last_seq == game.last_seq


def test_aliases_prefer_longer_names_and_leave_other_values_alone():
    aliases = Aliases([Person(1, "Ann", 2), Person(2, "Ann Lee", 3), Person(3, "Participant", 4)])

    assert aliases.text("Ann Lee met Ann and the Participant.", 9) == (
        "Participant 2 met Participant 1 and the Participant 3."
    )
    assert aliases.name("Facilitator", 9) == "Facilitator"
    assert aliases.name(None, 9) is None
    assert aliases.text(json.dumps({"Ann": 1}), 9) == '{"Participant 1": 1}'
