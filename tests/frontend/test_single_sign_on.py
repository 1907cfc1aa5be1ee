"""Single sign-on in the browser: "Sign in with ..." on the sign-in page takes a person to the
company's identity provider (a real one, tests/oidc_provider) and back, signed in with the role
their groups give; someone in no mapped group is told why on the sign-in page."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.frontend.checks import everything_a_person_would_notice
from tests.frontend.pages import screenshot
from tests.oidc_provider.process import PASSWORD, OIDCProvider, running
from tests.servers import RunningServer, daphne_process

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


@pytest.fixture(scope="module")
def provider(tmp_path_factory) -> Iterator[OIDCProvider]:
    with running(OIDCProvider(workdir=tmp_path_factory.mktemp("provider"))) as provider:
        yield provider


@pytest.fixture
def browser_server(provider, transactional_db) -> Iterator[RunningServer]:
    """Bear Cave with single sign-on through the test provider (the pages' `new_page` opens it)."""
    with daphne_process(
        extra_env=provider.relying_party_environment(organisation=factories.TEST_ORGANISATION),
        port=provider.bearcave_port,
    ) as bearcave:
        yield bearcave.server


def sign_in_with_the_provider(page: Page, username: str) -> None:
    page.goto("/login/?next=/facilitate/")
    page.get_by_role("link", name="Sign in with Test IdP").click()
    page.get_by_label("Provider user name").fill(username)
    page.get_by_label("Provider password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()


def test_an_admin_signs_in_with_the_provider_and_manages_the_organisation(new_page):
    factories.scenario_version()
    page = new_page()
    page.goto("/login/")
    expect(page.get_by_role("link", name="Sign in with Test IdP")).to_be_visible()
    expect(page.get_by_label("User name")).to_be_visible()  # the password form stays
    screenshot(page, "sign-in-sso-desktop")
    assert everything_a_person_would_notice(page) == []

    sign_in_with_the_provider(page, "ada")

    expect(page.get_by_role("heading", name="Your games")).to_be_visible()
    page.get_by_role("link", name="Organisation").click()
    expect(page.get_by_role("heading", name="Test organisation")).to_be_visible()
    expect(page.get_by_role("button", name="Make an invitation link")).to_be_visible()


def test_on_a_phone_someone_in_no_mapped_group_is_told_why(new_page):
    page = new_page(width=375, height=740)
    page.goto("/login/")
    screenshot(page, "sign-in-sso-phone")
    assert everything_a_person_would_notice(page) == []

    sign_in_with_the_provider(page, "nell")

    expect(page.get_by_role("alert")).to_have_text(
        "Your Test IdP account is in no group that gives a role in Bear Cave. "
        "Ask your administrator to add you to one."
    )
    expect(page.get_by_role("link", name="Sign in with Test IdP")).to_be_visible()
    screenshot(page, "sign-in-sso-refused-phone")
    assert everything_a_person_would_notice(page) == []
