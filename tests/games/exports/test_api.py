"""The export endpoints: the game's facilitator downloads JSON and CSV and imports documents;
nobody else may. Every download is data, never a page."""

import json
import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from games.models import Game
from tests import factories
from tests.asgi_requests import asgi_post
from tests.games.api.clients import facilitator_client, player_client

pytestmark = pytest.mark.django_db

EXPORTS = ["export/", "export/transcript.csv", "export/rounds.csv"]


@pytest.fixture(autouse=True)
def fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def game() -> Game:
    game = factories.game(name="Table 3")
    for name in ("<script>alert(1)</script>", "Ben", "Cat"):
        factories.join(game, name)
    factories.advance_to(game, "live", 1)
    return game


@pytest.mark.parametrize("path", EXPORTS)
def test_the_facilitator_downloads_each_export_as_an_attachment(game, path):
    response = facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/{path}")

    assert response.status_code == 200
    name = path.removeprefix("export/") or "export.json"
    disposition = f'attachment; filename="bearcave-{game.code}-{name}"'
    assert response["Content-Disposition"] == disposition
    expected = "application/json" if name.endswith(".json") else "text/csv; charset=utf-8"
    assert response["Content-Type"] == expected


@pytest.mark.parametrize("path", EXPORTS)
def test_an_anonymised_download_says_so_in_its_name(game, path):
    response = facilitator_client(game.facilitator).get(
        f"/api/v1/games/{game.code}/{path}?anonymise=true"
    )

    assert response.status_code == 200
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    # Marked before the extension, so it still opens with its program.
    assert re.fullmatch(r"bearcave-[A-Z0-9]+-\w+-anonymised\.(json|csv)", filename), filename
    assert b"alert(1)" not in response.content
    assert b"Ben" not in response.content


@pytest.mark.parametrize("path", EXPORTS)
def test_nobody_but_the_games_facilitator_may_export_it(game, path):
    url = f"/api/v1/games/{game.code}/{path}"
    player = player_client(factories.join(game, "Dev")[1])
    other_game_player = player_client(factories.join(factories.game(), "Oz")[1])

    answers = {
        "player": player.get(url),
        "a player of another game": other_game_player.get(url),
        "another facilitator": facilitator_client(factories.UserFactory.create()).get(url),
        "anonymous": APIClient().get(url),
    }

    assert {who: r.status_code for who, r in answers.items()} == {
        "player": 403,
        "a player of another game": 403,
        "another facilitator": 404,
        "anonymous": 401,
    }
    assert answers["player"].json()["code"] == "not_allowed"
    assert answers["another facilitator"].json()["code"] == "game_not_found"


def test_a_bad_anonymise_value_is_refused_as_invalid(game):
    response = facilitator_client(game.facilitator).get(
        f"/api/v1/games/{game.code}/export/?anonymise=maybe"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "anonymise"


def test_a_name_with_markup_comes_out_as_escaped_json_text(game):
    response = facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/export/")

    assert b"<" not in response.content
    assert b">" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    document = json.loads(response.content)
    assert document["participants"][0]["display_name"] == "<script>alert(1)</script>"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_facilitator_imports_an_export_and_gets_the_new_game(game):
    client = facilitator_client(game.facilitator)
    document = client.get(f"/api/v1/games/{game.code}/export/").json()

    response = client.post("/api/v1/games/import/", document, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["code"] != game.code
    assert (body["phase"], body["round_number"], body["name"]) == ("live", 1, "Table 3")
    assert body["socket_path"] == f"/ws/games/{body['code']}/"
    assert client.get("/api/v1/games/").json()[0]["code"] in (body["code"], game.code)
    copy = client.get(f"/api/v1/games/{body['code']}/export/").json()
    assert len(copy["events"]) == len(document["events"])


def test_a_refused_import_answers_invalid_naming_each_problem(game):
    client = facilitator_client(game.facilitator)
    document = client.get(f"/api/v1/games/{game.code}/export/").json()
    document["version"] = 7
    games = Game.objects.count()

    response = client.post("/api/v1/games/import/", document, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "The export cannot be imported; see `errors`.",
        "errors": [
            {"path": "version", "message": "this server reads version 1 of the format, not 7"}
        ],
    }
    assert Game.objects.count() == games


def test_only_a_facilitator_may_import(game):
    document = facilitator_client(game.facilitator).get(f"/api/v1/games/{game.code}/export/")
    player = player_client(factories.join(game, "Dev")[1])

    as_player = player.post("/api/v1/games/import/", document.json(), format="json")
    as_nobody = APIClient().post("/api/v1/games/import/", document.json(), format="json")

    assert (as_player.status_code, as_player.json()["code"]) == (403, "not_allowed")
    assert (as_nobody.status_code, as_nobody.json()["code"]) == (401, "not_authenticated")


@pytest.mark.django_db(transaction=True)
async def test_an_oversized_import_is_refused_before_it_is_read(settings):
    settings.MAX_IMPORT_BYTES = 100
    document = json.dumps({"format": "x" * 200}).encode()

    status, body = await asgi_post("/api/v1/games/import/", document)

    assert status == 413
    assert body["code"] == "too_large"
    assert "at most 100 bytes" in body["message"]
