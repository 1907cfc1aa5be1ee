"""A room of players driven through the browser: who sits where, and how to reach a panel."""

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from tests.frontend.checks import everything_a_person_would_notice


@dataclass
class Seats:
    customer: Page
    coach: Page
    responders: list[Page]


def seats_in(pages: dict[str, Page], round_number: int) -> Seats:
    """Who holds which seat this round, read off each player's screen."""
    by_role: dict[str, list[Page]] = {}
    for page in pages.values():
        who = page.locator(".seat__who")
        expect(who).to_contain_text(f"in round {round_number}")
        role = re.search(r"playing (.+) in round", who.inner_text())
        assert role is not None
        name = role.group(1)
        by_role.setdefault(name if name in ("Customer", "Coach") else "Responder", []).append(page)
    return Seats(by_role["Customer"][0], by_role["Coach"][0], by_role["Responder"])


def is_phone(page: Page) -> bool:
    return page.get_by_role("tablist").count() > 0 and page.get_by_role("tablist").is_visible()


def open_panel(page: Page, name: str) -> None:
    """On a phone, the tab of that panel; on a wide screen every panel is already in view."""
    if is_phone(page):
        page.get_by_role("tab", name=re.compile(f"^{name}")).click()


def say(page: Page, where: str, text: str) -> None:
    """Type into the room or the huddle (`where`: 'room' or 'team huddle') and send."""
    open_panel(page, "Room" if where == "room" else "Team")
    field = page.get_by_label(f"Message to the {where}")
    field.fill(text)
    field.press("Enter")
    expect(field).to_have_value("")


def problems_on(label: str, page: Page) -> list[str]:
    """Everything a person would notice on this screen, on each of its tabs on a phone."""
    if not is_phone(page):
        return [f"{label}: {problem}" for problem in everything_a_person_would_notice(page)]
    found: list[str] = []
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        tab = tabs.nth(index)
        tab.click()
        name = tab.get_attribute("aria-controls")
        found += [
            f"{label} [{name}]: {problem}" for problem in everything_a_person_would_notice(page)
        ]
    return found
