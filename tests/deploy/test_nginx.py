"""deploy/nginx/bearcave.conf for real: Debian's nginx, TLS, in front of two Daphne processes of
the scaled profile (PostgreSQL, Redis) with HTTPS=on and NUM_PROXIES=1, as docs/deployment.md
sets them up."""

import asyncio
import gzip
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection

from games.api.exports import MAX_IMPORT_BYTES
from games.bots.client import Bot
from games.bots.rest import game_join
from games.bots.team import play_game, seats_of_round
from games.models import Connection, Game
from tests import factories
from tests.deploy.proxy import HOST, NginxProcess, announce_body, fetch
from tests.games.realtime.client import facilitator_cookie
from tests.games.test_end_to_end import assert_each_saw_exactly_the_log_filtered_for_them
from tests.servers import REDIS_SERVER, DaphneProcess, daphne_processes, redis_process
from tests.services import nginx_problem, require

pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db(transaction=True)]
GUESSES = 2  # join codes an address may miss a minute here (THROTTLE_JOIN_MISS)


@dataclass
class Deployment:
    nginx: NginxProcess
    backends: list[DaphneProcess]


@pytest.fixture
def deployment(transactional_db, tmp_path, monkeypatch) -> Iterator[Deployment]:
    if connection.vendor != "postgresql":
        pytest.skip("the scaled profile runs on PostgreSQL: this runs in `make test-postgres`")
    require("nginx", nginx_problem())
    require("Redis", None if shutil.which(REDIS_SERVER) else f"{REDIS_SERVER} not found")
    nginx = NginxProcess(tmp_path)
    production = {
        "HTTPS": "on",
        "NUM_PROXIES": "1",
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": nginx.secure.origin,
        "THROTTLE_JOIN_MISS": f"{GUESSES}/minute",
    }
    # A Redis of its own: the throttle counts it holds start from nothing in every test.
    with (
        redis_process() as redis,
        daphne_processes(2, redis_url=redis.url, extra_env=production) as backends,
    ):
        # Every client of this process (urllib, websockets, http.client) trusts the test's CA.
        monkeypatch.setenv("SSL_CERT_FILE", str(nginx.certificate.ca_file))
        try:
            nginx.start([backend.server for backend in backends])
            yield Deployment(nginx, backends)
        finally:
            nginx.stop()


@sync_to_async
def game_with_no_players() -> tuple[Game, str]:
    game = factories.game(total_rounds=1)
    return game, facilitator_cookie(game.facilitator)[1].decode()


@sync_to_async
def process_of_each_socket(game: Game) -> dict[int | None, str]:
    """Which server process holds each open socket of the game, by participant (None: the
    facilitator), from the presence table every process writes."""
    return dict(Connection.objects.filter(game=game).values_list("participant_id", "server_id"))


def room_texts(bot: Bot) -> list[str]:
    return [
        event["payload"]["text"]
        for event in bot.seen("message.posted")
        if event["payload"]["channel"] == "room"
    ]


async def test_a_round_is_played_through_nginx_with_the_table_split_over_both_processes(
    deployment,
):
    proxy = deployment.nginx.secure
    game, cookie = await game_with_no_players()
    tokens = {
        name: await asyncio.to_thread(game_join, proxy.http_url, game.code, name=name)
        for name in factories.PLAYER_NAMES[:4]
    }
    facilitator = Bot("facilitator", proxy.ws_url, proxy.origin, cookie=cookie)
    players = [Bot(name, proxy.ws_url, proxy.origin, token=t) for name, t in tokens.items()]

    await play_game(facilitator=facilitator, players=players, code=game.code, rounds=1)

    await assert_each_saw_exactly_the_log_filtered_for_them(game, [facilitator, *players])
    process_of = await process_of_each_socket(game)
    for bot in [facilitator, *players]:
        await bot.close()
    assert set(process_of) == {None, *(bot.participant_id for bot in players)}
    assert len(set(process_of.values())) == 2, "nginx spread the sockets over both processes"
    seats = seats_of_round(facilitator, 1)
    customer = next(bot for bot in players if seats[bot.participant_id]["role"] == "customer")
    across = [bot for bot in players if process_of[bot.participant_id] != process_of[customer.participant_id]]
    assert across, "someone sat on the other process from the customer"
    opening = facilitator.snapshot["brief"]["scenario"]["customer"]["opening_statement"]
    assert all(opening in room_texts(bot) for bot in across), "the customer's words crossed"


