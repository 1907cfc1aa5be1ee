"""Export then import gives an equal game: the same log, seats, people, outcomes and views."""

import pytest
from django.core import signing

from games.engine.errors import GameError
from games.engine.phases import Phase
from games.exports.services import game_export, game_import
from games.models import Event, Game, Participant, SeatAssignment
from games.selectors import Viewer, events_since, snapshot_for
from games.services.outcomes import round_outcome_for
from games.services.participants import TOKEN_SALT, participant_from_token
from scenarios.models import Scenario, ScenarioVersion
from scenarios.selectors import current_version
from tests import factories
from tests.games.exports.compare import normalised
from tests.games.exports.play import played_game

pytestmark = pytest.mark.django_db


def round_trip(game: Game, **kwargs) -> Game:
    document = game_export(game, anonymise=False).model_dump(mode="json")
    return game_import(document, facilitator=kwargs.get("facilitator", game.facilitator))


def people(game: Game) -> list[Participant]:
    return list(game.participants.order_by("joined_at", "pk"))


@pytest.fixture
def played() -> tuple[Game, Game]:
    """Given a played game, when it is exported and imported: the game and its copy."""
    game = played_game()
    return game, round_trip(game)


def test_the_copy_has_a_fresh_code_and_new_participant_ids(played):
    game, copy = played

    assert copy.code != game.code
    assert not {p.pk for p in people(copy)} & {p.pk for p in people(game)}
    assert [(p.display_name, p.observer, p.removed_at, p.joined_at) for p in people(copy)] == [
        (p.display_name, p.observer, p.removed_at, p.joined_at) for p in people(game)
    ]


def test_the_copy_has_the_same_settings_state_and_scenario_version(played):
    game, copy = played
    fields = [
        "name",
        "conversation_mode",
        "coach_mode",
        "total_rounds",
        "live_seconds",
        "debrief_seconds",
        "functions",
        "max_players",
        "scripted_customer",
        "phase",
        "round_number",
        "phase_deadline",
        "paused_remaining",
        "phase_allotted",
        "hold_reason",
        "locked",
        "last_seq",
        "created_at",
        "scenario_version_id",
        "facilitator_id",
    ]

    assert {f: getattr(copy, f) for f in fields} == {f: getattr(game, f) for f in fields}
    assert copy.phase == Phase.FINISHED


def test_the_copy_has_the_same_log_with_ids_remapped(played):
    game, copy = played
    facilitator = Viewer(participant=None)

    original = normalised(game, events_since(game, facilitator, 0))
    imported = normalised(copy, events_since(copy, facilitator, 0))

    assert len(original) == game.last_seq
    assert imported == original
    assert Event.objects.filter(game=copy, actor_user=copy.facilitator).count() == (
        Event.objects.filter(game=game, actor_user=game.facilitator).count()
    )


def test_the_copy_has_the_same_seats(played):
    game, copy = played

    def seats(of: Game) -> list[tuple]:
        rows = SeatAssignment.objects.filter(game=of).select_related("participant")
        return sorted(
            (
                s.round_number,
                normalised(of, {"participant": s.participant_id})["participant"],
                s.role,
                s.functions,
            )
            for s in rows
        )

    assert seats(copy) == seats(game)
    assert len(seats(game)) > 8


def test_the_copys_round_outcomes_equal_the_originals(played):
    game, copy = played

    for number in (1, 2):
        assert (
            round_outcome_for(copy, number).as_json() == round_outcome_for(game, number).as_json()
        )
    assert round_outcome_for(game, 1).rubric_ratings  # the comparison compares something
    assert round_outcome_for(game, 2).agreed_changes


def test_every_participant_sees_the_same_in_the_copy(played):
    game, copy = played

    for before, after in zip(people(game), people(copy), strict=True):
        seen_before = normalised(game, events_since(game, Viewer(participant=before), 0))
        seen_after = normalised(copy, events_since(copy, Viewer(participant=after), 0))
        assert seen_after == seen_before
        snapshot_before = normalised(game, snapshot_for(game, Viewer(participant=before)))
        snapshot_after = normalised(copy, snapshot_for(copy, Viewer(participant=after)))
        assert snapshot_after == snapshot_before


