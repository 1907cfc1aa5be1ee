"""What the API's answers tell browsers and proxies (issue #19, point 11): nothing under /api/
is stored by a cache, and the health check answers plain HTTP even behind TLS."""

import pytest
from django.test import Client, override_settings
from rest_framework.test import APIClient

from games.engine.phases import Phase
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator_of_a_played_round() -> tuple[APIClient, str]:
    game = factories.game(players=4)
    factories.advance_to(game, Phase.DEBRIEF, 1)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(game.facilitator)}")
    return client, game.code


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/rounds/1/outcome/",
        "/export/",
        "/export/transcript.csv",
        "/export/rounds.csv",
        "/report.pdf",
        "/nothing-here/",
    ],
)
def test_no_api_answer_may_be_stored_by_a_browser_or_a_proxy(facilitator_of_a_played_round, path):
    client, code = facilitator_of_a_played_round

    response = client.get(f"/api/v1/games/{code}{path}")

    assert response.status_code in (200, 404)
    assert "no-store" in response["Cache-Control"]


def test_an_error_and_the_schema_are_not_stored_either():
    refused = APIClient().get("/api/v1/games/")
    schema = APIClient().get("/api/schema/")

    assert refused.status_code == 401
    assert "no-store" in refused["Cache-Control"]
    assert "no-store" in schema["Cache-Control"]


@override_settings(SECURE_SSL_REDIRECT=True)
def test_behind_tls_the_health_check_answers_plain_http_and_the_rest_redirects():
    client = Client()

    health = client.get("/healthz")
    page = client.get("/api/v1/scenarios/")

    assert health.status_code == 200
    assert page.status_code == 301
    assert page["Location"].startswith("https://")
