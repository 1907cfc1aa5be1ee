"""The game API: facilitators create games; players join, read what they may and post."""

from typing import Any

import pytest
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from tests import factories
from tests.games.api.clients import facilitator_client, live_game, player_client, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator() -> APIClient:
    """A signed-in facilitator, the short-shipment scenario in the library."""
    factories.scenario_version()
    return facilitator_client(factories.UserFactory.create())


def test_a_facilitator_creates_a_game_and_gets_a_join_code_and_link(facilitator):
    response = facilitator.post(
        "/api/v1/games/",
        {"scenario": "short-shipment", "rounds": 2, "live_minutes": 15, "name": "Table 3"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["join_url"] == f"http://testserver/join/{body['code']}"
    assert (body["total_rounds"], body["live_seconds"], body["name"]) == (2, 900, "Table 3")
    assert body["functions"] == ["account-manager", "logistics"]


def test_an_unknown_function_or_scenario_is_refused_with_a_clear_error(facilitator):
    unknown_function = facilitator.post(
        "/api/v1/games/", {"scenario": "short-shipment", "functions": ["legal"]}, format="json"
    )
    unknown_scenario = facilitator.post("/api/v1/games/", {"scenario": "nope"}, format="json")

    assert unknown_function.status_code == 409
    assert "this scenario has account-manager, logistics" in unknown_function.json()["message"]
    assert unknown_scenario.status_code == 400
    assert unknown_scenario.json()["errors"][0]["path"] == "scenario"


def test_a_game_of_one_responder_function_is_refused_saying_one_may_hold_several(facilitator):
    alone = facilitator.post(
        "/api/v1/games/",
        {"scenario": "short-shipment", "functions": ["logistics"]},
        format="json",
    )

    assert alone.status_code == 409
    assert "Pick at least 2 responder functions" in alone.json()["message"]
    assert "One person may hold several" in alone.json()["message"]


def test_joining_over_http_returns_a_token_that_works_on_the_api():
    game = factories.game()

    joined = APIClient().post(f"/api/v1/games/{game.code}/join/", {"name": "Ann"}, format="json")
    again = APIClient().post(f"/api/v1/games/{game.code}/join/", {"name": "ann"}, format="json")

    assert joined.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "name_taken"
    events = player_client(joined.json()["token"]).get(f"/api/v1/games/{game.code}/events/")
    assert events.status_code == 200
    assert [e["type"] for e in events.json()["events"]][:2] == [
        "game.created",
        "participant.joined",
    ]


def test_the_customer_never_reads_the_huddle_over_http_either():
    game, tokens = live_game()
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    posted = responder.post(
        f"/api/v1/games/{game.code}/messages/",
        {"client_msg_id": "h1", "channel": "huddle", "text": "Secret plan"},
        format="json",
    )

    customer_view = player_client(token_of(game, tokens, Role.CUSTOMER)).get(
        f"/api/v1/games/{game.code}/events/", {"type": "message.posted"}
    )
    coach_view = player_client(token_of(game, tokens, Role.COACH)).get(
        f"/api/v1/games/{game.code}/events/", {"type": "message.posted"}
    )

    assert posted.status_code == 201
    assert customer_view.json()["events"] == []
    assert [e["payload"]["text"] for e in coach_view.json()["events"]] == ["Secret plan"]


def test_posting_follows_the_same_seat_rules_as_the_socket_and_retries_post_once():
    game, tokens = live_game()
    url = f"/api/v1/games/{game.code}/messages/"
    coach = player_client(token_of(game, tokens, Role.COACH))
    customer = player_client(token_of(game, tokens, Role.CUSTOMER))

    refused = coach.post(
        url, {"client_msg_id": "c1", "channel": "room", "text": "x"}, format="json"
    )
    first = customer.post(
        url, {"client_msg_id": "m1", "channel": "room", "text": "Why?"}, format="json"
    )
    retry = customer.post(
        url, {"client_msg_id": "m1", "channel": "room", "text": "Why?"}, format="json"
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "not_allowed"
    assert first.json()["seq"] == retry.json()["seq"]
    assert game.events.filter(type="message.posted").count() == 1


def test_strangers_and_players_of_another_game_are_refused():
    game, _ = live_game()
    _, other_tokens = live_game()
    url = f"/api/v1/games/{game.code}/events/"

    anonymous = APIClient().get(url)
    foreign = player_client(next(iter(other_tokens.values()))).get(url)
    forged = player_client("not-a-token").get(url)

    assert anonymous.status_code == 401
    assert foreign.status_code == 403
    assert forged.status_code in (401, 403)
    assert forged.json()["message"] == "That player token is not valid."


def test_the_events_feed_pages_by_seq():
    game, tokens = live_game()
    client = player_client(next(iter(tokens.values())))

    first = client.get(f"/api/v1/games/{game.code}/events/", {"limit": 3}).json()
    rest = client.get(f"/api/v1/games/{game.code}/events/", {"after": first["next_after"]}).json()

    seqs = [e["seq"] for e in first["events"] + rest["events"]]
    assert first["more"] is True
    assert seqs == sorted(set(seqs))
    assert seqs[:3] == [1, 2, 3]


SEATS = ["customer", "responder", "coach", "observer", "facilitator"]
READERS = {
    "room": {"customer", "responder", "coach", "observer", "facilitator"},
    "huddle": {"responder", "coach", "facilitator"},
    "coach.note": {"coach", "facilitator"},
    "inject:customer": {"customer", "coach", "facilitator"},
    "inject:team": {"responder", "coach", "facilitator"},
}
WRITERS = {"room": {"customer", "responder"}, "huddle": {"responder", "coach"}}


@pytest.fixture
def table() -> dict[str, Any]:
    """A live game with one client per seat (an observer too), each authenticated as itself."""
    game, tokens = live_game()
    observer_token = factories.participant_join_observer(game, "Obi")
    facilitator = APIClient()
    facilitator.force_authenticate(game.facilitator)
    clients = {
        "customer": player_client(token_of(game, tokens, Role.CUSTOMER)),
        "responder": player_client(token_of(game, tokens, Role.RESPONDER)),
        "coach": player_client(token_of(game, tokens, Role.COACH)),
        "observer": player_client(observer_token),
        "facilitator": facilitator,
    }
    return {**clients, "game": game}


@pytest.mark.parametrize("channel", list(WRITERS))
def test_over_http_every_seat_writes_exactly_the_channels_its_role_allows(table, channel):
    game = table.pop("game")

    statuses = {
        seat: client.post(
            f"/api/v1/games/{game.code}/messages/",
            {
                "client_msg_id": f"{seat}-{channel}",
                "channel": channel,
                "text": f"{seat} in {channel}",
            },
            format="json",
        ).status_code
        for seat, client in table.items()
    }

    assert {seat for seat, code in statuses.items() if code == 201} == WRITERS[channel]
    assert {code for code in statuses.values() if code != 201} == {403}


def test_over_http_every_seat_reads_exactly_the_channels_its_role_allows(table):
    game = table.pop("game")
    table["customer"].post(
        f"/api/v1/games/{game.code}/messages/",
        {"client_msg_id": "r", "channel": "room", "text": "x"},
        format="json",
    )
    table["responder"].post(
        f"/api/v1/games/{game.code}/messages/",
        {"client_msg_id": "h", "channel": "huddle", "text": "x"},
        format="json",
    )
    factories.coach_note_and_inject(game)

    def seen_by(seat: str) -> set[str]:
        events = table[seat].get(f"/api/v1/games/{game.code}/events/").json()["events"]
        kinds = set()
        for event in events:
            if event["type"] == "message.posted":
                kinds.add(event["payload"]["channel"])
            elif event["type"] == "coach.note":
                kinds.add("coach.note")
            elif event["type"] == "inject.delivered":
                kinds.add(f"inject:{event['audience']}")
        return kinds

    for seat in SEATS:
        expected = {kind for kind, readers in READERS.items() if seat in readers}
        assert seen_by(seat) == expected, seat


def test_a_rounds_outcome_is_the_facilitators_at_once_and_the_players_from_the_debrief():
    game, tokens = live_game()
    url = f"/api/v1/games/{game.code}/rounds/1/outcome/"
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    facilitator = APIClient()
    facilitator.force_authenticate(game.facilitator)

    during_live = responder.get(url)
    for_facilitator = facilitator.get(url)
    factories.advance_to(game, Phase.DEBRIEF, 1)
    at_debrief = responder.get(url)

    assert during_live.status_code == 409
    assert during_live.json()["code"] == "wrong_phase"
    assert for_facilitator.status_code == 200
    assert for_facilitator.json()["mood_curve"] == [{"live_seconds": 0.0, "mood": 8}]
    assert at_debrief.status_code == 200
    assert at_debrief.json()["round"] == 1
    assert facilitator.get(f"/api/v1/games/{game.code}/rounds/9/outcome/").status_code == 404
