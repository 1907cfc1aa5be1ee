"""The command path's SQL writes what the ORM would write, and reads back what it locked."""

import pytest
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from games.engine.roles import Audience
from games.models import Event, Game
from games.services.command_sql import insert_event, lock_for_command
from tests import factories

pytestmark = pytest.mark.django_db


def an_event(game: Game, seq: int, **fields) -> Event:
    values = {
        "round_number": 0,
        "type": "message.posted",
        "audience": Audience.ROOM,
        "payload": {"channel": "room", "text": "Ünïcode and emoji 🐻", "functions": ["a", "b"]},
        "created_at": timezone.now(),
        "actor_key": "p1",
        "client_msg_id": f"c-{seq}",
    }
    return Event(game=game, seq=seq, **{**values, **fields})


def stored(event: Event) -> dict:
    row = model_to_dict(Event.objects.get(pk=event.pk), exclude=["id", "seq", "client_msg_id"])
    return row


def test_the_written_out_insert_stores_the_very_row_the_orm_would():
    game = factories.game(players=1)
    first, second = game.last_seq + 1, game.last_seq + 2
    by_the_orm = an_event(game, first)
    by_the_orm.save()
    by_hand = an_event(game, second, created_at=by_the_orm.created_at)

    with transaction.atomic():
        insert_event(by_hand)

    assert stored(by_hand) == stored(by_the_orm)
    game.refresh_from_db()
    assert game.last_seq == second  # the log position moved with it, in the same write


def test_the_insert_prepares_each_value_as_its_field_does_before_a_save(monkeypatch):
    field = Event._meta.get_field("actor_key")
    monkeypatch.setattr(field, "pre_save", lambda instance, add: instance.actor_key + "!")
    game = factories.game(players=1)
    event = an_event(game, game.last_seq + 1)

    with transaction.atomic():
        insert_event(event)

    assert Event.objects.get(pk=event.pk).actor_key == "p1!"


def test_the_lock_comes_back_typed_and_leaves_a_plain_game():
    game = factories.game(players=1)
    sender = game.participants.get()

    with transaction.atomic():
        locked = lock_for_command(game.pk, actor_key="", client_msg_id="", sender_id=sender.pk)

    assert locked.game.pk == game.pk
    assert locked.replayed_seq is None
    assert locked.sender is not None
    assert locked.sender.participant == sender
    assert not any(
        name.startswith("sender__") or name == "replayed_seq" for name in vars(locked.game)
    )
