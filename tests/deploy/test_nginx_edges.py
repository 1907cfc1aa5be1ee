"""What deploy/nginx/bearcave.conf does at the edge, for real (Debian's nginx with TLS in front of
two Daphne processes of the scaled profile): client addresses, body sizes, plain HTTP, assets."""

import asyncio
import gzip
import re
from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.deploy.proxy import (
    Answer,
    NginxProcess,
    announce_body,
    fetch,
    scaled_profile_behind_nginx,
)

# These tests only send requests, and the servers write nothing for them: one deployment serves
# the module (starting it costs more than all of them), and the database is only read. (Emptying
# it after each test, as transactional tests do, would race the servers' own clock.)
pytestmark = [pytest.mark.daphne, pytest.mark.services, pytest.mark.django_db]
GUESSES = 2  # join codes one address may miss a minute here (THROTTLE_JOIN_MISS)
NOT_A_CODE = "NOSUCH"  # never a join code (no O in the alphabet): every join with it is a miss
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def nginx(django_db_setup, tmp_path_factory) -> Iterator[NginxProcess]:
    with scaled_profile_behind_nginx(
        tmp_path_factory.mktemp("nginx"), extra_env={"THROTTLE_JOIN_MISS": f"{GUESSES}/minute"}
    ) as deployment:
        yield deployment.nginx


async def join_with_a_wrong_code(nginx: NginxProcess, source: str, **headers: str) -> Answer:
    return await asyncio.to_thread(
        fetch,
        nginx.secure,
        "POST",
        f"/api/v1/games/{NOT_A_CODE}/join/",
        body=b'{"name": "Guesser"}',
        headers={**JSON, **headers},
        source=source,
    )


async def test_the_app_tells_clients_apart_by_their_own_address_behind_the_proxy(nginx):
    # Given a client that has missed as many codes as it may (on either process)
    misses = [await join_with_a_wrong_code(nginx, "127.0.0.2") for _ in range(GUESSES)]
    assert [answer.status for answer in misses] == [404] * GUESSES

    # When it tries again, claiming to forward for someone else, and a neighbour tries once
    again = await join_with_a_wrong_code(nginx, "127.0.0.2", **{"X-Forwarded-For": "192.0.2.9"})
    neighbour = await join_with_a_wrong_code(nginx, "127.0.0.3")

    # Then the guesser waits, whatever it claims, and the neighbour does not: without the
    # forwarded address every client would be nginx's 127.0.0.1 to the app.
    assert (again.status, again.json()["code"]) == (429, "rate_limited")
    assert (neighbour.status, neighbour.json()["code"]) == (404, "game_not_found")


async def test_a_body_over_the_apps_limit_is_refused_by_nginx_before_it_is_sent(nginx):
    limit = settings.MAX_REQUEST_BYTES
    join = f"/api/v1/games/{NOT_A_CODE}/join/"
    name_at_the_limit = b'{"name": "%s"}' % (b"x" * (limit - len(b'{"name": ""}')))

    over = await asyncio.to_thread(announce_body, nginx.secure, join, length=limit + 1)
    at_limit = await asyncio.to_thread(
        fetch, nginx.secure, "POST", join, body=name_at_the_limit, headers=JSON
    )

    assert (over.status, over.json()["code"]) == (413, "too_large"), "in the API's error shape"
    # A body at the limit reached the app, which read it whole and answered for it.
    assert (at_limit.status, at_limit.json()["errors"][0]["path"]) == (400, "name")


async def test_an_export_bigger_than_other_bodies_still_reaches_the_import(nginx):
    imports = "/api/v1/games/import/"
    big = b'{"events": "%s"}' % (b"x" * (2 * settings.MAX_REQUEST_BYTES))

    within = await asyncio.to_thread(fetch, nginx.secure, "POST", imports, body=big, headers=JSON)
    over = await asyncio.to_thread(
        announce_body, nginx.secure, imports, length=settings.MAX_IMPORT_BYTES + 1
    )

    assert (within.status, within.json()["code"]) == (401, "not_authenticated"), "the app answered"
    assert (over.status, over.json()["code"]) == (413, "too_large")


async def test_plain_http_answers_a_load_balancer_and_sends_everyone_else_to_https(nginx):
    # A balancer checks an address, with whatever Host it likes.
    health = await asyncio.to_thread(
        fetch, nginx.plain, "GET", "/healthz", headers={"Host": "10.0.0.5"}
    )
    moved = await asyncio.to_thread(fetch, nginx.plain, "GET", "/join/ABCDEF?from=poster")
    page = await asyncio.to_thread(fetch, nginx.secure, "GET", "/login/")

    assert (health.status, health.json()["status"]) == (200, "ok")
    assert moved.status == 301
    assert moved.headers["Location"] == f"{nginx.secure.origin}/join/ABCDEF?from=poster"
    # Over TLS the app knows the browser used it (X-Forwarded-Proto): no redirect, HSTS, and
    # cookies sent only over HTTPS.
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "; Secure" in page.headers["Set-Cookie"]


async def test_the_apps_script_comes_compressed_and_cached_for_good(nginx):
    page = await asyncio.to_thread(fetch, nginx.secure, "GET", "/")
    script = re.search(r'src="(/static/assets/[^"]+\.js)"', page.body.decode())
    assert script is not None, "the page names its script"

    plain = await asyncio.to_thread(fetch, nginx.secure, "GET", script[1])
    packed = await asyncio.to_thread(
        fetch, nginx.secure, "GET", script[1], headers={"Accept-Encoding": "gzip"}
    )

    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) / 2
    assert packed.headers["Cache-Control"] == "max-age=315360000, public, immutable"
