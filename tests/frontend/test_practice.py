"""Practising without a full team: one player against the scripted customer, with the detector
suggesting tags the coach accepts or dismisses with one click."""

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.pages import join, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

OPENING = "Half my order is missing and the fair opens tomorrow."
ACKNOWLEDGING = "You're right to be angry, and I can see this has put you in a difficult position."
BLAMING = "Honestly, the warehouse messed up, not us."


def create_solo_game(page: Page) -> str:
    page.get_by_label("Team or table name").fill("Solo practice")
    page.get_by_label("Rounds").fill("1")
    page.get_by_label("Live minutes").fill("10")
    page.get_by_label("Coach").select_option("facilitator")
    page.get_by_role("button", name="Create the game").click()
    return page.locator(".console__code").inner_text()


def say(page: Page, text: str) -> None:
    page.get_by_label("Message to the room").fill(text)
    page.get_by_label("Message to the room").press("Enter")


def test_one_player_practises_against_the_scripted_customer_and_the_coach_takes_suggestions(
    facilitator_page: Page, new_page
):
    console = facilitator_page
    code = create_solo_game(console)
    console.get_by_role("button", name="Let the scripted customer play the customer").click()
    expect(console.locator(".participants")).to_contain_text("◆ scripted")
    player = new_page(width=375, height=812)
    join(player, code, "Ann")

    console.get_by_role("button", name="Start round 1").click()
    expect(player.locator(".seat__who")).to_contain_text(
        "playing Account manager + Logistics coordinator"
    )
    console.get_by_role("button", name="Start live", exact=True).click()

    expect(player.locator(".chat--room")).to_contain_text(OPENING)
    say(player, ACKNOWLEDGING)
    say(player, BLAMING)
    suggestions = console.get_by_role("region", name="Suggested tags")
    acknowledge = suggestions.locator("li", has_text="Acknowledge")
    blame = suggestions.locator("li", has_text="Blame a colleague")
    expect(acknowledge.locator("mark")).not_to_be_empty()
    expect(blame).to_be_visible()
    screenshot(console, "coach-suggested-tags")

    acknowledge.get_by_role("button", name="Accept").click()
    blame.get_by_role("button", name="Dismiss").click()

    expect(suggestions).to_have_count(0)
    expect(console.locator(".rubric__tags")).to_contain_text("Acknowledge")
    expect(console.locator(".rubric__tags")).not_to_contain_text("Blame")
    room = player.locator(".chat--room .chat__message--customer")
    expect(room).to_have_count(2, timeout=15_000)
    screenshot(player, "player-against-scripted-customer")
