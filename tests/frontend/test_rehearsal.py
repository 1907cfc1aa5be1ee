"""A rehearsal: a facilitator and five players (two on 375 px phones) play two rounds through the
UI alone, and at every phase every screen is checked for what a person in the room would notice:
nothing wider than the screen, every control takes a click, the newest message is in view, every
event the seat received is shown where it belongs, and axe-core finds nothing serious. The
screenshots in docs/ui.md come from here."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.frontend.pages import create_game, join, screenshot
from tests.frontend.room import Seats, open_panel, problems_on, say, seats_in

pytestmark = [pytest.mark.browser, pytest.mark.daphne]

PLAYERS = ["Ann", "Ben", "Cat", "Dev", "Eve"]
PHONES = {"Ann", "Ben"}


def everyone_checked(console: Page, pages: dict[str, Page], phase: str) -> list[str]:
    problems = problems_on(f"{phase}, console", console)
    for name, page in pages.items():
        problems += problems_on(f"{phase}, {name}", page)
    return problems


def advance(console: Page, label: str) -> None:
    console.get_by_role("button", name=label, exact=True).click()


def briefing(console: Page, pages: dict[str, Page], seats: Seats, number: int) -> list[str]:
    say(seats.responders[0], "team huddle", f"Let her finish first (round {number}).")
    expect(seats.coach.locator(".chat--huddle")).to_contain_text("Let her finish first")
    expect(seats.customer.locator(".chat--huddle")).to_have_count(0)
    return everyone_checked(console, pages, f"round {number} briefing")


def live(console: Page, pages: dict[str, Page], seats: Seats, number: int) -> list[str]:
    advance(console, "Start live")
    customer, coach, first, second = (
        seats.customer,
        seats.coach,
        seats.responders[0],
        seats.responders[1],
    )
    for line in range(6):
        say(customer, "room", f"Line {line}: half my order is missing and the fair is tomorrow!")
    say(first, "room", "I'm so sorry. That is on us. Which pallets matter most?")
    expect(second.locator(".chat--room .chat__message").last).to_contain_text("Which pallets")

    open_panel(customer, "Room")
    customer.get_by_role("radio", name=re.compile(r"^4, ")).check()
    expect(first.locator(".phase-bar .mood")).to_contain_text("4")

    open_panel(coach, "Coach")
    coach.get_by_role("radio", name=re.compile("Acknowledge")).check()
    coach.get_by_label("Note for the next tag (optional)").fill(f"Named the fair (round {number}).")
    open_panel(coach, "Room")
    coach.locator(".chat--room .chat__message", has_text="That is on us").get_by_role(
        "button", name=re.compile("^Tag: Acknowledge")
    ).click()
    customer_line = coach.locator(".chat--room .chat__message", has_text="Line 5:")
    expect(customer_line.locator(".chat__tag")).to_have_count(0)  # the team's moves only
    open_panel(coach, "Coach")
    expect(coach.locator(".tags")).to_contain_text(f"Named the fair (round {number}).")
    coach.get_by_role("button", name=re.compile("Fire: Truck fixed early")).click()
    coach.get_by_role("button", name=re.compile("Fire: Her client calls")).click()

    open_panel(first, "Team")
    expect(first.locator(".chat--huddle")).to_contain_text(
        "Workshop says the truck is ready at 4 am."
    )
    open_panel(customer, "Room")
    expect(customer.locator(".chat--room")).to_contain_text("Your client just asked")
    expect(customer.locator(".chat--room")).not_to_contain_text("Workshop says")

    cards = customer.locator("details.cards")
    if cards.get_attribute("open") is None:  # folded away on a phone, so the chat stays in view
        cards.locator("summary").click()
    customer.get_by_role("button", name=re.compile("Play “I'm writing a review”")).click()
    expect(customer.locator(".cards")).to_contain_text("Played")
    expect(
        customer.get_by_role("button", name=re.compile("Play “I'm writing a review”"))
    ).to_have_count(0)
    open_panel(second, "Room")
    expect(second.locator(".chat--room")).to_contain_text(
        "Everyone at the fair will hear about this."
    )

    open_panel(first, "Brief")
    offer = first.locator(".concession").first
    offer.get_by_role("button", name=re.compile("^Offered")).first.click()
    expect(first.locator(".concession.is-offered")).to_have_count(1)

    coach.get_by_label("Why freeze").fill("Listen to what she said about the fair.")
    coach.get_by_role("button", name="Freeze!").click()
    open_panel(second, "Room")
    # Why, once at the top of every screen; the room says only that it is closed.
    expect(second.locator(".phase-bar__stopped")).to_contain_text("Listen to what she said")
    expect(second.locator(".chat__closed")).to_contain_text("The room is closed")
    expect(second.get_by_label("Message to the room")).to_have_count(0)
    screenshot(customer, f"round{number}-customer-frozen{phone_suffix(customer, pages)}")
    problems = everyone_checked(console, pages, f"round {number} live, frozen")
    open_panel(coach, "Coach")
    coach.get_by_role("button", name="Resume the round").click()
    open_panel(second, "Room")
    expect(second.get_by_label("Message to the room")).to_be_visible()
    say(
        second,
        "room",
        "We can put the twelve pallets on a night courier, there by 7 am. Does that work?",
    )
    for page, name in ((customer, "customer"), (coach, "coach"), (first, "responder")):
        open_panel(page, "Room")
        screenshot(page, f"round{number}-{name}-live{phone_suffix(page, pages)}")
    return problems + everyone_checked(console, pages, f"round {number} live")


def phone_suffix(page: Page, pages: dict[str, Page]) -> str:
    return "-phone" if page in [pages[name] for name in PHONES] else ""


def debrief(console: Page, pages: dict[str, Page], seats: Seats, number: int) -> list[str]:
    advance(console, "End live: debrief")
    customer, coach, first = seats.customer, seats.coach, seats.responders[0]
    open_panel(customer, "Debrief")
    customer.get_by_role("button", name="Send my rating").click()
    expect(first.locator(".debrief__rating")).to_contain_text("Would stay")
    open_panel(coach, "Debrief")
    for technique in ("Acknowledge", "Present a resolution", "Check back"):
        coach.locator("fieldset", has_text=technique).get_by_label("attempted").check()
    coach.get_by_role("button", name="Save ratings").click()
    coach.get_by_label("Keep doing").fill("You apologised at once.")
    coach.get_by_label("Do differently").fill("Give her a time for the call back.")
    coach.get_by_role("button", name="Give feedback").click()
    if number == 2:
        coach.get_by_role("button", name=re.compile("^Kept")).first.click()
    open_panel(first, "Debrief")
    first.get_by_label("Your reflection").fill("I waited too long to speak.")
    first.get_by_role("button", name="Share").click()
    moments = customer.locator(".moments")
    expect(moments).to_contain_text("Acknowledge")
    expect(moments).to_contain_text(f"Named the fair (round {number}).")
    expect(moments).to_contain_text("That is on us")
    expect(customer.locator(".debrief__feedback")).to_contain_text("Give her a time")
    screenshot(customer, f"round{number}-debrief")
    return everyone_checked(console, pages, f"round {number} debrief")


def agreement(console: Page, pages: dict[str, Page], seats: Seats, number: int) -> list[str]:
    advance(console, "Go to agreement")
    change = f"Next time we give a time in the first minute (round {number})."
    first = seats.responders[0]
    open_panel(first, "Agreement")
    first.get_by_label("Next time we…").fill(change)
    first.get_by_role("button", name="Propose").click()
    for page in seats.responders:
        open_panel(page, "Agreement")
        page.get_by_role("button", name=re.compile("^Accept")).click()
    expect(seats.customer.locator(".agreement")).to_contain_text("Agreed")
    screenshot(seats.coach, f"round{number}-agreement")
    return everyone_checked(console, pages, f"round {number} agreement")


def test_five_players_and_a_facilitator_rehearse_two_rounds_and_every_screen_holds(
    facilitator_page, new_page
):
    console = facilitator_page
    code = create_game(console, rounds=2)
    pages = {
        name: new_page(width=375, height=740)
        if name in PHONES
        else new_page(width=1280, height=900)
        for name in PLAYERS
    }
    for name, page in pages.items():
        join(page, code, name)
    expect(console.locator(".participants")).to_contain_text("Eve")
    problems = everyone_checked(console, pages, "lobby")
    screenshot(console, "facilitator-console-lobby")
    screenshot(pages["Ann"], "lobby-phone")

    for number in (1, 2):
        advance(console, "Start round 1" if number == 1 else "Next round")
        seats = seats_in(pages, number)
        if number == 2:
            for page in pages.values():
                open_panel(page, "Brief")
                expect(page.locator(".agreed-changes")).to_contain_text("(round 1)")
            screenshot(pages["Ann"], "round2-briefing-phone")
        problems += briefing(console, pages, seats, number)
        problems += live(console, pages, seats, number)
        problems += debrief(console, pages, seats, number)
        problems += agreement(console, pages, seats, number)

    screenshot(console, "facilitator-round-summary")
    advance(console, "Finish the game")
    for page in pages.values():
        open_panel(page, "Summary")
        expect(page.get_by_role("heading", name=re.compile("last round"))).to_be_visible()
        expect(page.locator(".summary__rounds li")).to_have_text(
            [re.compile("^Round 1: time to calm"), re.compile("^Round 2: time to calm")]
        )
    screenshot(pages["Ann"], "finished-summary-phone")
    problems += everyone_checked(console, pages, "finished")

    assert problems == [], "\n".join(problems)
