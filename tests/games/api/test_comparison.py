"""The comparison page's read (every round side by side, handoffs, agreed changes) and the
facilitator's history filters."""

from io import BytesIO

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game, SeatAssignment
from games.services.actors import Actor, actor_for_participant
from games.services.coaching import change_force, change_propose
from games.services.conversation import message_post, mood_set
from tests import factories
from tests.games.api.test_game_api import live_game, player_client, token_of
from tests.games.api.test_resources import facilitator_client

pytestmark = pytest.mark.django_db


def seated(game: Game, role: Role) -> Actor:
    seat = SeatAssignment.objects.filter(game=game, round_number=game.round_number, role=role)[0]
    return actor_for_participant(game, seat.participant)


def play_live(game: Game, moods: list[int], promise: str) -> None:
    responder = seated(game, Role.RESPONDER)
    factories.act(game, message_post, by=responder, channel="room", text=promise)
    for mood in moods:
        factories.act(game, mood_set, by=seated(game, Role.CUSTOMER), mood=mood)


def agree(game: Game, text: str) -> None:
    by = Actor(role=Role.FACILITATOR, user=game.facilitator)
    proposal = factories.act(game, change_propose, by=by, text=text)
    factories.act(game, change_force, by=by, proposal=proposal.seq, reason="Time.")


def test_the_facilitator_sees_every_round_side_by_side_and_players_only_finished_ones():
    game, tokens = live_game()
    play_live(game, [6, 4], "Someone will be in touch shortly.")
    factories.advance_to(game, Phase.AGREEMENT, 1)
    agree(game, "Give a time for every promise.")
    factories.advance_to(game, Phase.LIVE, 2)
    play_live(game, [3, 1], "I'll call you at 17:00 today with the delivery time.")
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    url = f"/api/v1/games/{game.code}/comparison/"

    everything = facilitator_client(game).get(url).json()
    public = responder.get(url).json()

    assert [r["round"] for r in everything["rounds"]] == [1, 2]
    assert [r["round"] for r in public["rounds"]] == [1], "round 2 is still live"
    assert [r["final_mood"] for r in everything["rounds"]] == [4, 1]
    assert everything["calm_threshold"] == 3
    assert [c["text"] for c in everything["agreed_changes"]] == ["Give a time for every promise."]
    promises = [r["handoffs"]["promises"] for r in everything["rounds"]]
    assert [p["text"] for p in promises[0]] == ["Someone will be in touch shortly."]
    assert everything["rounds"][0]["handoffs"]["unkept_promises"] == 1


def test_another_games_player_cannot_read_the_comparison():
    game, _ = live_game()
    _, other_tokens = live_game()
    stranger = player_client(next(iter(other_tokens.values())))

    answer = stranger.get(f"/api/v1/games/{game.code}/comparison/")

    assert answer.status_code == 403


def test_the_history_filters_by_scenario_team_name_and_date_and_says_what_was_wrong():
    fran = factories.UserFactory.create()
    table = factories.game(facilitator=fran, name="Table Groundhog")
    other = factories.game(facilitator=fran, name="Night shift", scenario={"id": "other-story"})
    factories.game(name="Someone else's Groundhog")
    client = APIClient()
    client.force_authenticate(fran)
    today = table.created_at.date().isoformat()

    def codes(query: str) -> list[str]:
        return [game["code"] for game in client.get(f"/api/v1/games/?{query}").json()]

    assert codes("name=groundhog") == [table.code]
    assert codes("scenario=other-story") == [other.code]
    assert sorted(codes(f"created_after={today}&created_before={today}")) == sorted(
        [table.code, other.code]
    )
    assert codes("created_before=2000-01-01") == []
    refused = client.get("/api/v1/games/?created_after=yesterday")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["path"] == "created_after"


def test_the_report_downloads_as_a_pdf_with_its_chart_figures_and_changes():
    game, _ = live_game()
    play_live(game, [6, 4], "Someone will be in touch shortly.")
    factories.advance_to(game, Phase.AGREEMENT, 1)
    agree(game, "Give a time for every promise — “always”.")

    answer = facilitator_client(game).get(f"/api/v1/games/{game.code}/report.pdf")

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="bearcave-{game.code}.pdf"'
    pdf = PdfReader(BytesIO(answer.content))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Mood, round over round" in text
    assert "Round 1: 8 > 6 > 4" in text
    assert "Give a time for every promise — “always”." in text
