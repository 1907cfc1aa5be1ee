"""Rounds: validated phase changes, a clock kept in the database, the same opening every round."""

from datetime import timedelta

import pytest
from django.utils import timezone

from games.engine.errors import ErrorCode, GameError
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game
from games.services.actors import Actor, actor_for_participant
from games.services.clock import game_tick, games_due
from games.services.conversation import inject_fire
from games.services.rounds import (
    clock_extend,
    clock_pause,
    clock_resume,
    phase_advance,
)
from tests import factories

pytestmark = pytest.mark.django_db


def facilitator(game: Game) -> Actor:
    return Actor(role=Role.FACILITATOR, user=game.facilitator)


def types_after(game: Game, seq: int) -> list[str]:
    return list(Event.objects.filter(game=game, seq__gt=seq).values_list("type", flat=True))


def test_a_game_cannot_start_without_enough_players():
    game = factories.game(players=2)

    with pytest.raises(GameError) as refused:
        factories.act(game, phase_advance, by=facilitator(game))

    assert refused.value.code is ErrorCode.TOO_FEW_PLAYERS
    assert Game.objects.get(pk=game.pk).phase == Phase.LOBBY


def test_only_the_facilitator_moves_the_phase_and_nothing_changes_otherwise():
    game = factories.game(players=3)
    player = actor_for_participant(game, game.participants.first())
    seq = game.last_seq

    with pytest.raises(GameError) as refused:
        factories.act(game, phase_advance, by=player)

    assert refused.value.code is ErrorCode.NOT_ALLOWED
    assert types_after(game, seq) == []


def test_every_round_opens_the_same_way_and_the_seats_rotate():
    game = factories.game(players=3, total_rounds=2)

    factories.advance_to(game, Phase.BRIEFING, 1)
    factories.advance_to(game, Phase.BRIEFING, 2)

    first, second = Event.objects.filter(game=game, type="round.opened").order_by("seq")
    assert first.payload["opening_statement"] == second.payload["opening_statement"]
    assert first.payload["starting_mood"] == second.payload["starting_mood"] == 8
    customer = {seat["role"]: seat["name"] for seat in first.payload["seats"]}["customer"]
    assert customer != {seat["role"]: seat["name"] for seat in second.payload["seats"]}["customer"]


def test_live_ends_by_itself_at_its_deadline_with_nobody_connected():
    game = factories.game(players=3, live_minutes=5)
    factories.advance_to(game, Phase.LIVE, 1)
    later = timezone.now() + timedelta(minutes=5, seconds=1)

    assert game.pk in games_due(later)
    game_tick(game.pk, now=later)

    game.refresh_from_db()
    assert (game.phase, game.round_number) == (Phase.DEBRIEF, 1)
    changed = Event.objects.filter(game=game, type="phase.changed").order_by("seq").last()
    assert changed is not None
    assert changed.payload["reason"] == "deadline"


def test_a_timed_briefing_goes_live_by_itself_and_an_untimed_one_waits():
    timed = factories.game(players=3, briefing_minutes=3)
    untimed = factories.game(players=3)
    factories.advance_to(timed, Phase.BRIEFING, 1)
    factories.advance_to(untimed, Phase.BRIEFING, 1)
    later = timezone.now() + timedelta(minutes=3, seconds=1)

    for game in (timed, untimed):
        game_tick(game.pk, now=later)

    timed.refresh_from_db()
    untimed.refresh_from_db()
    assert (timed.phase, timed.round_number) == (Phase.LIVE, 1)
    assert untimed.phase == Phase.BRIEFING
    assert untimed.phase_deadline is None


@pytest.mark.parametrize("minutes", [-1, 31])
def test_briefing_lasts_at_most_half_an_hour(minutes):
    with pytest.raises(GameError, match="Briefing lasts 0"):
        factories.game(briefing_minutes=minutes)


def test_a_paused_clock_does_not_run_out_and_resumes_with_what_was_left():
    game = factories.game(players=3, live_minutes=5)
    factories.advance_to(game, Phase.LIVE, 1)
    start = timezone.now()

    factories.act(game, clock_pause, by=facilitator(game), now=start + timedelta(minutes=1))
    game_tick(game.pk, now=start + timedelta(hours=1))
    game.refresh_from_db()
    assert game.phase == Phase.LIVE
    assert game.pk not in games_due(start + timedelta(hours=1))

    factories.act(game, clock_resume, by=facilitator(game), now=start + timedelta(hours=1))
    factories.act(
        game, clock_extend, by=facilitator(game), seconds=60, now=start + timedelta(hours=1)
    )
    game.refresh_from_db()
    assert game.phase_deadline == pytest.approx(
        start + timedelta(hours=1, minutes=5), abs=timedelta(seconds=2)
    )


def test_timed_injects_fire_at_their_minute_once_and_only_to_their_audience():
    game = factories.game(players=3, live_minutes=20)
    factories.advance_to(game, Phase.LIVE, 1)
    start = timezone.now()

    game_tick(game.pk, now=start + timedelta(minutes=7))
    assert not Event.objects.filter(game=game, type="inject.fired").exists()
    game_tick(game.pk, now=start + timedelta(minutes=8, seconds=1))
    game_tick(game.pk, now=start + timedelta(minutes=9))

    fired = Event.objects.filter(game=game, type__startswith="inject.")
    assert [(e.type, e.audience) for e in fired] == [
        ("inject.fired", "coach"),
        ("inject.delivered", "team"),
    ]
    assert fired[1].payload["text"] == "Workshop says the truck is ready at 4 am."


def test_an_inject_for_everyone_reaches_the_customer_and_the_team_each_with_their_text():
    document = factories.scenario_document()
    document["injects"].append(
        {
            "id": "press-call",
            "title": "A journalist calls",
            "audience": "everyone",
            "customer_text": "A journalist asks you for a comment.",
            "team_text": "A journalist asks the press office about the customer.",
        }
    )
    game = factories.game(players=3, scenario=document)
    factories.advance_to(game, Phase.LIVE, 1)

    factories.act(game, inject_fire, by=facilitator(game), inject_id="press-call")

    fired = Event.objects.filter(game=game, type__startswith="inject.").order_by("seq")
    assert [(e.type, e.audience) for e in fired] == [
        ("inject.fired", "coach"),
        ("inject.delivered", "customer"),
        ("inject.delivered", "team"),
    ]
    assert fired[0].payload["audience"] == "everyone"


def test_sequence_numbers_are_unique_and_have_no_gaps():
    game = factories.game(players=4, total_rounds=2)
    factories.advance_to(game, Phase.AGREEMENT, 2)

    seqs = list(Event.objects.filter(game=game).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    game.refresh_from_db()
    assert game.last_seq == len(seqs)
