"""The built frontend, served by a real Daphne process, in Debian's Chromium."""

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.pages import screenshot

pytestmark = pytest.mark.browser


def test_the_home_page_says_what_bear_cave_is(page: Page, browser_server):
    page.goto(browser_server.http_url + "/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Bear Cave")
    expect(page.get_by_role("link", name="Join a game")).to_have_attribute("href", "/join/")
    expect(page.get_by_role("link", name="Facilitator sign-in")).to_have_attribute(
        "href", "/facilitate/"
    )
    screenshot(page, "home")
