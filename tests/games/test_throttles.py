"""A player's write budget, counted in the cache that every process shares."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from games import throttles
from games.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db

RATES = {"player_post": "2/min"}


def a_player() -> Participant:
    game = factories.game()
    participant, _ = factories.join(game, "Ann")
    return participant


def test_a_player_past_their_budget_is_told_how_long_to_wait():
    participant = a_player()
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": RATES}):
        waits = [throttles.player_write_wait(participant) for _ in range(3)]

    assert waits[:2] == [None, None]
    assert waits[2] is not None
    assert 1 <= waits[2] <= 60


def test_while_the_cache_is_unreachable_writes_go_ahead_uncounted(monkeypatch, caplog):
    def unreachable(*args: object, **kwargs: object) -> None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")

    monkeypatch.setattr(cache, "incr", unreachable)
    participant = a_player()
    with override_settings(REST_FRAMEWORK={"DEFAULT_THROTTLE_RATES": RATES}):
        waits = [throttles.player_write_wait(participant) for _ in range(3)]

    assert waits == [None, None, None]
    assert "cache is unreachable" in caplog.text
