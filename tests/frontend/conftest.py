"""Browser fixtures: a signed-in facilitator and players in their own browser contexts."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests import factories

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "correct horse battery staple"

expect.set_options(timeout=10_000)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


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


def create_game(page: Page, *, rounds: int = 2, mode: str = "typed") -> str:
    page.get_by_label("Team or table name").fill("Table 1")
    page.get_by_label("Rounds").fill(str(rounds))
    page.get_by_label("Live minutes").fill("10")
    if mode == "spoken":
        page.get_by_label("Conversation").select_option("spoken")
    screenshot(page, "facilitator-new-game")
    page.get_by_role("button", name="Create the game").click()
    code = page.locator(".console__code").inner_text()
    assert len(code) == 6
    return code


def join(page: Page, code: str, name: str) -> None:
    page.goto(f"/join/{code}")
    expect(page.get_by_label("Game code")).to_have_value(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()
