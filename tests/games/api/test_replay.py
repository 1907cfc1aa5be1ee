"""The replay of a round: each perspective is exactly what that seat received live; who may
replay which round; review annotations stored apart and never shown to players live."""

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from rest_framework.test import APIClient

from games.bots.client import Bot
from games.bots.team import play_game
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game, SeatAssignment
from games.services.actors import Actor, actor_for_participant
from games.services.conversation import message_post
from tests import factories
from tests.games.api.clients import facilitator_client, player_client
from tests.games.end_to_end import bots_for, new_game
from tests.servers import daphne_server

PERSPECTIVE_OF = {"customer": "customer", "responder": "team", "coach": "coach"}


def replay(client: APIClient, game: Game, round_number: int, perspective: str) -> Any:
    return client.get(
        f"/api/v1/games/{game.code}/rounds/{round_number}/replay/",
        {"perspective": perspective},
    )


@sync_to_async
def replayed(game: Game, round_number: int, perspective: str) -> list[dict[str, Any]]:
    response = replay(facilitator_client(game.facilitator), game, round_number, perspective)
    assert response.status_code == 200, response.json()
    return list(response.json()["events"])


def seat_of(bot: Bot, round_number: int) -> str | None:
    for opened in bot.seen("round.opened"):
        if opened["round"] == round_number:
            for seat in opened["payload"]["seats"]:
                if seat["participant"] == bot.participant_id:
                    return str(seat["role"])
    return None


# Live and replayed ---------------------------------------------------------------------------


@pytest.mark.daphne
@pytest.mark.django_db(transaction=True)
async def test_each_perspective_replays_exactly_what_that_seat_received_live():
    game, tokens, cookie = await new_game(players=5, rounds=2)
    with daphne_server() as server:
        facilitator, players = bots_for(server, tokens, cookie)
        await play_game(facilitator=facilitator, players=players, code=game.code, rounds=2)

        # Compared while every bot is still connected: closing writes presence events.
        compared = set()
        for round_number in (1, 2):
            for bot in players:
                role = seat_of(bot, round_number)
                if role not in PERSPECTIVE_OF:
                    continue
                live = [event for event in bot.events if event["round"] == round_number]
                again = await replayed(game, round_number, PERSPECTIVE_OF[role])
                assert again == live, (bot.name, round_number, role)
                compared.add((round_number, role))

        # When the facilitator annotates round 1, no player's socket gets it.
        await facilitator.command("annotate_replay", round=1, at_seconds=3.0, text="Listen here.")
        await facilitator.command("lock_game", locked=True)
        for bot in [facilitator, *players]:
            await bot.wait_for(lambda bot=bot: bool(bot.seen("game.locked")))  # type: ignore[misc]
        for bot in [facilitator, *players]:
            await bot.close()

    assert compared == {(n, role) for n in (1, 2) for role in PERSPECTIVE_OF}
    assert [e["payload"]["text"] for e in facilitator.seen("review.annotated")] == ["Listen here."]
    assert all(not bot.seen("review.annotated") for bot in players)
    coach_view = await replayed(game, 1, "coach")
    assert coach_view[-1]["type"] == "review.annotated"
    assert coach_view[-1]["payload"]["review"] is True
    assert "review.annotated" not in {e["type"] for e in await replayed(game, 1, "team")}


# Who may replay what -------------------------------------------------------------------------


def played_round_one(players: int = 4) -> tuple[Game, dict[str, str]]:
    """Round 1 with a huddle message, a coach's note and injects, then over: round 2's briefing."""
    game = factories.game()
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:players]}
    factories.advance_to(game, Phase.LIVE, 1)
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=Role.RESPONDER)[0]
    responder = actor_for_participant(game, seat.participant)
    factories.act(game, message_post, by=responder, channel="huddle", text="Let me lead.")
    factories.act(game, message_post, by=responder, channel="room", text="I hear you.")
    factories.coach_note_and_inject(game)
    return game, tokens


