"""The game API's resources beyond joining and posting: participants, rounds, the log's filters,
tags, ratings, proposals, agreed changes; API tokens, CSRF, throttles and the error shape."""

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import SeatAssignment
from tests import factories
from tests.games.api.clients import facilitator_client, live_game, player_client, token_of

pytestmark = pytest.mark.django_db


def with_rates(**rates: str) -> override_settings:
    return override_settings(
        REST_FRAMEWORK={
            **api_settings.user_settings,
            "DEFAULT_THROTTLE_RATES": {**api_settings.DEFAULT_THROTTLE_RATES, **rates},
        }
    )


# Authentication -----------------------------------------------------------------------------


def test_a_session_must_send_the_csrf_token_to_write():
    game, _ = live_game()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(game.facilitator)

    response = client.post(f"/api/v1/games/{game.code}/clock/pause/", {}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert "CSRF" in response.json()["message"]
    assert client.get(f"/api/v1/games/{game.code}/").status_code == 200


def test_a_removed_players_token_stops_working_with_the_sockets_code():
    game, tokens = live_game()
    facilitator = facilitator_client(game.facilitator)
    responder_token = token_of(game, tokens, Role.RESPONDER)
    responder_id = SeatAssignment.objects.get(
        game=game,
        round_number=1,
        participant__display_name=next(
            name for name, token in tokens.items() if token == responder_token
        ),
    ).participant_id

    removed = facilitator.delete(f"/api/v1/games/{game.code}/participants/{responder_id}/")
    after = player_client(responder_token).get(f"/api/v1/games/{game.code}/events/")

    assert removed.status_code == 200
    assert after.status_code == 401
    assert after.json()["code"] == "participant_removed"


def test_no_caller_learns_whether_a_code_they_do_not_hold_exists():
    _, tokens = live_game()
    other_facilitator = APIClient()
    other_facilitator.force_authenticate(factories.UserFactory.create())
    player = player_client(next(iter(tokens.values())))

    answers = {
        (who, exists): client.get(f"/api/v1/games/{code}/").status_code
        for who, client in {
            "anonymous": APIClient(),
            "player": player,
            "facilitator": other_facilitator,
        }.items()
        for exists, code in {True: factories.game().code, False: "ZZZZZZ"}.items()
    }

    assert answers == {
        ("anonymous", True): 401,
        ("anonymous", False): 401,
        ("player", True): 403,
        ("player", False): 403,
        ("facilitator", True): 404,
        ("facilitator", False): 404,
    }


# The error shape ----------------------------------------------------------------------------


def test_an_unknown_api_url_and_a_bad_body_answer_in_the_error_shape():
    game, _ = live_game()
    facilitator = facilitator_client(game.facilitator)

    missing = facilitator.get("/api/v1/nothing-here/")
    invalid = facilitator.post(
        f"/api/v1/games/{game.code}/ratings/rubric/",
        {"ratings": {"acknowledge": "brilliant"}},
        format="json",
    )
    not_json = facilitator.post(
        f"/api/v1/games/{game.code}/notes/", "text", content_type="application/json"
    )

    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["path"] == "ratings.acknowledge"
    assert not_json.status_code == 400
    assert not_json.json()["code"] == "parse_error"


@pytest.mark.parametrize(
    "name", ["Facilitator", "A\u200bnn", "Ann\u202e", "x" * 41, "   "], ids=repr
)
def test_a_name_that_breaks_the_name_rules_gets_400_invalid_naming_the_field(name):
    game = factories.game()

    response = APIClient().post(f"/api/v1/games/{game.code}/join/", {"name": name}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert [error["path"] for error in response.json()["errors"]] == ["name"]


def test_changing_or_removing_a_tag_that_does_not_exist_is_404():
    game, tokens = live_game()
    coach = player_client(token_of(game, tokens, Role.COACH))
    tag = f"/api/v1/games/{game.code}/tags/{game.last_seq + 50}/"

    removed = coach.delete(tag)
    changed = coach.patch(tag, {"note": "Better."}, format="json")

    assert (removed.status_code, removed.json()["code"]) == (404, "not_found")
    assert (changed.status_code, changed.json()["code"]) == (404, "not_found")


# Writes are the socket's commands -----------------------------------------------------------


def test_a_write_without_client_msg_id_gets_one_and_a_retry_with_one_applies_once():
    game, _ = live_game()
    facilitator = facilitator_client(game.facilitator)
    url = f"/api/v1/games/{game.code}/clock/extend/"

    generated = facilitator.post(url, {"seconds": 30}, format="json").json()
    first = facilitator.post(url, {"seconds": 30, "client_msg_id": "x1"}, format="json").json()
    retry = facilitator.post(url, {"seconds": 30, "client_msg_id": "x1"}, format="json").json()

    assert generated["client_msg_id"].startswith("api-")
    assert first == retry
    assert game.events.filter(type="clock.extended").count() == 2


def test_the_facilitator_runs_a_round_from_a_script():
    game, _ = live_game()
    facilitator = facilitator_client(game.facilitator)
    base = f"/api/v1/games/{game.code}"

    paused = facilitator.post(f"{base}/clock/pause/", {}, format="json")
    again = facilitator.post(f"{base}/clock/pause/", {}, format="json")
    resumed = facilitator.post(f"{base}/clock/resume/", {}, format="json")
    stale = facilitator.post(f"{base}/advance/", {"expected_phase": "briefing"}, format="json")
    advanced = facilitator.post(f"{base}/advance/", {"expected_phase": "live"}, format="json")

    assert [paused.status_code, resumed.status_code, advanced.status_code] == [200, 200, 200]
    assert (again.status_code, again.json()["code"]) == (409, "already_paused")
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_phase")
    game.refresh_from_db()
    assert game.phase == Phase.DEBRIEF


# Reads --------------------------------------------------------------------------------------


def test_participants_show_names_observers_and_presence_but_no_tokens():
    game, tokens = live_game()
    factories.participant_join_observer(game, "Obi")

    response = player_client(next(iter(tokens.values()))).get(
        f"/api/v1/games/{game.code}/participants/"
    )

    assert [(p["name"], p["observer"], p["connected"]) for p in response.json()] == [
        ("Ann", False, False),
        ("Ben", False, False),
        ("Cat", False, False),
        ("Dev", False, False),
        ("Obi", True, False),
    ]
    assert "token" not in str(response.json())


def test_rounds_show_their_state_seats_and_the_outcome_only_once_visible():
    game, tokens = live_game()
    responder = player_client(token_of(game, tokens, Role.RESPONDER))

    during_live = responder.get(f"/api/v1/games/{game.code}/rounds/").json()
    for_facilitator = (
        facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/rounds/1/").json()
    )
    factories.advance_to(game, Phase.DEBRIEF, 1)
    at_debrief = responder.get(f"/api/v1/games/{game.code}/rounds/1/").json()

    assert [r["state"] for r in during_live] == ["live", "upcoming", "upcoming"]
    assert {seat["role"] for seat in during_live[0]["seats"]} == {
        "customer",
        "coach",
        "responder",
    }
    assert during_live[0]["outcome"] is None
    assert for_facilitator["outcome"]["round"] == 1
    assert at_debrief["state"] == "debrief"
    assert at_debrief["outcome"]["round"] == 1
    assert responder.get(f"/api/v1/games/{game.code}/rounds/4/").status_code == 404


def test_the_events_feed_filters_by_channel_and_round():
    game, tokens = live_game()
    customer = player_client(token_of(game, tokens, Role.CUSTOMER))
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    base = f"/api/v1/games/{game.code}"
    customer.post(f"{base}/messages/", {"channel": "room", "text": "Where?"}, format="json")
    responder.post(f"{base}/messages/", {"channel": "huddle", "text": "Ideas?"}, format="json")

    room = responder.get(f"{base}/events/", {"channel": "room"}).json()["events"]
    huddle = responder.get(f"{base}/events/", {"channel": "huddle", "round": "1"}).json()["events"]
    customer_huddle = customer.get(f"{base}/events/", {"channel": "huddle"}).json()["events"]
    wrong = responder.get(f"{base}/events/", {"channel": "coach"})

    assert [e["payload"]["text"] for e in room] == ["Where?"]
    assert [e["payload"]["text"] for e in huddle] == ["Ideas?"]
    assert customer_huddle == []
    assert wrong.status_code == 400


def test_tags_are_the_coachs_during_live_and_everyones_from_the_debrief():
    game, tokens = live_game()
    coach = player_client(token_of(game, tokens, Role.COACH))
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    base = f"/api/v1/games/{game.code}"
    tag = coach.post(f"{base}/tags/", {"technique": "dismiss", "note": "Ouch"}, format="json")
    coach.patch(f"{base}/tags/{tag.json()['seq']}/", {"note": "Ouch!"}, format="json")

    during_live = responder.get(f"{base}/tags/").json()
    coach_view = coach.get(f"{base}/tags/").json()
    factories.advance_to(game, Phase.DEBRIEF, 1)
    at_debrief = responder.get(f"{base}/tags/", {"round": 1}).json()

    assert during_live == []
    assert [(t["technique"], t["note"]) for t in coach_view] == [("dismiss", "Ouch!")]
    assert at_debrief == coach_view


def test_ratings_feedback_proposals_and_agreed_changes_read_back():
    game, tokens = live_game()
    factories.advance_to(game, Phase.DEBRIEF, 1)
    base = f"/api/v1/games/{game.code}"
    customer = player_client(token_of(game, tokens, Role.CUSTOMER))
    coach = player_client(token_of(game, tokens, Role.COACH))
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    rating = {"listened": 4, "cared": 4, "valued": 3, "final_mood": 3, "would_stay": "yes"}
    customer.post(f"{base}/ratings/customer/", rating, format="json")
    coach.post(f"{base}/feedback/", {"keep": "Calm.", "change": "Dates."}, format="json")
    proposal = coach.post(f"{base}/proposals/", {"text": "Next time we call."}, format="json")
    pid = proposal.json()["seq"]
    responder.post(f"{base}/proposals/{pid}/votes/", {"accept": True}, format="json")
    forced = facilitator_client(game.facilitator).post(
        f"{base}/proposals/{pid}/force/", {"reason": "Time."}, format="json"
    )

    ratings = responder.get(f"{base}/ratings/").json()
    feedback = responder.get(f"{base}/feedback/").json()
    proposals = responder.get(f"{base}/proposals/").json()
    changes = responder.get(f"{base}/changes/").json()

    assert ratings["customer"][0]["would_stay"] == "yes"
    assert [(f["keep"], f["change"]) for f in feedback] == [("Calm.", "Dates.")]
    assert forced.status_code == 200
    assert proposals[0]["votes"][0]["accept"] is True
    assert (proposals[0]["agreed"], proposals[0]["forced"]) == (True, True)
    assert [(c["text"], c["forced"]) for c in changes] == [("Next time we call.", True)]


# Throttles ----------------------------------------------------------------------------------


def test_guessing_join_codes_is_throttled_per_address_even_for_a_right_code():
    game = factories.game()

    with with_rates(join_miss="3/minute"):
        misses = [
            APIClient().post(f"/api/v1/games/ZZZZ{n}Z/join/", {"name": "Eve"}, format="json")
            for n in range(3)
        ]
        right_code = APIClient().post(
            f"/api/v1/games/{game.code}/join/", {"name": "Eve"}, format="json"
        )
        elsewhere = APIClient(REMOTE_ADDR="10.9.8.7").post(
            f"/api/v1/games/{game.code}/join/", {"name": "Eve"}, format="json"
        )

    assert [m.status_code for m in misses] == [404, 404, 404]
    assert right_code.status_code == 429
    assert right_code.json()["code"] == "rate_limited"
    assert int(right_code["Retry-After"]) > 0
    assert elsewhere.status_code == 201


def test_joins_with_right_codes_are_not_counted_as_guesses():
    game = factories.game()

    with with_rates(join_miss="2/minute"):
        statuses = [
            APIClient()
            .post(f"/api/v1/games/{game.code}/join/", {"name": name}, format="json")
            .status_code
            for name in factories.PLAYER_NAMES[:5]
        ]

    assert statuses == [201] * 5


def test_every_join_attempt_is_throttled_per_address_too():
    game = factories.game()

    with with_rates(join="2/minute"):
        statuses = [
            APIClient()
            .post(f"/api/v1/games/{game.code}/join/", {"name": name}, format="json")
            .status_code
            for name in factories.PLAYER_NAMES[:3]
        ]

    assert statuses == [201, 201, 429]


def test_posting_is_throttled_per_participant_not_per_game():
    game, tokens = live_game()
    customer = player_client(token_of(game, tokens, Role.CUSTOMER))
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    url = f"/api/v1/games/{game.code}/messages/"

    with with_rates(player_post="2/minute"):
        mine = [
            customer.post(url, {"channel": "room", "text": f"{n}"}, format="json").status_code
            for n in range(3)
        ]
        reading = customer.get(f"/api/v1/games/{game.code}/events/").status_code
        theirs = responder.post(url, {"channel": "room", "text": "Hi"}, format="json")
        facilitator = [
            facilitator_client(game.facilitator)
            .post(f"/api/v1/games/{game.code}/clock/extend/", {"seconds": 5}, format="json")
            .status_code
            for _ in range(3)
        ]

    assert mine == [201, 201, 429]
    assert reading == 200
    assert theirs.status_code == 201
    assert facilitator == [200, 200, 200]


def test_a_throttled_answer_keeps_the_error_shape():
    game, tokens = live_game()
    customer = player_client(token_of(game, tokens, Role.CUSTOMER))

    with with_rates(player_post="0/minute"):
        response = customer.post(f"/api/v1/games/{game.code}/mood/", {"mood": 3}, format="json")

    assert response.status_code == 429
    assert set(response.json()) == {"code", "message", "errors"}
