"""The built frontend, served by a real Daphne process, in Debian's Chromium."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_home_page_says_what_bear_cave_is(page: Page, browser_server):
    page.goto(browser_server.http_url + "/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bear Cave")
    expect(page.get_by_role("link", name="Join a game")).to_have_attribute("href", "/join/")
    expect(page.get_by_role("link", name="Facilitator sign-in")).to_have_attribute(
        "href", "/facilitate/"
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
