"""Single sign-on against a real OpenID Connect provider: django-oauth-toolkit in its own process
(tests/oidc_provider), Bear Cave in a Daphne process configured by the environment as a
deployment is, and a person's HTTP client going through the whole authorization-code flow
(PKCE, the provider's sign-in form, the redirect back, the token, userinfo and JWKS requests)."""

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth.models import User

from games.engine.phases import Phase
from games.services.sharing import game_share
from organisations.models import Membership, SignOnIdentity
from organisations.roles import ShareRole
from tests import factories
from tests.oidc_provider.process import PASSWORD, OIDCProvider, running
from tests.servers import RunningServer, daphne_process

pytestmark = pytest.mark.daphne


@dataclass
class SignOn:
    bearcave: RunningServer
    provider: OIDCProvider

    def sign_in(self, username: str) -> tuple[requests.Session, requests.Response]:
        """A fresh browser signs in at the provider as `username`; the page it ends on."""
        browser = requests.Session()
        login = browser.get(f"{self.bearcave.http_url}/login/?next=/facilitate/", timeout=10)
        link = re.search(r'<a href="([^"]+)">Sign in with Test IdP</a>', login.text)
        assert link, login.text
        at_provider = browser.get(self.bearcave.http_url + html.unescape(link[1]), timeout=10)
        assert at_provider.url.startswith(f"{self.provider.server.http_url}/login/")
        next_field = re.search(r'name="next" value="([^"]+)"', at_provider.text)
        assert next_field
        landed = browser.post(
            at_provider.url,
            data={
                "username": username,
                "password": PASSWORD,
                "next": html.unescape(next_field[1]),
                "csrfmiddlewaretoken": browser.cookies["provider_csrftoken"],
            },
            timeout=30,
        )
        assert landed.status_code == 200, landed.text
        return browser, landed

    def api(self, browser: requests.Session, method: str, path: str) -> requests.Response:
        return browser.request(
            method,
            f"{self.bearcave.http_url}/api/v1/{path}",
            headers={
                "X-CSRFToken": browser.cookies.get("csrftoken", domain="127.0.0.1") or "",
                "Referer": self.bearcave.http_url,
            },
            timeout=10,
        )


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[OIDCProvider]:
    """The identity provider, once for the module (its own database: nothing to reset)."""
    with running(OIDCProvider(workdir=tmp_path_factory.mktemp("provider"))) as provider:
        yield provider


@pytest.fixture
def sign_on(provider, transactional_db, tmp_path) -> Iterator[SignOn]:
    """A Bear Cave server on the test database that lands the provider's people in the test
    organisation."""
    with daphne_process(
        extra_env=provider.relying_party_environment(organisation=factories.TEST_ORGANISATION),
        output=tmp_path / "bearcave.log",
        port=provider.bearcave_port,
    ) as bearcave:
        yield SignOn(bearcave=bearcave.server, provider=provider)


def test_a_member_of_the_admins_group_signs_in_as_an_admin_of_the_organisation(sign_on):
    browser, landed = sign_on.sign_in("ada")

    assert landed.url == f"{sign_on.bearcave.http_url}/facilitate/"
    organisation = sign_on.api(browser, "GET", "organisation/")
    assert organisation.status_code == 200
    assert organisation.json()["slug"] == factories.TEST_ORGANISATION
    assert organisation.json()["role"] == "admin"
    assert "manage_members" in organisation.json()["may"]
    ada = User.objects.get(sign_on_identity__subject__isnull=False)
    assert (ada.username, ada.email, ada.first_name) == ("ada", "ada@example.com", "Ada")
    assert not ada.is_staff
    assert not ada.is_superuser
    assert not ada.has_usable_password()
    assert SignOnIdentity.objects.get(user=ada).issuer == sign_on.provider.issuer


def test_each_sign_in_sets_the_role_the_groups_give_on_the_same_account(sign_on):
    sign_on.sign_in("ada")
    Membership.objects.filter(user__username="ada").update(role="observer")

    browser, _ = sign_on.sign_in("ada")

    assert User.objects.filter(sign_on_identity__isnull=False).count() == 1
    assert Membership.objects.get(user__username="ada").role == "admin"
    assert sign_on.api(browser, "GET", "organisation/").json()["role"] == "admin"


def test_an_observer_replays_a_shared_game_but_cannot_change_it(sign_on):
    game = factories.game(players=4, total_rounds=2)
    factories.advance_to(game, Phase.BRIEFING, 2)  # round 1 is over: it can be replayed
    browser, _ = sign_on.sign_in("oscar")
    oscar = User.objects.get(username="oscar")
    assert oscar.membership.role == "observer"
    game_share(game=game, by=game.facilitator, user_id=oscar.pk, role=ShareRole.OBSERVER)

    games = sign_on.api(browser, "GET", "games/")
    replay = sign_on.api(browser, "GET", f"games/{game.code}/rounds/1/replay/")
    advance = sign_on.api(browser, "POST", f"games/{game.code}/advance/")
    new_game = sign_on.api(browser, "POST", "games/")

    assert game.code in games.text
    assert replay.status_code == 200
    assert advance.status_code == 403
    assert advance.json()["code"] == "not_allowed"
    assert new_game.status_code == 403
    game.refresh_from_db()
    assert (game.phase, game.round_number) == (Phase.BRIEFING, 2)


def test_someone_in_no_mapped_group_is_refused_with_a_message_on_the_sign_in_page(sign_on):
    browser, landed = sign_on.sign_in("nell")

    assert landed.url == f"{sign_on.bearcave.http_url}/login/"
    assert "Your Test IdP account is in no group that gives a role in Bear Cave" in landed.text
    assert "Sign in with Test IdP" in landed.text
    assert not User.objects.exists()
    assert sign_on.api(browser, "GET", "organisation/").status_code in (401, 403)
    # Counted as a failed sign-in from that address, as a wrong password is (django-axes).
    assert AccessAttempt.objects.get(ip_address="127.0.0.1").failures_since_start == 1


def test_a_password_account_of_the_same_name_and_email_is_not_taken_over(sign_on):
    factories.UserFactory.create(username="ada", email="ada@example.com", membership="owner")

    sign_on.sign_in("ada")

    password_ada = User.objects.get(username="ada")
    assert password_ada.membership.role == "owner"
    assert not SignOnIdentity.objects.filter(user=password_ada).exists()
    assert SignOnIdentity.objects.get().user.username == "ada-2"


def test_an_account_made_staff_is_refused_single_sign_on(sign_on):
    sign_on.sign_in("ada")
    User.objects.filter(username="ada").update(is_staff=True)

    browser, landed = sign_on.sign_in("ada")

    assert landed.url == f"{sign_on.bearcave.http_url}/login/"
    assert "This is a staff account: sign in with its password." in landed.text
    assert sign_on.api(browser, "GET", "organisation/").status_code in (401, 403)


def test_an_id_token_from_another_issuer_than_configured_is_refused(provider, transactional_db):
    environment = provider.relying_party_environment(organisation=factories.TEST_ORGANISATION)
    environment["OIDC_ISSUER"] = "https://id.example.com/realms/acme"
    with daphne_process(extra_env=environment, port=provider.bearcave_port) as bearcave:
        _, landed = SignOn(bearcave=bearcave.server, provider=provider).sign_in("ada")

    assert landed.url == f"{bearcave.server.http_url}/login/"
    assert "The sign-in with Test IdP did not complete. Try again." in landed.text
    assert not User.objects.exists()
