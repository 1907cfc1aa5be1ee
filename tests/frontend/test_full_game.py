"""A facilitator and four players play a whole two-round game through the UI alone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.conftest import create_game, join, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

PLAYERS = ["Ann", "Ben", "Cat", "Dev"]


def seats_by_role(pages: dict[str, Page], round_number: int) -> dict[str, list[Page]]:
    roles: dict[str, list[Page]] = {}
    for page in pages.values():
        who = page.locator(".seat__who")
        expect(who).to_contain_text(f"in round {round_number}")
        role = re.search(r"playing (\w+)", who.inner_text())
        assert role is not None
        roles.setdefault(role.group(1), []).append(page)
    return roles


def advance(console: Page, label: str) -> None:
    console.get_by_role("button", name=label).click()


def play_round(console: Page, pages: dict[str, Page], number: int) -> None:
    roles = seats_by_role(pages, number)
    customer, coach, responders = roles["customer"][0], roles["coach"][0], roles["responder"]
    assert len(responders) == 2

    responders[0].get_by_label("Message to the huddle").fill("Let her finish first.")
    responders[0].get_by_label("Message to the huddle").press("Enter")
    expect(coach.locator(".chat--huddle")).to_contain_text("Let her finish first.")
    expect(customer.locator(".chat--huddle")).to_have_count(0)
    advance(console, "Start live")

    customer.get_by_label("Message to the room").fill("Half my order is missing!")
    customer.get_by_label("Message to the room").press("Enter")
    for page in responders:
        expect(page.locator(".chat--room")).to_contain_text("Half my order is missing!")
    responders[1].get_by_label("Message to the room").fill("I'm so sorry. That is on us.")
    responders[1].get_by_role("button", name="Send").first.click()
    customer.get_by_role("button", name=re.compile(r"^4, ")).click()
    expect(responders[0].locator(".phase-bar .mood")).to_contain_text("4")
    coach.get_by_role("radio", name=re.compile("acknowledge")).click()
    coach.locator(".chat--room .chat__message", has_text="That is on us").get_by_role(
        "button", name=re.compile("^Tag: acknowledge")
    ).click()
    expect(coach.locator(".chat--room .chat__tags")).to_contain_text("acknowledge")
    screenshot(customer, f"round{number}-customer-live")
    screenshot(responders[0], f"round{number}-responder-live")
    screenshot(coach, f"round{number}-coach-live")
    advance(console, "End live: debrief")

    customer.get_by_role("button", name="Send my rating").click()
    expect(responders[0].locator(".debrief__rating")).to_contain_text("Would stay")
    for technique in ("acknowledge", "present_resolution", "checkback"):
        coach.locator("fieldset", has_text=technique.replace("_", " ")).get_by_label(
            "attempted"
        ).check()
    coach.get_by_role("button", name="Save ratings").click()
    coach.get_by_label("Keep doing").fill("You apologised at once.")
    coach.get_by_label("Do differently").fill("Give her a time for the call back.")
    coach.get_by_role("button", name="Give feedback").click()
    if number == 2:
        coach.get_by_role("button", name="Kept", exact=True).click()
    responders[0].get_by_label("Your reflection").fill("I waited too long to speak.")
    responders[0].get_by_role("button", name="Share").click()
    expect(customer.locator(".debrief__feedback")).to_contain_text("Give her a time")
    expect(customer.locator(".debrief")).to_contain_text("acknowledge")
    screenshot(customer, f"round{number}-debrief")
    advance(console, "Go to agreement")

    change = f"Next time we give a time in the first minute (round {number})."
    responders[0].get_by_label("Next time we…").fill(change)
    responders[0].get_by_role("button", name="Propose").click()
    expect(responders[0].locator(".proposals")).to_contain_text(change)
    for page in responders:
        page.get_by_role("button", name="Accept").click()
    expect(customer.locator(".agreement")).to_contain_text("Agreed")
    screenshot(coach, f"round{number}-agreement")


def test_a_facilitator_and_four_players_play_two_rounds_through_the_ui(facilitator_page, new_page):
    console = facilitator_page
    code = create_game(console)
    pages = {name: new_page(width=390 if name == "Ann" else 1280) for name in PLAYERS}
    for name, page in pages.items():
        join(page, code, name)
    for name in PLAYERS:
        expect(console.locator(".participants")).to_contain_text(name)
    expect(console.locator(".rotation table")).to_be_visible()
    screenshot(console, "facilitator-console-lobby")

    advance(console, "Start round 1")
    play_round(console, pages, 1)
    advance(console, "Next round")

    for page in pages.values():
        expect(page.locator(".agreed-changes")).to_contain_text(
            "Next time we give a time in the first minute (round 1)."
        )
    screenshot(pages["Ann"], "round2-briefing-phone")
    play_round(console, pages, 2)
    expect(console.locator(".summary")).to_contain_text("Round 2")
    screenshot(console, "facilitator-round-summary")
    advance(console, "Finish the game")

    for page in pages.values():
        expect(page.get_by_role("heading", name=re.compile("last round"))).to_be_visible()
    kept = pages["Ben"].locator(".agreed-changes")
    expect(kept).to_contain_text("kept in round 2")
