"""Whole games over real WebSockets against a real Daphne process, played by scripted bots."""

from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.utils import timezone

from games.bots.client import Bot
from games.bots.team import play_game
from games.models import Event, Game
from tests import factories
from tests.games.end_to_end import (
    assert_each_saw_exactly_the_log_filtered_for_them,
    bots_for,
    new_game,
)
from tests.games.realtime.client import facilitator_cookie
from tests.servers import daphne_server

pytestmark = [pytest.mark.daphne, pytest.mark.django_db(transaction=True)]


async def test_five_bots_play_three_rounds_and_each_received_exactly_what_it_may_see():
    game, tokens, cookie = await new_game(players=5, rounds=3)
    with daphne_server() as server:
        facilitator, players = bots_for(server, tokens, cookie)
        summary = await play_game(
            facilitator=facilitator, players=players, code=game.code, rounds=3
        )

        await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
        for bot in [facilitator, *players]:
            await bot.close()

    assert [played.round for played in summary] == [1, 2, 3]
    customers = {
        bot.name
        for bot in players
        for event in bot.seen("round.opened")
        for seat in event["payload"]["seats"]
        if seat["role"] == "customer" and seat["participant"] == bot.participant_id
    }
    assert len(customers) == 3, "the customer seat rotated to a different person each round"
    huddle_for_customers = [
        event
        for bot in players
        for event in bot.seen("message.posted")
        if event["payload"]["channel"] == "huddle"
        and any(
            seat["participant"] == bot.participant_id and seat["role"] == "customer"
            for opened in bot.seen("round.opened")
            if opened["round"] == event["round"]
            for seat in opened["payload"]["seats"]
        )
    ]
    assert huddle_for_customers == [], "no customer ever read the team's huddle"
    total = await sync_to_async(Event.objects.filter(game=game).count)()
    assert total >= facilitator.seq
    openings = {e["payload"]["round"]: e["payload"] for e in players[0].seen("round.opened")}
    assert [c["text"] for c in openings[2]["agreed_changes"]] == [
        "Open with the apology, not the procedure (round 1)."
    ]
    assert [c["kept"] for c in openings[3]["agreed_changes"]] == [[{"round": 2, "kept": True}], []]
    summaries = [e["payload"] for e in players[0].seen("round.summarized")]
    assert [s["final_mood"] for s in summaries] == [played.final_mood for played in summary]
    assert all(s["time_to_calm_seconds"] is not None for s in summaries)
    worst = [max(point["mood"] for point in s["mood_curve"]) for s in summaries]
    assert worst[0] > worst[2], "Groundhog Day: the team angered the customer less by round 3"


@sync_to_async
def live_game_whose_deadline_passed_while_no_server_ran() -> tuple[Game, str]:
    game = factories.game(players=3, live_minutes=5)
    factories.advance_to(game, "live")
    passed = timezone.now() - timedelta(seconds=1)
    Game.objects.filter(pk=game.pk).update(phase_deadline=passed, wake_at=passed)
    return game, facilitator_cookie(game.facilitator)[1].decode()


async def test_a_deadline_that_passed_while_the_server_was_down_is_applied_when_it_starts():
    game, cookie = await live_game_whose_deadline_passed_while_no_server_ran()

    with daphne_server() as server:
        facilitator = Bot("facilitator", server.ws_url, server.origin, cookie=cookie)
        await facilitator.connect(game.code)
        await facilitator.wait_for(
            lambda: any(
                event["payload"]["reason"] == "deadline"
                for event in facilitator.seen("phase.changed")
            )
        )
        await facilitator.close()

    await sync_to_async(game.refresh_from_db)()
    assert (game.phase, game.round_number) == ("debrief", 1)
