"""GET /healthz reports the database and the channel layer, each exercised for real."""

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

from tests.servers import ROOT

pytestmark = pytest.mark.django_db


async def test_healthy_when_the_database_answers_and_the_layer_carries_a_message(async_client):
    response = await async_client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failed"] == []
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["channel_layer"]["ok"] is True


async def test_healthy_on_the_redis_channel_layer(async_client, redis_url):
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [redis_url]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        response = await async_client.get("/healthz")

    assert response.status_code == 200
    assert "RedisPubSubChannelLayer" in response.json()["checks"]["channel_layer"]["detail"]


def test_unhealthy_names_each_part_that_failed():
    """Point a fresh process at a database and a Redis that are not there."""
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bearcave.settings",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
            "REDIS_URL": "redis://127.0.0.1:9/0",
            "ALLOWED_HOSTS": "testserver",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    answer = json.loads(result.stdout.strip().splitlines()[-1])

    assert answer["status"] == 503
    assert answer["body"]["status"] == "unavailable"
    assert answer["body"]["failed"] == ["database", "channel_layer"]
    assert answer["body"]["checks"]["database"]["ok"] is False
    assert answer["body"]["checks"]["channel_layer"]["ok"] is False


async def test_with_https_on_a_load_balancers_plain_http_check_is_answered_not_redirected(
    async_client,
):
    with override_settings(SECURE_SSL_REDIRECT=True):
        health = await async_client.get("/healthz")
        page = await async_client.get("/login/")

    assert health.status_code == 200
    assert page.status_code == 301, "everything else still moves to HTTPS"
    assert page["Location"] == "https://testserver/login/"
