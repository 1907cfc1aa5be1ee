"""Joining a game: a code easy to read aloud, unique names, tokens that bring you back."""

import pytest
from django.core import signing

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Event
from games.services.actors import Actor
from games.services.participants import (
    JOIN_CODE_ALPHABET,
    TOKEN_SALT,
    game_lock,
    participant_from_token,
    participant_join,
    participant_remove,
)
from tests import factories

pytestmark = pytest.mark.django_db


def refused(expected: ErrorCode, call, *args, **kwargs) -> str:
    with pytest.raises(GameError) as caught:
        call(*args, **kwargs)
    assert caught.value.code is expected
    return caught.value.message


def test_a_join_code_avoids_characters_that_are_misread_aloud():
    game = factories.game()

    assert len(game.code) == 6
    assert set(game.code) <= set(JOIN_CODE_ALPHABET)
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)


def test_joining_by_code_needs_no_account_and_the_token_brings_you_back():
    game = factories.game()

    participant, token = participant_join(code=f" {game.code.lower()} ", display_name="  Ann  ")

    assert participant.display_name == "Ann"
    assert participant_from_token(token) == participant
    joined = Event.objects.get(game=game, type="participant.joined")
    assert joined.payload["participant"]["name"] == "Ann"


def test_names_are_unique_within_a_game_whatever_their_case():
    game = factories.game(players=1)

    message = refused(ErrorCode.NAME_TAKEN, participant_join, code=game.code, display_name="ANN")

    assert "already called Ann" in message


def test_an_unknown_code_a_locked_game_and_a_full_game_are_refused_clearly():
    game = factories.game(players=2, max_players=2)

    refused(ErrorCode.GAME_NOT_FOUND, participant_join, code="ZZZZZZ", display_name="Zed")
    refused(ErrorCode.GAME_FULL, participant_join, code=game.code, display_name="Zed")
    factories.act(
        game, game_lock, by=Actor(role=Role.FACILITATOR, user=game.facilitator), locked=True
    )
    refused(ErrorCode.GAME_LOCKED, participant_join, code=game.code, display_name="Zed")


def test_a_forged_or_tampered_token_is_refused():
    game = factories.game()
    participant, token = factories.join(game, "Ann")
    forged = signing.dumps({"g": game.pk, "p": participant.pk, "n": "guess"}, salt=TOKEN_SALT)

    refused(ErrorCode.NOT_AUTHENTICATED, participant_from_token, token[:-2] + "xx")
    refused(ErrorCode.NOT_AUTHENTICATED, participant_from_token, forged)


def test_a_removed_participant_cannot_come_back_with_their_token():
    game = factories.game()
    participant, token = factories.join(game, "Ann")

    factories.act(
        game,
        participant_remove,
        by=Actor(role=Role.FACILITATOR, user=game.facilitator),
        participant_id=participant.pk,
    )

    refused(ErrorCode.PARTICIPANT_REMOVED, participant_from_token, token)


def test_blank_overlong_or_control_character_names_are_refused():
    game = factories.game()

    refused(ErrorCode.INVALID, participant_join, code=game.code, display_name="   ")
    refused(ErrorCode.INVALID, participant_join, code=game.code, display_name="x" * 41)
    refused(ErrorCode.INVALID, participant_join, code=game.code, display_name="A\x07nn")


@pytest.mark.parametrize(
    "name",
    ["Facilitator", "FACILITATOR", "Faci1itator", "The Facilitator", "Moderator", "The Host"],
)
def test_a_player_may_not_pass_for_someone_who_runs_the_game(name):
    game = factories.game()

    message = refused(ErrorCode.INVALID, participant_join, code=game.code, display_name=name)

    assert "runs the game" in message


@pytest.mark.parametrize(
    ("name", "mark"),
    [
        ("A\u200bnn", "U+200B"),
        ("Ann\u202e", "U+202E"),
        ("\u2066Ann", "U+2066"),
        ("An\u200dn", "U+200D"),
    ],
    ids=["zero-width space", "right-to-left override", "isolate", "zero-width joiner"],
)
def test_a_name_may_not_hold_invisible_or_direction_marks(name, mark):
    game = factories.game()

    message = refused(ErrorCode.INVALID, participant_join, code=game.code, display_name=name)

    assert mark in message


@pytest.mark.parametrize(
    "look_alike",
    ["\u0410nn", "\uff21\uff2e\uff2e", "Ann\u00a0", "AnN"],
    ids=["cyrillic", "fullwidth", "nbsp", "case"],
)
def test_a_name_that_looks_like_another_players_is_taken(look_alike):
    game = factories.game(players=1)  # Ann

    message = refused(
        ErrorCode.NAME_TAKEN, participant_join, code=game.code, display_name=look_alike
    )

    assert "already called Ann" in message


def test_names_that_only_share_letters_with_a_reserved_word_are_fine():
    game = factories.game()

    for name in ["Hostetler", "Badminton", "Alì", "李雷"]:
        participant, _ = participant_join(code=game.code, display_name=name)
        assert participant.display_name == name


def test_a_finished_game_refuses_new_players():
    game = factories.game(players=3, total_rounds=1)
    factories.advance_to(game, "finished")

    message = refused(ErrorCode.GAME_FINISHED, participant_join, code=game.code, display_name="Zed")

    assert message == "This game has finished."
