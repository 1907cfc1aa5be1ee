"""Browser fixtures: a signed-in facilitator and players in their own browser contexts."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests import factories
from tests.frontend.pages import PASSWORD

expect.set_options(timeout=10_000)


@pytest.fixture
def open_contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    contexts: list[BrowserContext] = []
    yield contexts
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(browser: Browser, open_contexts: list[BrowserContext], browser_server):
    """A page in a fresh browser context (its own cookies and storage: one person)."""

    def make(width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=browser_server.http_url
        )
        open_contexts.append(context)
        return context.new_page()

    return make


@pytest.fixture
def facilitator_page(new_page) -> Page:
    """The facilitator, signed in through the real sign-in form."""
    factories.UserFactory.create(username="fran")
    factories.scenario_version()
    page = new_page()
    page.goto("/facilitate/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("User name").fill("fran")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Your games")).to_be_visible()
    return page
