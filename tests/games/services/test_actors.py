"""A player's command reads the sender with the game's lock: as the database holds them at that
moment, in their seat of the current round, and refused when they may not act in this game."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from games.engine.roles import Role
from games.models import Game, Participant, SeatAssignment
from games.services.actors import Actor, actor_from_lock
from games.services.command_sql import lock_for_command
from tests import factories

pytestmark = pytest.mark.django_db


def sender_of(game: Game, sender_id: int) -> Actor:
    with transaction.atomic():
        locked = lock_for_command(game.pk, actor_key="", client_msg_id="", sender_id=sender_id)
        return actor_from_lock(locked)


def seated_game() -> Game:
    game = factories.game()
    for name in factories.PLAYER_NAMES[:4]:
        factories.join(game, name)
    factories.advance_to(game, "live", 1)
    game.refresh_from_db()
    return game


def test_the_sender_comes_in_their_seat_of_this_round_with_every_field_as_the_orm_reads_it():
    game = seated_game()
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=Role.RESPONDER).first()
    assert seat is not None

    actor = sender_of(game, seat.participant_id)

    assert actor.role == Role.RESPONDER
    assert actor.functions == tuple(seat.functions)
    assert actor.participant is not None
    stored = Participant.objects.get(pk=seat.participant_id)
    assert actor.participant.display_name == stored.display_name
    assert actor.participant.joined_at == stored.joined_at
    assert isinstance(actor.participant.joined_at, datetime.datetime)
    assert actor.participant.observer is False
    assert actor.participant.is_present


def test_a_participant_without_a_seat_this_round_acts_as_an_observer():
    game = seated_game()
    late, _ = factories.join(game, "Late")

    actor = sender_of(game, late.pk)

    assert actor.role == Role.OBSERVER
    assert actor.functions == ()


def test_a_removed_participant_is_refused():
    game = seated_game()
    gone = Participant.objects.filter(game=game).first()
    assert gone is not None
    Participant.objects.filter(pk=gone.pk).update(removed_at=timezone.now())

    with pytest.raises(GameError) as refused:
        sender_of(game, gone.pk)

    assert refused.value.code == ErrorCode.PARTICIPANT_REMOVED


def test_a_participant_of_another_game_or_of_none_is_refused():
    game, other = seated_game(), factories.game()
    stranger, _ = factories.join(other, "Stranger")

    with pytest.raises(GameError) as of_another_game:
        sender_of(game, stranger.pk)
    with pytest.raises(GameError) as of_none:
        sender_of(game, 10**9)

    assert of_another_game.value.code == ErrorCode.NOT_ALLOWED
    assert of_none.value.code == ErrorCode.NOT_ALLOWED


def test_a_game_locked_without_its_sender_cannot_name_one():
    game = seated_game()
    with transaction.atomic():
        locked = lock_for_command(game.pk, actor_key="", client_msg_id="", sender_id=None)

        with pytest.raises(TypeError, match="sender"):
            actor_from_lock(locked)
