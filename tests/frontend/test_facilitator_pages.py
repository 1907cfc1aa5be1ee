"""The facilitator's housekeeping in the browser: removing a player with a ban, deleting a game,
the console on a phone, the report while a round is under way."""

import re

import pytest
from playwright.sync_api import expect

from tests.frontend.checks import horizontal_overflow
from tests.frontend.pages import create_game, join, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.daphne]


def test_a_player_removed_with_a_ban_is_shut_out_and_cannot_join_again(facilitator_page, new_page):
    code = create_game(facilitator_page, rounds=1)
    phone = new_page(width=375, height=740)
    join(phone, code, "Mallory")

    row = facilitator_page.locator(".participants li", has_text="Mallory")
    row.get_by_role("button", name=re.compile("^Remove…")).click()
    row.get_by_role("button", name=re.compile("^Remove and ban")).click()

    expect(facilitator_page.locator(".participants")).not_to_contain_text("Mallory")
    expect(phone.get_by_text("This game is no longer open to you.")).to_be_visible()
    phone.goto(f"/join/{code}")
    phone.get_by_label("Your name").fill("Mallory")
    phone.get_by_role("button", name="Join").click()
    expect(phone.get_by_role("alert")).to_contain_text(re.compile("removed|ban", re.I))


def test_a_facilitator_deletes_a_game_from_their_list(facilitator_page):
    code = create_game(facilitator_page, rounds=1)
    facilitator_page.goto("/facilitate/")
    entry = facilitator_page.locator(".game-list li", has_text=code)

    entry.get_by_role("button", name=re.compile("^Delete…")).click()
    entry.get_by_role("button", name=re.compile(f"^Delete {code}")).click()

    expect(facilitator_page.locator(".game-list")).not_to_contain_text(code)
    facilitator_page.goto(f"/facilitate/{code}")
    expect(facilitator_page.get_by_role("status")).to_contain_text("no longer open to you")


def test_on_a_phone_a_long_rotation_plan_scrolls_inside_its_box_not_the_page(
    facilitator_page, new_page
):
    code = create_game(facilitator_page, rounds=4)
    for name in ("Ann", "Bob", "Cy", "Di"):
        join(new_page(width=375, height=740), code, name)
    console = facilitator_page
    expect(console.locator(".rotation")).to_contain_text("Round 4")
    console.set_viewport_size({"width": 375, "height": 740})

    expect(console.get_by_text("Swipe sideways for later rounds")).to_be_visible()
    assert horizontal_overflow(console) == []
    screenshot(console, "console-rotation-phone")


def test_the_report_tells_a_round_under_way_from_a_round_played(facilitator_page, new_page):
    code = create_game(facilitator_page, rounds=3)
    for name in ("Ann", "Bob", "Cy"):
        join(new_page(width=375, height=740), code, name)
    expect(facilitator_page.locator(".participants")).to_contain_text("Cy")
    facilitator_page.get_by_role("button", name="Start round 1").click()
    facilitator_page.get_by_role("button", name="Start live").click()

    facilitator_page.goto(f"/facilitate/{code}/compare")

    expect(facilitator_page.locator(".compare__header")).to_contain_text(
        "0 of 3 rounds played, round 1 under way"
    )
    expect(facilitator_page.locator(".figures thead")).to_contain_text("Round 1 (so far)")
