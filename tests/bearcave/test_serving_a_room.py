"""Serving a room: loopback by default; on every interface (HOST=0.0.0.0) or behind PUBLIC_URL the
join link and QR code carry an address the room's phones reach, and the Host, CSRF and WebSocket
Origin checks accept it."""

import asyncio
import ipaddress
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient

from bearcave.frontend import qr_code_svg
from bearcave.network import lan_address, public_url
from games.bots.client import Bot
from games.management.commands.serve import where_to_open
from tests import factories
from tests.servers import ROOT, daphne_process

ROOM = "http://192.168.1.23:8000"


def test_the_lan_address_is_one_of_this_machines_own_and_not_loopback():
    address = lan_address()

    assert address is not None, "this machine has a network interface"
    assert not ipaddress.ip_address(address).is_loopback
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((address, 0))  # only an address of this machine can be bound


def test_serving_every_interface_makes_the_lan_address_the_public_one():
    assert public_url("", host="0.0.0.0", port=8123) == f"http://{lan_address()}:8123"


def test_serving_loopback_keeps_links_on_the_address_each_request_came_to():
    assert public_url("", host="127.0.0.1", port=8000) == ""


def test_a_configured_public_url_wins_and_loses_its_trailing_slash():
    assert public_url("https://cave.example.com/", host="0.0.0.0", port=8000) == (
        "https://cave.example.com"
    )


@pytest.mark.parametrize(
    "configured", ["192.168.1.23:8000", "ftp://cave.example.com", "https://cave.example.com/bc"]
)
def test_a_public_url_that_is_not_a_scheme_and_host_is_refused_saying_what_it_should_be(
    configured,
):
    with pytest.raises(ImproperlyConfigured, match=r"PUBLIC_URL .*http://192\.168\.1\.20:8000"):
        public_url(configured, host="127.0.0.1", port=8000)


def settings_under(env: dict[str, str]) -> dict[str, object]:
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.PUBLIC_URL, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "PUBLIC_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "bearcave.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    url, hosts, origins = json.loads(result.stdout)
    return {"url": url, "hosts": hosts, "origins": origins}


def test_on_every_interface_the_lan_address_passes_the_host_and_origin_checks():
    served = settings_under({"HOST": "0.0.0.0", "PORT": "8123"})

    assert served["url"] == f"http://{lan_address()}:8123"
    assert served["hosts"] == ["127.0.0.1", "localhost", lan_address()]
    assert served["origins"] == [f"http://{lan_address()}:8123"]


def test_a_public_url_is_added_to_the_hosts_and_origins_already_allowed():
    served = settings_under(
        {"PUBLIC_URL": "https://cave.example.com", "ALLOWED_HOSTS": "cave.internal"}
    )

    assert served["hosts"] == ["cave.internal", "cave.example.com"]
    assert served["origins"] == ["https://cave.example.com"]


def test_by_default_only_this_machine_is_served():
    served = settings_under({})

    assert served == {"url": "", "hosts": ["127.0.0.1", "localhost"], "origins": []}


@pytest.mark.django_db
def test_the_join_link_and_qr_code_use_the_public_address(settings):
    settings.PUBLIC_URL = ROOM
    game = factories.game()
    client = APIClient()
    client.force_authenticate(game.facilitator)

    detail = client.get(f"/api/v1/games/{game.code}/").json()
    listed = client.get("/api/v1/games/").json()
    qr_code = client.get(f"/qr/{game.code.lower()}.svg")

    assert detail["join_url"] == f"{ROOM}/join/{game.code}"
    assert [row["join_url"] for row in listed] == [f"{ROOM}/join/{game.code}"]
    assert qr_code.content == qr_code_svg(f"{ROOM}/join/{game.code}")


@pytest.mark.django_db
def test_without_a_public_address_the_join_link_is_where_the_facilitator_opened_the_app():
    game = factories.game()
    client = APIClient()
    client.force_authenticate(game.facilitator)

    detail = client.get(f"/api/v1/games/{game.code}/", HTTP_HOST="127.0.0.1:8000").json()
    qr_code = client.get(f"/qr/{game.code}.svg", HTTP_HOST="127.0.0.1:8000")

    assert detail["join_url"] == f"http://127.0.0.1:8000/join/{game.code}"
    assert qr_code.content == qr_code_svg(f"http://127.0.0.1:8000/join/{game.code}")


def test_the_server_says_how_to_let_phones_in_when_it_serves_this_machine_only():
    printed = where_to_open("127.0.0.1", 8000, "")

    assert printed[0].startswith("Bear Cave is serving on http://127.0.0.1:8000/")
    assert "make run HOST=0.0.0.0" in printed[1]


def test_the_server_says_to_set_public_url_when_it_finds_no_lan_address():
    printed = where_to_open("0.0.0.0", 8000, "")

    assert "PUBLIC_URL=http://" in printed[1]


def test_serve_refuses_every_interface_by_option_alone_which_the_host_checks_would_not_know(
    settings,
):
    from django.core.management import CommandError, call_command

    settings.HOST = "127.0.0.1"
    with pytest.raises(CommandError, match=r"HOST=0\.0\.0\.0"):
        call_command("serve", host="0.0.0.0")


def get(url: str, host: str | None = None, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={**headers, **({"Host": host} if host else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.daphne
@pytest.mark.django_db(transaction=True)
def test_a_phone_on_the_room_network_opens_the_join_link_and_plays(tmp_path):
    # Given the server started as `make run HOST=0.0.0.0` does, and a game
    game = factories.game()
    token = factories.join(game, "Ann")[1]
    printed = tmp_path / "serve.out"
    with daphne_process(bind="0.0.0.0", output=printed) as process:
        port = process.server.port
        room = f"http://{lan_address()}:{port}"
        api_token = factories.api_token(game.facilitator)

        # When a phone opens the link the projector shows (the facilitator on this machine)
        detail = get(
            f"http://127.0.0.1:{port}/api/v1/games/{game.code}/", Authorization=f"Token {api_token}"
        )[1]
        join_url = json.loads(detail)["join_url"]
        status, page = get(join_url)
        # and its socket says hello from that page
        phone = Bot("Ann", f"ws://{lan_address()}:{port}", room, token=token)

        async def play() -> str:
            try:
                await phone.connect(game.code)
                return str(phone.snapshot["game"]["code"])
            finally:
                await phone.close()

        # Then the page opens, the socket is accepted, and another host name is still refused
        assert join_url == f"{room}/join/{game.code}"
        assert status == 200
        assert b'<div id="app"></div>' in page
        assert asyncio.run(play()) == game.code
        assert get(f"{room}/healthz", host="cave.attacker.example")[0] == 400
    assert f"Phones in the room open {room}/join/" in printed.read_text()
    assert f"firewall let in TCP port {port}" in printed.read_text()
