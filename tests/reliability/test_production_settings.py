"""Production settings: cookies only over TLS and a Content Security Policy on every page."""

import json
import os
import subprocess
import sys

import pytest

from tests.bearcave.environments import PRODUCTION_ENV
from tests.servers import ROOT

pytestmark = pytest.mark.django_db


def settings_under(env: dict[str, str], *names: str) -> dict[str, object]:
    """The named settings as a fresh process computes them from `env`."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {list(names)!r}}}, "
        "default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bearcave.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_behind_tls_cookies_are_secure_and_browsers_are_told_to_stay_on_https():
    found = settings_under(
        PRODUCTION_ENV,
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
    )

    assert found == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 60 * 60 * 24 * 365,
    }


@pytest.mark.parametrize("path", ["/", "/join/ABCDEF", "/login/", "/api/docs/", "/admin/login/"])
def test_every_page_carries_a_policy_that_allows_no_inline_script_or_foreign_source(client, path):
    response = client.get(path, HTTP_HOST="127.0.0.1")

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert response.status_code == 200
    assert policy["default-src"] == "'self'"
    assert policy["script-src"].split()[0] == "'self'"
    assert all(
        source == "'self'" or source.startswith("'nonce-")
        for source in policy["script-src"].split() + policy["style-src"].split()
    )
    assert policy["object-src"] == policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_an_inline_block_django_renders_carries_the_responses_nonce(client):
    response = client.get("/login/", HTTP_HOST="127.0.0.1")

    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in response.content.decode()
