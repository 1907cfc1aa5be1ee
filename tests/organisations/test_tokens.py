"""API tokens (organisations.tokens, organisations.authentication): kept as a digest, named,
expiring, revocable, their last use recorded at most once a minute, refused with a reason."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.crypto import hash_token
from rest_framework.test import APIClient

from games.engine.errors import GameError
from organisations.models import ApiToken
from organisations.tokens import (
    TokenRefused,
    api_token_check,
    api_token_create,
    api_token_revoke,
)
from tests import factories

pytestmark = pytest.mark.django_db


def script(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def approx_days(days: int):
    return pytest.approx(timedelta(days=days), abs=timedelta(seconds=5))


def test_only_a_digest_and_a_short_prefix_of_the_key_are_stored():
    user = factories.UserFactory.create()

    made = api_token_create(user=user, name="nightly export")

    stored = ApiToken.objects.get(pk=made.token.pk)
    assert stored.digest == hash_token(made.key)
    assert stored.token_key == made.key[:15]
    row = ApiToken.objects.filter(pk=stored.pk).values().get()
    assert made.key not in [str(value) for value in row.values()]
    assert len(made.key) == 64


def test_a_new_token_expires_after_90_days_unless_told_and_never_after_more_than_365():
    user = factories.UserFactory.create()

    default = api_token_create(user=user, name="default").token
    longest = api_token_create(user=user, name="a year", expires_in_days=365).token

    assert default.expiry - default.created == approx_days(90)
    assert longest.expiry - longest.created == approx_days(365)
    for days in (0, 366):
        with pytest.raises(GameError, match="from 1 to 365 days"):
            api_token_create(user=user, name="too long", expires_in_days=days)


def test_a_token_needs_a_name_and_its_owner_a_membership():
    staff = factories.UserFactory.create(membership=False, is_staff=True)
    member = factories.UserFactory.create()

    with pytest.raises(GameError, match="Name the token"):
        api_token_create(user=member, name="   ")
    with pytest.raises(GameError, match="member of an organisation"):
        api_token_create(user=staff, name="ops")


def test_a_script_with_a_token_reads_the_games_of_the_tokens_owner():
    game = factories.game()

    response = script(factories.api_token(game.facilitator)).get("/api/v1/games/")

    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == [game.code]


def test_an_expired_token_is_refused_with_a_401_that_says_it_expired_and_when():
    user = factories.UserFactory.create()
    made = api_token_create(user=user, name="old script", expires_in_days=1)

    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        response = script(made.key).get("/api/v1/games/")

    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert "'old script' expired on" in body["message"]
    assert response["WWW-Authenticate"] == "Player"  # the game endpoints name the player token
    assert ApiToken.objects.filter(pk=made.token.pk).exists()  # still listed, marked expired


def test_an_expired_token_is_a_401_on_every_other_endpoint_too():
    made = api_token_create(user=factories.UserFactory.create(), name="x", expires_in_days=1)

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = script(made.key).get("/api/v1/organisation/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "expired on" in response.json()["message"]


def test_a_revoked_token_stops_working_at_once():
    user = factories.UserFactory.create()
    made = api_token_create(user=user, name="laptop")
    assert script(made.key).get("/api/v1/games/").status_code == 200

    api_token_revoke(by=user, token_id=made.token.pk)

    response = script(made.key).get("/api/v1/games/")
    assert response.status_code == 401
    assert "never made or it was revoked" in response.json()["message"]


def test_a_key_that_shares_the_prefix_of_a_real_one_is_refused():
    made = api_token_create(user=factories.UserFactory.create(), name="real")
    last = "1" if made.key[-1] != "1" else "2"
    forged = made.key[:-1] + last

    with pytest.raises(TokenRefused):
        api_token_check(forged)


def test_a_closed_accounts_token_is_refused():
    user = factories.UserFactory.create()
    key = factories.api_token(user)
    user.is_active = False
    user.save()

    with pytest.raises(TokenRefused, match="account this API token belongs to is closed"):
        api_token_check(key)


def test_last_used_is_written_on_first_use_then_at_most_once_a_minute():
    user = factories.UserFactory.create()
    made = api_token_create(user=user, name="busy script")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        api_token_check(made.key)
    first = ApiToken.objects.get(pk=made.token.pk).last_used
    with (
        time_machine.travel(start + timedelta(seconds=59), tick=False),
        CaptureQueriesContext(connection) as queries,
    ):
        api_token_check(made.key)
    within_the_minute = ApiToken.objects.get(pk=made.token.pk).last_used
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        api_token_check(made.key)
    after_it = ApiToken.objects.get(pk=made.token.pk).last_used

    assert first == start
    assert len(queries) == 1  # the lookup only: no write within the minute
    assert within_the_minute == start
    assert after_it == start + timedelta(seconds=61)


def test_the_socket_hello_names_why_an_api_token_is_refused():
    from games.services.participants import user_from_api_token

    made = api_token_create(user=factories.UserFactory.create(), name="wall", expires_in_days=1)

    assert user_from_api_token(made.key) == made.token.user
    with (
        time_machine.travel(timezone.now() + timedelta(days=2)),
        pytest.raises(GameError, match="'wall' expired on") as refused,
    ):
        user_from_api_token(made.key)
    assert refused.value.code.value == "not_authenticated"


def test_create_api_token_prints_a_named_key_once_that_authenticates_a_script():
    user = factories.UserFactory.create(username="dana")
    out = StringIO()

    call_command("create_api_token", "dana", "--name", "export", "--expires-in", "7", stdout=out)

    key = out.getvalue().strip()
    assert script(key).get("/api/v1/games/").status_code == 200
    token = ApiToken.objects.get(user=user)
    assert token.name == "export"
    assert token.expiry - token.created == approx_days(7)


def test_create_api_token_makes_another_token_each_time_and_refuses_what_it_cannot_make():
    factories.UserFactory.create(username="dana")
    first, second = StringIO(), StringIO()
    call_command("create_api_token", "dana", "--name", "a", stdout=first)

    call_command("create_api_token", "dana", "--name", "b", stdout=second)

    assert first.getvalue() != second.getvalue()
    assert script(first.getvalue().strip()).get("/api/v1/games/").status_code == 200
    with pytest.raises(CommandError, match="No active facilitator"):
        call_command("create_api_token", "nobody", "--name", "x")
    with pytest.raises(CommandError, match="from 1 to 365 days"):
        call_command("create_api_token", "dana", "--name", "x", "--expires-in", "1000")


def test_the_django_admin_lists_tokens_without_a_key_or_a_digest_and_cannot_make_one():
    staff = factories.UserFactory.create(
        username="ops", membership=False, is_staff=True, is_superuser=True
    )
    made = api_token_create(user=factories.UserFactory.create(), name="nightly export")
    browser = Client()
    browser.force_login(staff)

    listing = browser.get("/admin/organisations/apitoken/")
    detail = browser.get(f"/admin/organisations/apitoken/{made.token.pk}/change/")
    adding = browser.get("/admin/organisations/apitoken/add/")

    assert listing.status_code == detail.status_code == 200
    for page in (listing, detail):
        text = page.content.decode()
        assert "nightly export" in text
        assert made.key not in text
        assert made.token.digest not in text
    assert adding.status_code == 403