def token_owner(game: Game, tokens: dict[str, str], role: Role) -> str:
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=role)[0]
    return seat.participant.display_name


def token_in_round_one(game: Game, tokens: dict[str, str], role: Role) -> str:
    seat = SeatAssignment.objects.filter(game=game, round_number=1, role=role)[0]
    return tokens[seat.participant.display_name]


@pytest.mark.django_db
def test_the_customer_never_sees_the_huddle_and_only_the_coach_sees_notes():
    game, _ = played_round_one()
    factories.advance_to(game, Phase.BRIEFING, 2)
    client = facilitator_client(game.facilitator)

    views = {
        perspective: replay(client, game, 1, perspective).json()["events"]
        for perspective in ("customer", "team", "coach")
    }

    def types(perspective: str) -> set[str]:
        return {event["type"] for event in views[perspective]}

    def channels(perspective: str) -> set[str]:
        return {
            event["payload"]["channel"]
            for event in views[perspective]
            if event["type"] == "message.posted"
        }

    assert channels("customer") == {"room"}
    assert channels("team") == channels("coach") == {"room", "huddle"}
    assert "coach.note" in types("coach")
    assert "coach.note" not in types("team") | types("customer")
    assert "inject.fired" not in types("team") | types("customer")
    assert all(event["round"] == 1 for view in views.values() for event in view)


@pytest.mark.django_db
def test_the_facilitator_replays_any_started_round_from_any_seat():
    game, _ = played_round_one()
    facilitator = facilitator_client(game.facilitator)

    during = replay(facilitator, game, 1, "team")
    not_started = replay(facilitator, game, 2, "team")
    no_such_round = replay(facilitator, game, 9, "team")
    unnamed = facilitator.get(f"/api/v1/games/{game.code}/rounds/1/replay/")

    assert during.status_code == 200
    assert (not_started.status_code, not_started.json()["code"]) == (409, "wrong_phase")
    assert no_such_round.status_code == 404
    assert (unnamed.status_code, unnamed.json()["perspective"]) == (200, "coach")


def open_replays(game: Game) -> None:
    from games.services.participants import replays_open

    factories.act(
        game, replays_open, by=Actor(role=Role.FACILITATOR, user=game.facilitator), open=True
    )


@pytest.mark.django_db
def test_players_replay_a_finished_round_only_once_the_facilitator_opens_the_replays():
    game, tokens = played_round_one()
    responder = player_client(token_in_round_one(game, tokens, Role.RESPONDER))

    during = replay(responder, game, 1, "team")
    factories.advance_to(game, Phase.BRIEFING, 2)
    closed = replay(responder, game, 1, "team")
    open_replays(game)
    opened = replay(responder, game, 1, "team")

    assert (during.status_code, during.json()["code"]) == (409, "wrong_phase")
    assert (closed.status_code, closed.json()["code"]) == (403, "not_allowed")
    assert opened.status_code == 200


@pytest.mark.django_db
def test_a_player_replays_only_the_seat_they_held_and_that_round_s_coach_any():
    game, tokens = played_round_one()
    factories.advance_to(game, Phase.BRIEFING, 2)
    open_replays(game)
    customer = player_client(token_in_round_one(game, tokens, Role.CUSTOMER))
    responder = player_client(token_in_round_one(game, tokens, Role.RESPONDER))
    coach = player_client(token_in_round_one(game, tokens, Role.COACH))

    refused = {
        "customer reads the team": replay(customer, game, 1, "team"),
        "customer reads the coach": replay(customer, game, 1, "coach"),
        "responder reads the coach": replay(responder, game, 1, "coach"),
        "responder reads the customer": replay(responder, game, 1, "customer"),
    }
    own = customer.get(f"/api/v1/games/{game.code}/rounds/1/replay/")
    coached = [replay(coach, game, 1, p).status_code for p in ("customer", "team", "coach")]

    assert {why: (r.status_code, r.json()["code"]) for why, r in refused.items()} == {
        why: (403, "not_allowed") for why in refused
    }
    assert (own.status_code, own.json()["perspective"]) == (200, "customer")
    assert "huddle" not in {e["payload"].get("channel") for e in own.json()["events"]}
    assert coached == [200, 200, 200]