async def test_the_app_tells_clients_apart_by_their_own_address_behind_the_proxy(deployment):
    proxy = deployment.nginx.secure

    def guess(source: str, **headers: str):
        return asyncio.to_thread(
            fetch, proxy, "POST", "/api/v1/games/NOSUCH/join/", source=source,
            body=b'{"name": "Guesser"}', headers={"Content-Type": "application/json", **headers},
        )

    misses = [await guess("127.0.0.2") for _ in range(GUESSES)]
    forged = await guess("127.0.0.2", **{"X-Forwarded-For": "203.0.113.9"})
    neighbour = await guess("127.0.0.3")

    assert [answer.status for answer in misses] == [404] * GUESSES
    assert (forged.status, forged.json()["code"]) == (429, "rate_limited"), (
        "an address over its budget stays over it, whatever it claims to forward"
    )
    assert (neighbour.status, neighbour.json()["code"]) == (404, "game_not_found"), (
        "another address still has its own budget"
    )


async def test_a_body_over_the_apps_limit_is_refused_by_nginx_before_it_is_sent(deployment):
    proxy = deployment.nginx.secure
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    over = await asyncio.to_thread(announce_body, proxy, "/api/v1/games/NOSUCH/join/", length=limit + 1)
    at_limit = await asyncio.to_thread(
        fetch, proxy, "POST", "/api/v1/games/NOSUCH/join/",
        body=b'{"name": "' + b"x" * (limit - 12) + b'"}', headers={"Content-Type": "application/json"},
    )
    import_over = await asyncio.to_thread(announce_body, proxy, "/api/v1/games/import/", length=MAX_IMPORT_BYTES + 1)
    big_import = await asyncio.to_thread(
        fetch, proxy, "POST", "/api/v1/games/import/",
        body=b'{"events": "' + b"x" * (limit * 2) + b'"}', headers={"Content-Type": "application/json"},
    )

    assert over.status == 413
    assert over.json()["code"] == "too_large"
    assert at_limit.status != 413, at_limit.body[:200]
    assert import_over.status == 413
    assert big_import.status != 413, big_import.body[:200]
    print(at_limit.status, at_limit.body[:300], big_import.status, big_import.body[:300])


async def test_plain_http_answers_a_load_balancer_and_sends_everyone_else_to_https(deployment):
    plain, secure = deployment.nginx.plain, deployment.nginx.secure

    health = await asyncio.to_thread(fetch, plain, "GET", "/healthz", headers={"Host": "10.0.0.5"})
    moved = await asyncio.to_thread(fetch, plain, "GET", "/join/ABCDEF?from=poster")
    page = await asyncio.to_thread(fetch, secure, "GET", "/login/")

    assert (health.status, health.json()["status"]) == (200, "ok")
    assert moved.status == 301
    assert moved.headers["Location"] == f"{secure.origin}/join/ABCDEF?from=poster"
    assert page.status == 200, "the app knows the browser came over TLS: no redirect loop"
    assert "Strict-Transport-Security" in page.headers
    print(page.headers)


async def test_the_apps_assets_come_through_compressed_and_cached_for_good(deployment):
    secure = deployment.nginx.secure
    page = await asyncio.to_thread(fetch, secure, "GET", "/")
    script = re.search(rb'src="(/static/[^"]+\.js)"', page.body)
    assert script is not None, page.body[:500]

    plain = await asyncio.to_thread(fetch, secure, "GET", script[1].decode())
    packed = await asyncio.to_thread(fetch, secure, "GET", script[1].decode(), headers={"Accept-Encoding": "gzip"})

    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert "immutable" in packed.headers["Cache-Control"]
    print(len(plain.body), len(packed.body), packed.headers)
