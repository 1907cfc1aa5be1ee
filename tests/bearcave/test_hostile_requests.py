"""Requests built to hurt the server (issue #19, points 5 to 7): nesting deep enough to break a
recursive parser, bodies over the limit, headers Django refuses. Each gets the API's error shape
(or a clear command error), never a 500 or a crash, and a body over the limit is refused before
it is read."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from scenarios.studio.services import draft_create
from tests import factories
from tests.asgi_requests import asgi_post, asgi_request

DEEP_JSON = "[" * 1_000 + "]" * 1_000


def deep_yaml(levels: int) -> bytes:
    """A scenario file whose `opening_statement` holds a mapping nested `levels` deep."""
    nested = "".join(f"{'  ' * depth}l{depth}:\n" for depth in range(1, levels + 1))
    return b"id: deep\ntitle: Deep\nsummary:\n" + nested.encode() + b"  " * levels + b"x: 1\n"


def json_write_endpoints() -> list[tuple[str, str]]:
    """(method, path) of every operation of the served schema that takes a JSON body."""
    schema: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


@pytest.fixture
def facilitator_and_game(db: None) -> tuple[APIClient, Any]:
    game = factories.game(players=4)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {factories.api_token(game.facilitator)}")
    return client, game


# Point 5: deep nesting ----------------------------------------------------------------------


def test_there_are_json_endpoints_to_check():
    endpoints = json_write_endpoints()

    assert ("post", "/api/v1/games/import/") in endpoints
    assert ("post", "/api/v1/games/{code}/join/") in endpoints
    assert len(endpoints) > 30


@pytest.mark.parametrize(("method", "path"), json_write_endpoints(), ids=str)
def test_json_nested_a_thousand_deep_gets_a_400_parse_error_on_every_json_endpoint(
    facilitator_and_game, method, path
):
    client, game = facilitator_and_game
    draft = draft_create(author=game.facilitator, document=factories.scenario_document())
    url = path.replace("{code}", game.code).replace("{draft}", str(draft.pk))
    for name in ("number", "participant", "tag", "proposal", "change", "user", "member"):
        url = url.replace(f"{{{name}}}", "1")

    response = getattr(client, method)(url, DEEP_JSON, content_type="application/json")

    assert response.status_code == 400, response.content[:200]
    assert response.json()["code"] == "parse_error"
    assert "recursion limit" in response.json()["message"]


@pytest.mark.parametrize("levels", [900, 1_000, 5_000])
def test_import_game_refuses_a_deeply_nested_file_with_a_clear_error(db, tmp_path, levels):
    user = factories.UserFactory.create(username="dana")
    document = tmp_path / "deep.json"
    document.write_text(
        '{"format": "bearcave.game-export", "x": ' + "[" * levels + "]" * levels + "}"
    )

    with pytest.raises(CommandError, match="not JSON"):
        call_command("import_game", str(document), facilitator=user.username, stdout=StringIO())


def test_a_scenario_nested_five_hundred_deep_is_refused_by_upload_and_validate(
    facilitator_and_game,
):
    client, _ = facilitator_and_game

    def upload(url: str) -> Any:
        document = SimpleUploadedFile("deep.yaml", deep_yaml(500), "application/yaml")
        return client.post(url, {"file": document}, format="multipart")

    uploaded = upload("/api/v1/scenarios/")
    validated = upload("/api/v1/scenarios/validate/")

    assert (uploaded.status_code, uploaded.json()["code"]) == (400, "invalid_scenario")
    assert "nested more than" in uploaded.json()["errors"][0]["message"]
    assert validated.status_code == 200
    assert validated.json()["valid"] is False
    assert "nested more than" in validated.json()["problems"][0]["message"]


def test_validate_scenarios_reports_a_deeply_nested_file_instead_of_crashing(tmp_path: Path):
    document = tmp_path / "deep.yaml"
    document.write_bytes(deep_yaml(500))
    errors = StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command("validate_scenarios", str(document), stderr=errors, stdout=StringIO())

    assert "nested more than" in errors.getvalue()


# Points 6 and 7: bodies over the limit, requests Django refuses ----------------------------


@pytest.mark.django_db(transaction=True)
async def test_a_body_over_the_limit_gets_413_in_the_api_error_shape():
    body = b'{"name": "' + b"x" * 3_000_000 + b'"}'

    status, answer = await asgi_post("/api/v1/games/ABCDEF/join/", body)

    assert status == 413
    assert answer["code"] == "too_large"
    assert f"{2 * 1024 * 1024:,} bytes" in answer["message"]


@pytest.mark.django_db(transaction=True)
async def test_a_body_declared_too_long_is_refused_before_any_of_it_is_read():
    """The client says 60 MB are coming and sends the first kilobyte only: the answer comes at
    once, without waiting for (or buffering) the rest."""
    declared = [(b"content-type", b"application/json"), (b"content-length", b"60000000")]

    answer = await asgi_request(
        "POST", "/api/v1/games/ABCDEF/join/", [b"{" + b" " * 1023], declared, finish=False
    )

    assert answer.status == 413
    assert answer.json()["code"] == "too_large"


@pytest.mark.django_db(transaction=True)
async def test_a_body_without_a_length_is_read_only_up_to_the_limit(settings):
    settings.MAX_REQUEST_BYTES = 10_000
    chunks = [b" " * 4_000] * 3  # 12,000 bytes and still not finished

    answer = await asgi_request(
        "POST",
        "/api/v1/games/ABCDEF/join/",
        chunks,
        [(b"content-type", b"application/json")],
        finish=False,
    )

    assert answer.status == 413


@pytest.mark.django_db(transaction=True)
async def test_outside_the_api_a_body_over_the_limit_gets_plain_text():
    declared = [(b"content-length", b"60000000")]

    answer = await asgi_request("POST", "/login/", [b"x"], declared, finish=False)

    assert answer.status == 413
    assert answer.headers[b"content-type"].startswith(b"text/plain")


def test_a_request_django_refuses_gets_the_api_error_shape_under_api(db):
    response = APIClient().get("/api/v1/scenarios/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "bad_request"
