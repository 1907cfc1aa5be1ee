"""The published OpenAPI schema is valid and complete, and the API keeps it: schemathesis sends
generated requests to every operation in-process, as a facilitator (API token) and as a player
(join token), and every answer must be no server error and match the schema, status code and
body both. Bounded (a few examples per operation, derandomized) so it runs in every `make test`.
"""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from games.engine.phases import Phase
from games.engine.roles import Role
from games.models import Event, Game, SeatAssignment
from tests import factories


def test_the_api_schema_validates_with_no_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = target.read_text()
    assert "/api/v1/games/{code}/events/" in schema
    assert "playerToken" in schema
    assert "tokenAuth" in schema


APP = get_wsgi_application()
SCHEMA = schemathesis.openapi.from_wsgi("/api/schema/", APP)
# Credentials are sent by the test itself, one identity per run.
SCHEMA.config.generation.update(with_security_parameters=False)
SCHEMA.config.phases.update(phases=["examples", "fuzzing"])
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = hypothesis_settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def in_process_requests(db: None, settings: Any) -> Iterator[None]:
    """Requests go through Django's WSGI handler in this thread, as the test client does: the
    handler must not close the test's database connection at each request's start and end."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # the throttles' counts
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        cache.clear()


@pytest.fixture
def live_table(in_process_requests: None) -> dict[str, Any]:
    """A live round of a four-player game (and an observer), and everyone's credentials."""
    game = factories.game()
    tokens = {name: factories.join(game, name)[1] for name in factories.PLAYER_NAMES[:4]}
    factories.participant_join_observer(game, "Obi")
    factories.advance_to(game, Phase.LIVE)
    seats = {
        seat.role: tokens[seat.participant.display_name]
        for seat in SeatAssignment.objects.filter(game=game, round_number=1).select_related(
            "participant"
        )
        if seat.participant.display_name in tokens
    }
    return {
        "game": game,
        "facilitator": f"Token {factories.api_token(game.facilitator)}",
        "seats": seats,
    }


def _aim_at(case: Any, game: Game) -> None:
    """Point generated path parameters at this game and, mostly, at things that exist in it."""
    game.refresh_from_db()
    params = case.path_parameters or {}
    if "code" in params and len(str(params["code"])) % 4:
        params["code"] = game.code  # three times in four; the fourth tries the generated code
    if "slug" in params:
        params["slug"] = "short-shipment"
    ids = {
        "number": list(range(game.total_rounds + 2)),
        "participant": list(game.participants.values_list("pk", flat=True)),
        "tag": list(range(1, game.last_seq + 1)),
        "proposal": list(range(1, game.last_seq + 1)),
        "change": list(range(1, game.last_seq + 1)),
    }
    for name, existing in ids.items():
        # Only valid integers are aimed; what negative testing made invalid stays invalid.
        if isinstance(params.get(name), int) and existing:
            params[name] = existing[params[name] % len(existing)]


def _run(case: Any, game: Game, authorization: str) -> None:
    if case.method == "DELETE" and case.operation.path == "/api/v1/games/{code}/":
        # Deleting the game would leave nothing for the rest of the run: aim at one to spare.
        game = factories.game(players=3, facilitator=game.facilitator)
    _aim_at(case, game)
    case.headers = {**(case.headers or {}), "Authorization": authorization}
    checks = CHECKS
    if case.operation.path.endswith("/yaml/"):
        # Schemathesis parses an application/yaml body and checks the parsed document against
        # the schema's `type: string`; the YAML file is the string, so that check is skipped.
        checks = [check for check in CHECKS if check is not response_schema_conformance]
    case.call_and_validate(checks=checks)


@pytest.mark.django_db
@SCHEMA.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_a_facilitator(case, live_table):
    _run(case, live_table["game"], live_table["facilitator"])


@pytest.mark.django_db
@SCHEMA.parametrize()
@BOUNDED
def test_the_api_keeps_its_schema_for_a_player(case, live_table):
    _run(case, live_table["game"], f"Player {live_table['seats'][Role.COACH]}")


def test_the_schema_run_aims_at_a_live_game(live_table):
    """The fixture the schema runs use is what their docstring says it is."""
    game = live_table["game"]

    assert game.phase == Phase.LIVE
    assert set(live_table["seats"]) == {Role.CUSTOMER, Role.COACH, Role.RESPONDER}
    assert Event.objects.filter(game=game).exists()
