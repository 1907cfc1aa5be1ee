"""The comparison page's read (every round side by side, handoffs, agreed changes) and the
facilitator's history filters."""

import logging
import re
from io import BytesIO

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Game
from games.services.conversation import mood_set
from tests import factories
from tests.games.api.clients import facilitator_client, live_game, player_client, token_of

pytestmark = pytest.mark.django_db


def test_the_facilitator_sees_every_round_side_by_side_and_players_only_finished_ones():
    game, tokens = live_game()
    factories.play_live(game, [6, 4], "Someone will be in touch shortly.")
    factories.advance_to(game, Phase.AGREEMENT, 1)
    factories.agree(game, "Give a time for every promise.")
    factories.advance_to(game, Phase.LIVE, 2)
    factories.play_live(game, [3, 1], "I'll call you at 17:00 today with the delivery time.")
    responder = player_client(token_of(game, tokens, Role.RESPONDER))
    url = f"/api/v1/games/{game.code}/comparison/"

    everything = facilitator_client(game.facilitator).get(url).json()
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


def report_text(game: Game) -> tuple[str, str]:
    """The downloaded report's text: the chart's (its labels) and the rest."""
    answer = facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/report.pdf")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"] == f'attachment; filename="bearcave-{game.code}.pdf"'
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(answer.content)).pages)
    before, chart_and_after = text.split("Mood, round over round", 1)
    chart, after = chart_and_after.split("Round by round", 1)
    return chart, before + after


def mood_at(game: Game, seconds: float, mood: int) -> None:
    factories.live_clock_at(game, seconds)
    factories.act(game, mood_set, by=factories.seated_first(game, Role.CUSTOMER), mood=mood)


def test_the_report_chart_has_a_legend_ticks_and_times_to_calm_in_minutes_and_seconds():
    # Given round 1 calm (3) after 19 seconds and round 2 never calm in 1:40
    game, _ = live_game()
    mood_at(game, 12, 6)
    mood_at(game, 19, 3)
    factories.advance_to(game, Phase.AGREEMENT, 1)
    factories.agree(game, "Give a time for every promise — “always”.")
    factories.advance_to(game, Phase.LIVE, 2)
    mood_at(game, 40, 6)
    mood_at(game, 100, 5)

    # When the facilitator downloads the report
    chart, rest = report_text(game)

    # Then the chart names its axes, ticks them (mood 0-10, time m:ss up to 2:00) and says
    # which colour is which round and where calm begins
    assert "Mood (0 calm, 10 furious)" in chart
    assert "Time into live (m:ss)" in chart
    assert set(re.findall(r"\b(?:10|[02468])\b(?!:)", chart)) >= {"0", "2", "4", "6", "8", "10"}
    assert re.findall(r"\b\d+:\d\d\b", chart) == ["0:00", "0:30", "1:00", "1:30", "2:00"]
    assert re.findall(r"Round \d+", chart) == ["Round 1", "Round 2"]
    assert "Calm: mood 3 or below" in chart
    # and the figures give the time to calm as m:ss, never rounded to minutes
    assert re.search(r"Time to calm\s+0:19\s+never", rest)
    assert " min" not in rest
    assert "Give a time for every promise — “always”." in rest


def test_drawing_the_report_leaves_no_font_chatter_in_the_server_log(caplog):
    game, _ = live_game()
    mood_at(game, 19, 3)
    caplog.set_level(logging.INFO)

    report_text(game)

    assert [record.name for record in caplog.records if record.name.startswith("fontTools")] == []