def test_exporting_the_copy_gives_the_same_document(played):
    game, copy = played

    def comparable(of: Game) -> dict:
        document = game_export(of, anonymise=False).model_dump(mode="json")
        document.pop("exported_at")
        assert document["game"].pop("code") == document["events"][0]["payload"].pop("code")
        return document

    assert comparable(copy) == comparable(game)


def test_tokens_of_the_original_do_not_work_on_the_copy(played):
    game, copy = played

    for before, after in zip(people(game), people(copy), strict=True):
        assert after.token_nonce != before.token_nonce
        forged = signing.dumps(
            {"g": copy.pk, "p": after.pk, "n": before.token_nonce}, salt=TOKEN_SALT, compress=True
        )
        with pytest.raises(GameError):
            participant_from_token(forged)


def test_a_game_exported_mid_round_keeps_its_clock_but_the_clock_leaves_the_copy_alone():
    game = factories.game(players=4)
    factories.advance_to(game, Phase.LIVE, 1)
    assert game.wake_at is not None

    copy = round_trip(game)

    assert (copy.phase, copy.round_number) == (Phase.LIVE, 1)
    assert copy.phase_deadline == game.phase_deadline
    assert copy.phase_allotted == game.phase_allotted
    assert copy.wake_at is None


def test_a_game_in_the_lobby_round_trips():
    game = factories.game(players=2)

    copy = round_trip(game)

    assert copy.phase == Phase.LOBBY
    assert normalised(copy, events_since(copy, Viewer(None), 0)) == normalised(
        game, events_since(game, Viewer(None), 0)
    )


def test_another_facilitator_may_import_it_and_runs_the_copy():
    game = factories.game(players=3)
    someone_else = factories.UserFactory.create()

    copy = round_trip(game, facilitator=someone_else)

    assert copy.facilitator == someone_else
    created = Event.objects.get(game=copy, seq=1)
    assert created.actor_user == someone_else
    assert created.payload["code"] == copy.code
    assert created.actor_key == ""


def test_a_fresh_install_gets_the_scenario_version_from_the_document():
    given = factories.game(players=3)
    document = game_export(given, anonymise=False).model_dump(mode="json")
    facilitator = given.facilitator
    given.delete()
    ScenarioVersion.objects.all().delete()
    Scenario.objects.all().delete()

    copy = game_import(document, facilitator=facilitator)

    version = copy.scenario_version
    assert version.content_hash == document["scenario"]["content_hash"]
    assert version.document == document["scenario"]["document"]
    assert version.source_yaml == document["scenario"]["source"]
    assert version.imported_by == facilitator
    assert version.number == document["scenario"]["number"]
    assert version.published is False, "an import adds nothing to the library"
    assert Event.objects.get(game=copy, seq=1).payload["scenario"]["version"] == version.number


def test_an_install_with_other_content_keeps_the_games_version_out_of_its_library():
    game = factories.game(players=3)
    document = game_export(game, anonymise=False).model_dump(mode="json")
    facilitator = game.facilitator
    game.delete()
    ScenarioVersion.objects.all().delete()
    theirs = factories.scenario_version(title="The short shipment, as edited elsewhere")

    copy = game_import(document, facilitator=facilitator)

    assert copy.scenario_version.content_hash == document["scenario"]["content_hash"]
    assert copy.scenario_version.published is False
    assert current_version("short-shipment", organisation_id=copy.organisation_id) == theirs


def test_an_install_that_has_the_content_links_it_even_when_it_is_not_the_latest():
    game = factories.game(players=3)
    newer = factories.scenario_version(title="The short shipment, revised")
    versions = ScenarioVersion.objects.count()

    copy = round_trip(game)

    assert newer.number == game.scenario_version.number + 1
    assert copy.scenario_version == game.scenario_version
    assert ScenarioVersion.objects.count() == versions
