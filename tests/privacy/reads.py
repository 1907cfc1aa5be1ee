"""Everything one seat can read about a game, through every read path there is.

The socket's snapshot and its events (as the consumer renders them), and every GET endpoint of
the game API, found from the URL map so that a new read is walked the day it is added. The text
of each answer (JSON, CSV, PDF text) is what the privacy test searches for secrets.
"""

import io
import re
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from pypdf import PdfReader
from rest_framework.test import APIClient

from games import protocol
from games.models import Game, Participant
from games.selectors import Viewer, events_since, snapshot_for
from tests import factories

GAME_PATH = re.compile(r"^api/v1/games/<str:code>/")
DAY_PATH = re.compile(r"^api/v1/days/<str:code>/")
# Path parameters of game endpoints, and the values a walk tries for each.
PARAMETER_VALUES = {"number": ["1", "2"]}


@dataclass(frozen=True)
class ReadPath:
    name: str
    url: str


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            found += _patterns(entry, prefix + str(entry.pattern))
        else:
            found.append((prefix + str(entry.pattern), entry))
    return found


def game_read_paths(code: str, prefix: re.Pattern[str] = GAME_PATH) -> list[ReadPath]:
    """Every GET endpoint under /api/v1/games/<code>/ (or another `prefix`, e.g. a training
    day's), with each parameter filled in."""
    paths: list[ReadPath] = []
    for route, pattern in _patterns(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if not prefix.match(route) or view is None or not hasattr(view, "get"):
            continue
        parameters = re.findall(r"<(?:\w+:)?(\w+)>", route)
        unknown = [p for p in parameters if p != "code" and p not in PARAMETER_VALUES]
        assert not unknown, f"teach the privacy walk the parameter(s) {unknown} of {route}"
        urls = [route.replace("<str:code>", code)]
        for parameter in parameters:
            if parameter == "code":
                continue
            urls = [
                re.sub(rf"<(?:\w+:)?{parameter}>", value, url)
                for url in urls
                for value in PARAMETER_VALUES[parameter]
            ]
        paths += [ReadPath(name=f"GET /{url}", url=f"/{url}") for url in urls]
    return paths


def _replay_variants(paths: list[ReadPath]) -> list[ReadPath]:
    """A replay is asked for from each seat as well as from none."""
    more = [
        ReadPath(name=f"{path.name}?perspective={p}", url=f"{path.url}?perspective={p}")
        for path in paths
        if path.url.endswith("/replay/")
        for p in ("customer", "team", "coach")
    ]
    return paths + more


def _text_of(response: Any) -> str:
    body = bytes(response.content) if hasattr(response, "content") else b""
    if response.get("Content-Type", "").startswith("application/pdf") and body:
        reader = PdfReader(io.BytesIO(body))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    return body.decode("utf-8", errors="replace")


def client_for(game: Game, participant: Participant | None, token: str | None) -> APIClient:
    client = APIClient()
    if participant is None:
        key = factories.api_token(game.facilitator)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    else:
        client.credentials(HTTP_AUTHORIZATION=f"Player {token}")
    return client


def scenario_read_paths(slug: str) -> list[ReadPath]:
    """Every GET endpoint of the library and the studio, for the scenario `slug`, and the
    organisation's own (its members, the API tokens)."""
    urls = [
        "/api/v1/scenarios/",
        f"/api/v1/scenarios/{slug}/",
        f"/api/v1/scenarios/{slug}/versions/",
        f"/api/v1/scenarios/{slug}/yaml/",
        f"/api/v1/scenarios/{slug}/diff/?before=1&after=1",
        "/api/v1/studio/drafts/",
        "/api/v1/games/",
        "/api/v1/organisation/",
        "/api/v1/organisation/tokens/",
        "/api/v1/tokens/",
    ]
    return [ReadPath(name=f"GET {url}", url=url) for url in urls]


def member_reads(game: Game, slug: str, user: Any) -> dict[str, tuple[int, str]]:
    """What a signed-in member reads of `game` and of the scenario `slug`, through every game
    read path and every library path: each path's status and text."""
    client = APIClient()
    client.force_authenticate(user)
    paths = _replay_variants(game_read_paths(game.code)) + scenario_read_paths(slug)
    read = {}
    for path in paths:
        response = client.get(path.url)
        read[path.name] = (response.status_code, _text_of(response))
    return read


def everything_read(
    game: Game, participant: Participant | None, token: str | None
) -> dict[str, str]:
    """What the seat reads through each path: the path's name and the text it answered."""
    game.refresh_from_db()
    viewer = Viewer(participant=participant)
    snapshot = protocol.Snapshot(**snapshot_for(game, viewer)).model_dump_json()
    events = protocol.Events(seq=game.last_seq, events=events_since(game, viewer, 0))
    read = {"socket snapshot": snapshot, "socket events": events.model_dump_json()}
    client = client_for(game, participant, token)
    for path in _replay_variants(game_read_paths(game.code)):
        read[path.name] = _text_of(client.get(path.url))
    read.update(_day_reads(game, participant, client))
    return read


def _day_reads(game: Game, participant: Participant | None, client: APIClient) -> dict[str, str]:
    """A table's game in a training day: every GET of the day, with the player's token and with
    the token they joined the day with."""
    from days.models import DayMember, DayTable
    from days.services import member_token

    table = DayTable.objects.filter(game=game).select_related("day").first()
    if table is None:
        return {}
    clients = {"": client}
    member = DayMember.objects.filter(participant=participant).first() if participant else None
    if member is not None:
        as_member = APIClient()
        as_member.credentials(HTTP_AUTHORIZATION=f"Member {member_token(member)}")
        clients[" (day token)"] = as_member
    return {
        f"{path.name}{how}": _text_of(reader.get(path.url))
        for path in game_read_paths(table.day.code, DAY_PATH)
        for how, reader in clients.items()
    }
