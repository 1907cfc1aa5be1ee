"""The training-day API: one code for the room, tables formed and opened, run together."""

import csv
import io

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from days.models import DayMember
from days.services import member_token
from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game, SeatAssignment
from games.services.actors import actor_for_participant
from tests import factories
from tests.games.api.clients import facilitator_client, player_client

pytestmark = pytest.mark.django_db


def table_of(member: DayMember):
    assert member.table is not None
    return member.table


def member_client(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Member {token}")
    return client


def join(code: str, name: str, function: str = "") -> dict:
    response = APIClient().post(
        f"/api/v1/days/{code}/join/", {"name": name, "function": function}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def opened_day(people: int = 12, size: int = 4):
    day = factories.day(people=people, functions=("billing", "support", "logistics", "sales"))
    client = facilitator_client(day.facilitator)
    assert (
        client.post(f"/api/v1/days/{day.code}/tables/", {"size": size}, format="json").status_code
        == 200
    )
    assert client.post(f"/api/v1/days/{day.code}/open/").status_code == 200
    return day, client


def test_a_facilitator_creates_a_day_with_one_join_link_and_its_qr_code():
    factories.scenario_version()
    client = facilitator_client(factories.UserFactory.create())

    response = client.post(
        "/api/v1/days/",
        {"name": "Support academy", "scenarios": ["short-shipment"], "rounds": 2, "table_size": 4},
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["join_url"] == f"http://testserver/day/{body['code']}"
    assert body["qr_url"] == f"/qr/day/{body['code']}.svg"
    assert body["scenarios"][0]["title"] == "The short shipment"
    qr = client.get(body["qr_url"])
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"


def test_a_day_with_an_unknown_scenario_is_refused_at_its_field():
    client = facilitator_client(factories.UserFactory.create())

    response = client.post("/api/v1/days/", {"name": "Day", "scenarios": ["nope"]}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "scenarios.0", "message": "No scenario 'nope'."}]


def test_people_join_with_a_name_and_their_function_and_wait_for_a_table():
    day = factories.day()

    joined = join(day.code, "Ann", "Billing")

    assert joined["member"] == {
        "day": {"code": day.code, "name": "Support academy", "opened": False},
        "id": joined["member"]["id"],
        "name": "Ann",
        "function": "Billing",
        "table": None,
        "game_code": None,
        "player_token": None,
    }
    me = member_client(joined["token"]).get(f"/api/v1/days/{day.code}/me/")
    assert me.json()["name"] == "Ann"


def test_a_name_already_in_the_day_is_refused():
    day = factories.day(people=1)

    response = APIClient().post(f"/api/v1/days/{day.code}/join/", {"name": "ann"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "name_taken"


def test_proposed_tables_mix_the_functions():
    day = factories.day(people=12, functions=("billing", "billing", "support", "sales"))
    client = facilitator_client(day.facilitator)

    body = client.post(f"/api/v1/days/{day.code}/tables/", {"size": 4}, format="json").json()

    assert len(body["tables"]) == 3
    functions = {m["id"]: m["function"] for m in body["members"]}
    for table in body["tables"]:
        assert sorted(functions[i] for i in table["members"]) == [
            "billing",
            "billing",
            "sales",
            "support",
        ]


def test_the_facilitator_moves_someone_to_another_table_before_opening():
    day = factories.day(people=8)
    client = facilitator_client(day.facilitator)
    client.post(f"/api/v1/days/{day.code}/tables/", {"size": 4}, format="json")
    ann = DayMember.objects.get(day=day, display_name="Ann")
    destination = 2 if table_of(ann).number == 1 else 1

    body = client.post(
        f"/api/v1/days/{day.code}/members/{ann.pk}/table/", {"table": destination}, format="json"
    ).json()

    assert next(m for m in body["members"] if m["name"] == "Ann")["table"] == destination


def test_opening_makes_each_table_a_game_and_each_person_lands_in_their_seat():
    day, client = opened_day()

    body = client.get(f"/api/v1/days/{day.code}/").json()

    assert body["opened"] is True
    assert [len(t["members"]) for t in body["tables"]] == [4, 4, 4]
    ann = DayMember.objects.get(day=day, display_name="Ann")
    me = member_client(member_token(ann)).get(f"/api/v1/days/{day.code}/me/").json()
    game = Game.objects.get(code=me["game_code"])
    assert game.day_table.number == table_of(ann).number
    # The player token is the game's own: the person reads their game as any player does.
    assert player_client(me["player_token"]).get(f"/api/v1/games/{game.code}/").status_code == 200
    assert [p.display_name for p in game.participants.all()] == [
        m.display_name for m in table_of(ann).members.order_by("joined_at", "id")
    ]


def test_a_late_joiner_goes_straight_into_the_game_of_the_smallest_table():
    day, _ = opened_day(people=11)  # tables of 4, 4 and 3

    late = join(day.code, "Zed", "billing")

    assert late["member"]["table"] == 3
    game = Game.objects.get(code=late["member"]["game_code"])
    assert game.participants.filter(display_name="Zed").exists()


def move(client: APIClient, day, member: DayMember, table: int):
    return client.post(
        f"/api/v1/days/{day.code}/members/{member.pk}/table/", {"table": table}, format="json"
    )


def test_between_rounds_someone_leaves_one_tables_game_and_joins_the_others():
    day, client = opened_day(people=8)
    ann = DayMember.objects.get(day=day, display_name="Ann")
    before = member_client(member_token(ann)).get(f"/api/v1/days/{day.code}/me/").json()
    destination = 2 if table_of(ann).number == 1 else 1

    response = move(client, day, ann, destination)

    assert response.status_code == 200, response.json()
    assert [len(t["members"]) for t in response.json()["tables"]] == sorted(
        [3, 5], reverse=destination == 1
    )
    # The day's token is the link that keeps working: it now names the new table's game.
    after = member_client(member_token(ann)).get(f"/api/v1/days/{day.code}/me/").json()
    assert after["table"] == destination
    new_game = Game.objects.get(day_table__day=day, day_table__number=destination)
    assert after["game_code"] == new_game.code != before["game_code"]
    assert (
        player_client(after["player_token"]).get(f"/api/v1/games/{new_game.code}/").status_code
        == 200
    )
    old = player_client(before["player_token"]).get(f"/api/v1/games/{before['game_code']}/")
    assert old.status_code == 401
    removed = Event.objects.get(game__code=before["game_code"], type="participant.removed")
    assert removed.payload["name"] == "Ann"
    assert removed.payload["banned"] is False


def test_someone_moves_to_a_table_agreeing_its_change_and_back_again():
    day, client = opened_day(people=8)
    for _ in ("briefing", "live", "debrief", "agreement"):
        client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")
    ann = DayMember.objects.get(day=day, display_name="Ann")
    home = table_of(ann).number

    assert move(client, day, ann, 3 - home).status_code == 200
    assert move(client, day, ann, home).status_code == 200

    game = Game.objects.get(day_table__day=day, day_table__number=home)
    assert game.participants.filter(display_name="Ann", removed_at__isnull=True).count() == 1
    assert game.participants.filter(display_name="Ann").count() == 2
    back = game.participants.get(display_name="Ann", removed_at__isnull=True)
    assert back.seats.get(round_number=2).role != "observer", "a seat from the next round"


def test_nobody_moves_once_a_round_has_opened_its_briefing():
    day, client = opened_day(people=8)
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")  # both in briefing
    ann = DayMember.objects.get(day=day, display_name="Ann")

    response = move(client, day, ann, 3 - table_of(ann).number)

    assert response.status_code == 409
    assert "(briefing)" in response.json()["message"]


def test_nobody_moves_while_a_round_is_played_at_either_table():
    day, client = opened_day(people=8)
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")
    client.post(f"/api/v1/days/{day.code}/advance/", {"tables": [2]}, format="json")  # 2 is live
    ann = DayMember.objects.get(day=day, display_name="Ann")
    game = table_of(ann).game

    response = move(client, day, ann, 3 - table_of(ann).number)

    assert response.status_code == 409
    assert response.json()["code"] == "wrong_phase"
    assert "between rounds" in response.json()["message"]
    ann.refresh_from_db()
    assert table_of(ann).game == game
    assert ann.participant is not None
    assert ann.participant.is_present


def test_once_the_tables_are_open_no_table_is_added_by_a_move():
    day, client = opened_day(people=8)
    ann = DayMember.objects.get(day=day, display_name="Ann")

    response = move(client, day, ann, 3)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_every_table_is_started_at_once_through_the_games_own_command():
    day, client = opened_day()

    response = client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")

    assert response.status_code == 200
    assert [r["ok"] for r in response.json()["results"]] == [True, True, True]
    assert set(Game.objects.filter(day_table__day=day).values_list("phase", flat=True)) == {
        Phase.BRIEFING
    }


def test_one_table_alone_gets_more_time_and_a_table_that_refuses_says_why():
    day, client = opened_day()
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")
    client.post(f"/api/v1/days/{day.code}/advance/", {"tables": [1, 2]}, format="json")

    results = client.post(
        f"/api/v1/days/{day.code}/clock/extend/", {"seconds": 60, "tables": [1, 3]}, format="json"
    ).json()["results"]

    assert results[0]["ok"] is True
    assert results[1]["table"] == 3
    assert results[1]["ok"] is False
    assert results[1]["message"]


def test_an_inject_fired_at_every_table_reaches_every_team():
    day, client = opened_day()
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")

    results = client.post(
        f"/api/v1/days/{day.code}/injects/", {"inject": "truck-update"}, format="json"
    ).json()["results"]

    assert all(r["ok"] for r in results)
    delivered = Event.objects.filter(game__day_table__day=day, type="inject.delivered")
    assert delivered.count() == 3


def test_an_announcement_reaches_every_table_and_the_seats_read_it():
    day, client = opened_day()

    client.post(f"/api/v1/days/{day.code}/announcements/", {"text": "Lunch at 12"}, format="json")

    said = Event.objects.filter(game__day_table__day=day, type="facilitator.announced")
    assert [e.payload["text"] for e in said] == ["Lunch at 12"] * 3


def test_a_raised_hand_shows_on_the_overview_until_the_facilitator_lowers_it():
    day, client = opened_day()
    ann = DayMember.objects.get(day=day, display_name="Ann")
    me = member_client(member_token(ann)).get(f"/api/v1/days/{day.code}/me/").json()
    raised = player_client(me["player_token"]).post(
        f"/api/v1/games/{me['game_code']}/hand/", {"raised": True}, format="json"
    )
    assert raised.status_code == 200, raised.json()

    tables = client.get(f"/api/v1/days/{day.code}/").json()["tables"]
    assert tables[table_of(ann).number - 1]["hand"]["name"] == "Ann"
    client.post(f"/api/v1/days/{day.code}/hands/lower/", {}, format="json")
    assert all(t["hand"] is None for t in client.get(f"/api/v1/days/{day.code}/").json()["tables"])


def play_round(game: Game, *, listened: int) -> None:
    """Take a table through live to its debrief with the customer's rating."""
    from games.services import coaching

    factories.advance_to(game, Phase.LIVE, game.round_number or 1)
    seat = SeatAssignment.objects.get(game=game, round_number=game.round_number, role=Role.CUSTOMER)
    customer = actor_for_participant(game, seat.participant)
    factories.act(
        game,
        coaching.round_rate,
        by=customer,
        listened=listened,
        cared=3,
        valued=3,
        final_mood=2,
        would_stay="yes",
    )
    factories.advance_to(game, Phase.DEBRIEF, game.round_number)


def test_the_comparison_puts_every_table_side_by_side_and_names_the_most_improved():
    day, client = opened_day(people=8)
    games = list(Game.objects.filter(day_table__day=day).order_by("day_table__number"))
    for game, (first, second) in zip(games, [(2, 3), (1, 5)], strict=True):
        play_round(game, listened=first)
        factories.advance_to(game, Phase.LIVE, 2)
        play_round(game, listened=second)

    body = client.get(f"/api/v1/days/{day.code}/comparison/").json()

    assert [len(t["rounds"]) for t in body["tables"]] == [2, 2]
    assert body["tables"][1]["rounds"][1]["listened"] == 5
    assert body["most_improved"] == 2
    report = client.get(f"/api/v1/days/{day.code}/report.csv")
    assert report.status_code == 200
    rows = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert [(r["table"], r["round"], r["listened"]) for r in rows] == [
        ("1", "1", "2"),
        ("1", "2", "3"),
        ("2", "1", "1"),
        ("2", "2", "5"),
    ]
    pdf = client.get(f"/api/v1/days/{day.code}/report.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Most improved: table 2." in text


def test_another_facilitator_cannot_see_or_run_the_day():
    day, _ = opened_day()
    stranger = facilitator_client(factories.UserFactory.create())

    assert stranger.get(f"/api/v1/days/{day.code}/").status_code == 404
    assert stranger.post(f"/api/v1/days/{day.code}/advance/", {}, format="json").status_code == 404


def test_a_member_reads_only_their_own_status_and_not_the_overview():
    day = factories.day()
    other = factories.day()
    token = join(day.code, "Ann")["token"]

    assert member_client(token).get(f"/api/v1/days/{day.code}/").status_code == 401
    assert member_client(token).get(f"/api/v1/days/{other.code}/me/").status_code == 403
    assert member_client("forged").get(f"/api/v1/days/{day.code}/me/").status_code == 401


def test_an_agreement_without_a_change_ends_at_every_table_with_a_reason():
    day, client = opened_day(people=8)
    for game in Game.objects.filter(day_table__day=day):
        factories.advance_to(game, Phase.AGREEMENT, 1)

    refused = client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json").json()
    ended = client.post(
        f"/api/v1/days/{day.code}/advance/", {"override_reason": "Time is up."}, format="json"
    ).json()

    assert [r["ok"] for r in refused["results"]] == [False, False]
    assert [r["ok"] for r in ended["results"]] == [True, True]


def test_a_tables_game_export_names_its_day_table_and_functions_unless_anonymised():
    day, client = opened_day(people=8)
    ann = DayMember.objects.get(day=day, display_name="Ann")
    game = table_of(ann).game
    assert game is not None

    plain = client.get(f"/api/v1/games/{game.code}/export/").json()["game"]["training_day"]
    anonymous = client.get(f"/api/v1/games/{game.code}/export/?anonymise=true").json()

    assert plain["name"] == "Support academy"
    assert plain["table"] == table_of(ann).number
    assert sorted(plain["functions"].values()) == ["billing", "logistics", "sales", "support"]
    assert anonymous["game"]["training_day"] == {
        "name": "",
        "table": table_of(ann).number,
        "functions": {},
    }


def test_a_colleague_is_made_co_facilitator_of_two_tables_and_runs_only_those():
    day, client = opened_day()
    colleague = factories.UserFactory.create()

    response = client.post(
        f"/api/v1/days/{day.code}/shares/",
        {"user": colleague.pk, "role": "co_facilitator", "tables": [1, 2]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert [r["ok"] for r in response.json()["results"]] == [True, True]
    tables = client.get(f"/api/v1/days/{day.code}/").json()["tables"]
    assert [t["shares"] for t in tables] == [
        [{"user": colleague.pk, "username": colleague.username, "role": "co_facilitator"}],
        [{"user": colleague.pk, "username": colleague.username, "role": "co_facilitator"}],
        [],
    ]
    as_colleague = facilitator_client(colleague)
    listed = {g["code"]: g["access"] for g in as_colleague.get("/api/v1/games/").json()}
    codes = [t["game"]["code"] for t in tables]
    assert listed == {codes[0]: "co_facilitator", codes[1]: "co_facilitator"}
    ran = as_colleague.post(f"/api/v1/games/{codes[0]}/advance/", {}, format="json")
    assert ran.status_code == 200, ran.json()
    assert (
        as_colleague.post(f"/api/v1/games/{codes[2]}/advance/", {}, format="json").status_code
        == 404
    )
    # The day itself stays its facilitator's.
    assert as_colleague.get(f"/api/v1/days/{day.code}/").status_code == 404


def test_an_observer_of_every_table_watches_and_stops_watching_one():
    day, client = opened_day(people=8)
    watcher = factories.UserFactory.create(membership="observer")
    client.post(
        f"/api/v1/days/{day.code}/shares/", {"user": watcher.pk, "role": "observer"}, format="json"
    )
    code = Game.objects.get(day_table__day=day, day_table__number=1).code
    as_watcher = facilitator_client(watcher)
    assert as_watcher.get(f"/api/v1/games/{code}/").status_code == 200
    assert as_watcher.post(f"/api/v1/games/{code}/advance/", {}, format="json").status_code == 403

    stopped = client.post(
        f"/api/v1/days/{day.code}/shares/",
        {"user": watcher.pk, "role": None, "tables": [1]},
        format="json",
    ).json()["results"]

    assert stopped == [{"table": 1, "ok": True, "seq": None, "code": "", "message": ""}]
    assert as_watcher.get(f"/api/v1/games/{code}/").status_code == 404
    assert [len(t["shares"]) for t in client.get(f"/api/v1/days/{day.code}/").json()["tables"]] == [
        0,
        1,
    ]


def test_sharing_a_table_with_someone_outside_the_organisation_is_refused_per_table():
    day, client = opened_day(people=8)
    outsider = factories.UserFactory.create(membership__organisation="elsewhere")

    results = client.post(
        f"/api/v1/days/{day.code}/shares/",
        {"user": outsider.pk, "role": "co_facilitator"},
        format="json",
    ).json()["results"]

    assert [(r["ok"], r["code"]) for r in results] == [(False, "not_found"), (False, "not_found")]


def test_tables_are_shared_only_once_they_are_games():
    day = factories.day(people=4)
    client = facilitator_client(day.facilitator)
    colleague = factories.UserFactory.create()

    response = client.post(
        f"/api/v1/days/{day.code}/shares/",
        {"user": colleague.pk, "role": "observer"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "wrong_phase"


def test_the_days_clock_runs_from_the_opening_to_the_last_tables_deadline():
    day, client = opened_day(people=8)
    assert client.get(f"/api/v1/days/{day.code}/").json()["clock"]["seconds_left"] is None
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")
    client.post(f"/api/v1/days/{day.code}/advance/", {}, format="json")  # live
    client.post(
        f"/api/v1/days/{day.code}/clock/extend/", {"seconds": 120, "tables": [2]}, format="json"
    )

    clock = client.get(f"/api/v1/days/{day.code}/").json()["clock"]

    assert clock["timed_tables"] == 2
    assert clock["paused"] is False
    live = Game.objects.get(day_table__day=day, day_table__number=2).live_seconds
    assert live + 110 < clock["seconds_left"] <= live + 120
    assert 0 <= clock["elapsed_seconds"] < 60
    client.post(f"/api/v1/days/{day.code}/clock/pause/", {}, format="json")
    assert client.get(f"/api/v1/days/{day.code}/").json()["clock"]["paused"] is True
