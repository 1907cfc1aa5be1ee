"""The few REST calls a bot team needs before it takes its seats: create a game, join it."""

import json
import urllib.error
import urllib.request
from typing import Any

TIMEOUT_SECONDS = 15.0


class ApiError(RuntimeError):
    """The API refused a request; the message carries its status and error body."""


class ServerUnreachable(ApiError):
    """Nothing answered at the server's address."""


def _call(url: str, body: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(  # noqa: S310 (the URL is the operator's own server)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer: dict[str, Any] = json.load(response)
            return answer
    except urllib.error.HTTPError as error:
        raise ApiError(
            f"POST {url}: {error.code} {error.read().decode(errors='replace')}"
        ) from None
    except urllib.error.URLError as error:
        raise ServerUnreachable(f"POST {url}: {error.reason}") from None


def game_create(http_url: str, *, api_token: str, **settings: Any) -> str:
    """Create a game as the facilitator the API token belongs to; returns its join code."""
    game = _call(f"{http_url}/api/v1/games/", settings, {"Authorization": f"Token {api_token}"})
    return str(game["code"])


def game_join(http_url: str, code: str, *, name: str) -> str:
    """Join a game as a player; returns the player token."""
    return str(_call(f"{http_url}/api/v1/games/{code}/join/", {"name": name}, {})["token"])