@pytest.mark.django_db
def test_a_late_joiner_has_no_replay_of_a_round_they_did_not_play():
    game, _ = played_round_one()
    factories.advance_to(game, Phase.BRIEFING, 2)
    open_replays(game)
    _, token = factories.join(game, "Zed")
    late = player_client(token)

    answers = [replay(late, game, 1, p) for p in ("customer", "team", "coach")]
    unnamed = late.get(f"/api/v1/games/{game.code}/rounds/1/replay/")

    assert [(a.status_code, a.json()["code"]) for a in [*answers, unnamed]] == [
        (403, "not_allowed")
    ] * 4


# Review annotations --------------------------------------------------------------------------


def annotate(client: APIClient, game: Game, **body: Any) -> Any:
    return client.post(f"/api/v1/games/{game.code}/annotations/", body, format="json")


@pytest.mark.django_db
def test_an_annotation_is_stored_as_review_apart_from_the_live_tags():
    game, tokens = played_round_one()
    coach = player_client(token_in_round_one(game, tokens, Role.COACH))
    customer = player_client(token_in_round_one(game, tokens, Role.CUSTOMER))
    facilitator = facilitator_client(game.facilitator)
    too_early = annotate(facilitator, game, round=1, at_seconds=5, text="Too soon.")
    factories.advance_to(game, Phase.BRIEFING, 2)

    by_facilitator = annotate(
        facilitator, game, round=1, at_seconds=42.5, text="Here.", perspective="customer"
    )
    by_coach = annotate(coach, game, round=1, at_seconds=60, text="<b>Mine</b>")
    by_customer = annotate(customer, game, round=1, at_seconds=60, text="Me too.")
    unfinished = annotate(facilitator, game, round=2, at_seconds=1, text="Not yet.")
    negative = annotate(facilitator, game, round=1, at_seconds=-1, text="Before.")

    assert (too_early.status_code, too_early.json()["code"]) == (409, "wrong_phase")
    assert by_facilitator.status_code == by_coach.status_code == 201
    assert (by_customer.status_code, by_customer.json()["code"]) == (403, "not_allowed")
    assert (unfinished.status_code, unfinished.json()["code"]) == (409, "wrong_phase")
    assert negative.status_code == 400
    stored = Event.objects.filter(game=game, type="review.annotated").order_by("seq")
    assert [(e.round_number, e.audience, e.payload) for e in stored] == [
        (
            2,
            "participant",
            {
                "round": 1,
                "at_seconds": 42.5,
                "text": "Here.",
                "author": "Facilitator",
                "perspective": "customer",
                "review": True,
            },
        ),
        (
            2,
            "participant",
            {
                "round": 1,
                "at_seconds": 60.0,
                "text": "<b>Mine</b>",
                "author": token_owner(game, tokens, Role.COACH),
                "perspective": None,
                "review": True,
            },
        ),
    ]
    assert not Event.objects.filter(game=game, type="tag.added").exists()
    coach_view = replay(facilitator, game, 1, "coach").json()["events"]
    assert [e["payload"]["text"] for e in coach_view if e["type"] == "review.annotated"] == [
        "Here.",
        "<b>Mine</b>",
    ]
    for perspective in ("customer", "team"):
        view = replay(facilitator, game, 1, perspective).json()["events"]
        assert "review.annotated" not in {e["type"] for e in view}
    round_two = replay(facilitator, game, 2, "coach").json()["events"]
    assert "review.annotated" not in {e["type"] for e in round_two}
    customer_log = customer.get(f"/api/v1/games/{game.code}/events/").json()["events"]
    assert "review.annotated" not in {e["type"] for e in customer_log}
